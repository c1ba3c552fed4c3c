"""Who may read an uploaded file: pure path checks and a registry of per-folder rules.

Files live under their organisation's slug (`<slug>/<folder>/<uuid>.<ext>`). The organisation
check is ours; whether a file of a hidden proposal or a restricted process may be read is
decided by the app that owns the folder, registered from its AppConfig.ready() (apps above
cannot be imported from here).
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from django.http import HttpRequest


class Access(enum.Enum):
    PUBLIC = "public"  # anyone may read it: shared caches may keep it
    PRIVATE = "private"  # this user may read it, not everyone: no shared cache
    DENIED = "denied"


MediaRule = Callable[[HttpRequest, str], Access]
_rules: dict[str, MediaRule] = {}


def register(folder: str, rule: MediaRule) -> MediaRule:
    """Decide access to the files under `<slug>/<folder>/` with `rule(request, name)`."""
    _rules[folder.strip("/") + "/"] = rule
    return rule


def clean_name(path: str, organization_slug: str) -> str | None:
    """The storage name `path` designates inside the organisation's prefix, or None.

    `path` is already percent-decoded (so %2e%2e and ..%2f arrive here as .. and ../): any
    empty, "." or ".." segment, backslash or NUL is refused rather than normalised, since a
    normalised "other/../ours/x" would pass a prefix test made before normalising.
    """
    segments = path.split("/")
    if any(s in ("", ".", "..") or "\\" in s or "\x00" in s for s in segments):
        return None
    if len(segments) < 2 or segments[0] != organization_slug:
        return None
    return path


def access(request: HttpRequest, name: str) -> Access:
    """What the registered rule of the file's folder says; files of other folders (the
    identity, covers, news images) are public."""
    folder_path = name.split("/", 1)[1]
    for folder, rule in _rules.items():
        if folder_path.startswith(folder):
            return rule(request, name)
    return Access.PUBLIC
