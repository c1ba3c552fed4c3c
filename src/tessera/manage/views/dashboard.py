"""The back office's home (/manage/): a dashboard for the user's role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tessera.accounts.requests import require
from tessera.manage.dashboard import attention_for, processes_in_progress
from tessera.manage.navigation import tools_for


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    require(request, "manage.view_dashboard")
    now = timezone.now()
    return render(
        request,
        "manage/dashboard.html",
        {
            "in_progress": processes_in_progress(now),
            "attention": attention_for(request.user, now),
            "section": "dashboard",
            "tools": [tool for tool in tools_for(request.user) if tool.key != "dashboard"],
        },
    )
