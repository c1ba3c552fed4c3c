"""The process page's "news" section: the latest posts of that process (processes' hook)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from tessera.news.selectors import latest_of_process
from tessera.processes import hooks
from tessera.processes.models import Process

LATEST = 3


def process_news(request: HttpRequest, process: Process) -> str:
    posts = latest_of_process(process, timezone.now(), LATEST)
    if not posts:
        return ""
    return render_to_string(
        "news/_process_news.html", {"process": process, "posts": posts}, request=request
    )


def register() -> None:
    hooks.register_detail_section(process_news)
