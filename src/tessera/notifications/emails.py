"""The e-mail of one delivery: in its recipient's language, text and HTML, in the site's colours,
with a one-click unsubscribe link (RFC 8058) that needs no log-in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import formataddr, parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from tessera.accounts.models import EmailFrequency, User
from tessera.branding.selectors import site_settings_for
from tessera.notifications import families, tokens
from tessera.notifications.models import Delivery, Notification


@dataclass(frozen=True)
class Item:
    """One notification as an e-mail tells it."""

    kind: str
    headline: str
    payload: dict[str, Any]
    url: str
    # The date an event speaks of (a vote's end), shown in the reader's language.
    when: datetime | None = None


@dataclass(frozen=True)
class Group:
    label: str
    items: list[Item]


def _item(notification: Notification, site: str) -> Item:
    event = notification.event
    return Item(
        kind=event.kind,
        headline=families.headline(event.kind, event.payload),
        payload=event.payload,
        url=f"{site}{event.payload.get('path', '/')}",
        when=datetime.fromisoformat(event.payload["ends_at"])
        if "ends_at" in event.payload
        else None,
    )


def grouped(notifications: list[Notification], site: str) -> list[Group]:
    """The items of a digest by family, in the families' order, oldest first in each."""
    by_family: dict[str, list[Item]] = {}
    for notification in sorted(notifications, key=lambda n: (n.created_at, n.pk)):
        by_family.setdefault(notification.event.family, []).append(_item(notification, site))
    return [
        Group(label=str(family.label), items=by_family[family.value])
        for family in families.Family
        if family.value in by_family
    ]


def _subject(delivery: Delivery, items: list[Item], site_name: str) -> str:
    if delivery.frequency == EmailFrequency.IMMEDIATELY and len(items) == 1:
        return items[0].headline
    if delivery.frequency == EmailFrequency.WEEKLY:
        text = ngettext(
            "%(site)s: your weekly digest, %(count)d news",
            "%(site)s: your weekly digest, %(count)d news items",
            len(items),
        )
    else:
        text = ngettext(
            "%(site)s: your daily digest, %(count)d news",
            "%(site)s: your daily digest, %(count)d news items",
            len(items),
        )
    return text % {"site": site_name, "count": len(items)}


def delivery_message(
    delivery: Delivery, notifications: list[Notification]
) -> EmailMultiAlternatives:
    """The message for this delivery (its notifications already read with their events)."""
    user: User = delivery.user
    organization = user.organization
    site = organization.site_url
    branding = site_settings_for(organization)
    # A digest gathers several families: its link stops them all.
    family = (
        notifications[0].event.family
        if delivery.frequency == EmailFrequency.IMMEDIATELY
        else tokens.ALL_FAMILIES
    )
    token = tokens.unsubscribe_token(user_id=user.pk, family=family)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        groups = grouped(notifications, site)
        items = [item for group in groups for item in group.items]
        context = {
            "user": user,
            "branding": branding,
            "site": site,
            "groups": groups,
            "is_digest": delivery.frequency != EmailFrequency.IMMEDIATELY,
            "unsubscribe_url": site + reverse("notifications:unsubscribe", args=[token]),
            "preferences_url": site + reverse("notifications:preferences"),
            "family_label": (
                str(families.Family(family).label) if family != tokens.ALL_FAMILIES else ""
            ),
        }
        subject = _subject(delivery, items, branding.site_name)
        text = render_to_string("notifications/email/message.txt", context)
        html = render_to_string("notifications/email/message.html", context)
        language = translation.get_language()
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    message = EmailMultiAlternatives(
        # A header is one line; the no-break spaces of French typography stay.
        subject=" ".join(subject.splitlines()),
        body=text,
        from_email=formataddr((branding.site_name, address)),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": language,
            # Tells mail servers this is an automatic message: no vacation replies.
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
