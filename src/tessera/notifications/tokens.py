"""Signed unsubscribe tokens: the link in an e-mail authenticates its recipient, nothing else.

A token names a user and a family ("*" for every family, the link of a digest). It never
expires: RFC 8058 asks that the link keep working, and all it can do is stop e-mails.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

SALT = "tessera.notifications.unsubscribe"
ALL_FAMILIES = "*"


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    family: str


def unsubscribe_token(*, user_id: int, family: str) -> str:
    return signing.dumps({"u": user_id, "f": family}, salt=SALT, compress=True)


def unsubscribe_read(token: str) -> Unsubscribe | None:
    """The request a token carries, or None when it was not signed by this site."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return Unsubscribe(user_id=data["u"], family=str(data.get("f", "")))
