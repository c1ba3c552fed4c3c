"""The home page section processes can show (the processes open now and those coming soon)
and the processes a menu link may lead to.

Registered with branding's section registry (branding sits below processes and cannot list
them itself; see docs/decisions/0004-white-label.md).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from tessera.branding.home import register_section
from tessera.branding.menus import register_menu_targets
from tessera.branding.models import HomeSection, SectionKind
from tessera.organizations.models import Organization
from tessera.processes import timeline
from tessera.processes.models import Process
from tessera.processes.selectors import for_cards, processes_listed_for, with_status

HOME_CARDS = 6


def current_processes(request: HttpRequest, section: HomeSection) -> str:
    now = timezone.now()
    listed = processes_listed_for(request.user)
    current = for_cards(with_status(listed, timeline.ProcessStatus.OPEN, now).order_by("ends_at"))
    upcoming = for_cards(
        with_status(listed, timeline.ProcessStatus.UPCOMING, now).order_by("starts_at")
    )
    return render_to_string(
        "processes/_home_processes.html",
        {
            "section": section,
            "current": current[:HOME_CARDS],
            "upcoming": upcoming[:HOME_CARDS],
            "now": now,
        },
        request=request,
    )


def register() -> None:
    register_section(SectionKind.PROCESSES, current_processes)
    register_menu_targets(menu_targets)


def menu_targets(organization: Organization) -> list[tuple[str, str]]:
    """The processes a menu link may lead to: the published ones, newest first."""
    processes = Process.objects.filter(
        organization=organization, is_published=True, archived_at__isnull=True
    ).order_by("-starts_at", "title")
    return [(process.title, process.get_absolute_url()) for process in processes]
