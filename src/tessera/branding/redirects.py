"""Pure decisions about redirects: which paths and destinations are acceptable, loops.

No database here: the service gives the organisation's current redirects as a mapping.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from urllib.parse import unquote, urlsplit

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Browsers drop tabs and new lines inside a URL and trim control characters and spaces around
# it: "java\tscript:" is "javascript:" to them, so the check runs on what they would read.
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")
SAFE_SCHEMES = {"http", "https"}
MAX_CHAIN = 20


def normalize_path(path: str) -> str:
    """The form a path is stored and looked up in: one leading slash, no query, no fragment.

    The trailing slash is kept as typed ("/bus" and "/bus/" are different addresses), and
    percent-escapes are decoded, as request.path has them.
    """
    path = urlsplit(path.strip()).path
    return "/" + unquote(path).lstrip("/")


def path_problem(path: str) -> str | Promise | None:
    """Why `path` cannot be a short URL, or None."""
    stripped = path.strip()
    if not stripped.startswith("/") or stripped.startswith("//"):
        return _("A path starts with a single slash, e.g. /nouveaux-bus.")
    if "?" in stripped or "#" in stripped:
        return _("A path has no “?” or “#” part.")
    if _IGNORED_BY_BROWSERS.search(stripped):
        return _("A path has no spaces or control characters.")
    return None


def target_problem(target: str) -> str | Promise | None:
    """Why `target` is not a destination we send visitors to, or None.

    A page of the site ("/processes/") or an http(s) address; anything else, javascript: and
    data: first, is refused.
    """
    seen_by_browser = _IGNORED_BY_BROWSERS.sub("", target)
    if not seen_by_browser:
        return _("Enter a destination.")
    if seen_by_browser.startswith(("//", "\\", "/\\")):
        return _("Write the full address, starting with https://.")
    if seen_by_browser.startswith("/"):
        return None
    scheme = urlsplit(seen_by_browser).scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return _("Only a page of this site (/…) or an http:// or https:// address can be a "
                 "destination.")  # fmt: skip
    if not urlsplit(seen_by_browser).netloc:
        return _("This address has no host name.")
    return None


def internal_path(target: str, own_hosts: Collection[str]) -> str | None:
    """The path on this site `target` leads to, or None when it leaves the site."""
    parts = urlsplit(target.strip())
    if not parts.scheme and not parts.netloc:
        return normalize_path(parts.path)
    if (parts.hostname or "").lower() in own_hosts:
        return normalize_path(parts.path or "/")
    return None


def creates_loop(
    path: str, target: str, existing: Mapping[str, str], own_hosts: Collection[str]
) -> bool:
    """Whether following `target` through the existing redirects comes back to `path`."""
    path = normalize_path(path)
    current = internal_path(target, own_hosts)
    for _step in range(MAX_CHAIN):
        if current is None:
            return False
        if current == path:
            return True
        following = existing.get(current)
        if following is None:
            return False
        current = internal_path(following, own_hosts)
    return True  # a chain this long is as good as a loop for a visitor
