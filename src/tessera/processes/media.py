"""Who may read a process's cover (organizations.media asks, per folder)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from tessera.organizations.media import Access
from tessera.processes.models import Process


def access_as_process(request: HttpRequest, process: Process | None) -> Access:
    """A file shown on a process's pages is read by who may see the process: anyone's to
    cache when the process is public, this visitor's only when it is a draft or restricted."""
    if process is None or not request.user.has_perm("processes.view_process", process):
        return Access.DENIED
    return (
        Access.PUBLIC
        if AnonymousUser().has_perm("processes.view_process", process)
        else Access.PRIVATE
    )


def cover_access(request: HttpRequest, name: str) -> Access:
    return access_as_process(request, Process.objects.filter(cover=name).first())
