"""The tools of the back office: one list read by the menu and the dashboard.

A tool is shown to a user when its app's permission says so (the same rules.py predicates
as the tool's own pages), so the menu never offers a page that would answer 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Tool:
    key: str
    label: str | Promise
    description: str | Promise
    url_name: str
    permission: str


@dataclass(frozen=True)
class ToolLink:
    key: str
    label: str | Promise
    description: str | Promise
    url: str


TOOLS = [
    Tool(
        "dashboard",
        _("Dashboard"),
        _("What is running and what needs attention."),
        "manage:dashboard",
        "manage.view_dashboard",
    ),
    Tool(
        "processes",
        _("Processes"),
        _("Create, edit, publish and duplicate processes; their timeline and step settings."),
        "manage:processes",
        "processes.change_process",
    ),
    Tool(
        "taxonomy",
        _("Themes and districts"),
        _("The themes and districts every process uses; the services, for administrators."),
        "manage:taxonomy",
        "organizations.change_theme",
    ),
    Tool(
        "analysis",
        _("Analysis"),
        _("The proposals to analyse, by process: assignments, analyses, decisions."),
        "analysis:index",
        "analysis.view_table",
    ),
    Tool(
        "moderation",
        _("Moderation"),
        _("Reported and hidden contributions."),
        "contributions:moderation",
        "contributions.moderate",
    ),
    Tool(
        "followup",
        _("Follow-up"),
        _("The realisations of the winning projects and their news."),
        "followup:manage",
        "followup.manage",
    ),
    Tool(
        "news",
        _("News"),
        _("Write, schedule and publish news of the site or of a process."),
        "news:manage",
        "news.manage",
    ),
    Tool(
        "stats",
        _("Statistics"),
        _("Participants, contributions and ballots, with their CSV files."),
        "stats:overview",
        "stats.view_stats",
    ),
    Tool(
        "people",
        _("People"),
        _("Participants and staff: contributions, roles and services."),
        "manage:people",
        "manage.view_people",
    ),
    Tool(
        "deliveries",
        _("Failed e-mails"),
        _("E-mails that failed after their retries, to send again."),
        "notifications:failures",
        "notifications.view_delivery",
    ),
    Tool(
        "identity",
        _("Site identity"),
        _("Colours, fonts, logo, home page and content pages."),
        "branding:identity",
        "branding.manage_identity",
    ),
    Tool(
        "home-page",
        _("Home page and menus"),
        _("The home page's sections, the header and footer menus, pages and short URLs."),
        "branding:sections",
        "branding.manage_identity",
    ),
    Tool(
        "django-admin",
        _("Platform administration"),
        _("The platform operator's administration (Django admin)."),
        "admin:index",
        "manage.use_django_admin",
    ),
]


def _url(url_name: str) -> str | None:
    # A tool whose app is not installed (or not merged yet) is simply not offered.
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def tools_for(user: Any) -> list[ToolLink]:
    """The tools this user may open, in menu order."""
    links = []
    for tool in TOOLS:
        if not user.has_perm(tool.permission):
            continue
        url = _url(tool.url_name)
        if url is not None:
            links.append(ToolLink(tool.key, tool.label, tool.description, url))
    return links
