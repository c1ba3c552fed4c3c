"""The back office's home (/manage/): a dashboard for the user's role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tessera.accounts.requests import require
from tessera.manage.dashboard import attention_for, oldest_figures, processes_in_progress
from tessera.manage.navigation import tools_for


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    require(request, "manage.view_dashboard")
    now = timezone.now()
    in_progress = processes_in_progress(request.organization.pk, now)  # type: ignore[attr-defined]
    return render(
        request,
        "manage/dashboard.html",
        {
            "in_progress": in_progress,
            "stored": oldest_figures(in_progress),
            "attention": attention_for(request.user, now),
            "section": "dashboard",
            "tools": [tool for tool in tools_for(request.user) if tool.key != "dashboard"],
        },
    )
