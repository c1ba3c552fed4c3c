"""Writes on content pages, redirects, the 404 log and newsletter sign-ups."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessera.branding import redirects as redirect_rules
from tessera.branding.models import (
    MAX_PATH,
    ContentPage,
    NewsletterSubscription,
    NotFoundHit,
    Redirect,
)
from tessera.branding.selectors import NOT_FOUND_DAYS
from tessera.branding.services import branding_cache_forget
from tessera.core.richtext import render_markdown
from tessera.organizations.models import Host, Organization


def content_page_save(*, page: ContentPage) -> ContentPage:
    page.body_html = render_markdown(page.body)
    with transaction.atomic():
        page.save()
        branding_cache_forget(page.organization_id, "menu", "pages")
    return page


def content_page_delete(*, page: ContentPage) -> None:
    with transaction.atomic():
        page.delete()
        branding_cache_forget(page.organization_id, "menu", "pages")


# --- Redirects ---------------------------------------------------------------------------------


def _own_hosts(organization: Organization) -> set[str]:
    return set(Host.objects.filter(organization=organization).values_list("name", flat=True))


def redirect_validate(
    *, organization: Organization, path: str, target: str, pk: int | None = None
) -> str:
    """The normalised path, or a ValidationError (per field) saying what is wrong."""
    if problem := redirect_rules.path_problem(path):
        raise ValidationError({"path": problem})
    if problem := redirect_rules.target_problem(target):
        raise ValidationError({"target": problem})
    path = redirect_rules.normalize_path(path)
    if len(path) > MAX_PATH:
        raise ValidationError({"path": _("This path is too long.")})
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    # A fixed page (/processes/) always answers; a path with a slug in it (/processes/old/)
    # may answer 404 and be redirected, since redirects apply to 404s only.
    if match is not None and not match.kwargs:
        raise ValidationError(
            {"path": _("This path is already a page of the site; choose another one.")}
        )
    existing = dict(
        Redirect.objects.filter(organization=organization)
        .exclude(pk=pk)
        .values_list("path", "target")
    )
    if path in existing:
        raise ValidationError({"path": _("A redirect from this path already exists.")})
    if redirect_rules.creates_loop(path, target, existing, _own_hosts(organization)):
        raise ValidationError(
            {"target": _("This destination leads back to the same path: visitors would loop.")}
        )
    return path


def redirect_save(*, redirect: Redirect) -> Redirect:
    """Create or change a redirect after `redirect_validate`; the cache is refreshed."""
    with transaction.atomic():
        redirect.path = redirect_validate(
            organization=redirect.organization,
            path=redirect.path,
            target=redirect.target,
            pk=redirect.pk,
        )
        redirect.target = redirect.target.strip()
        redirect.save()
        branding_cache_forget(redirect.organization_id, "redirects")
    return redirect


def redirect_delete(*, redirect: Redirect) -> None:
    with transaction.atomic():
        redirect.delete()
        branding_cache_forget(redirect.organization_id, "redirects")


def redirect_from_not_found(
    *, organization: Organization, path: str, target: str, is_permanent: bool = True
) -> Redirect:
    """The one action on a row of the 404 list: that path now leads to `target`."""
    return redirect_save(
        redirect=Redirect(
            organization=organization, path=path, target=target, is_permanent=is_permanent
        )
    )


def redirect_hit(*, pk: int) -> None:
    Redirect.objects.filter(pk=pk).update(hits=F("hits") + 1, last_hit_at=timezone.now())


def not_found_record(*, organization: Organization, path: str, referrer: str = "") -> None:
    """Count one 404 of `path` today: one UPDATE, or one INSERT for the day's first."""
    now = timezone.now()
    path, referrer = path[:MAX_PATH], referrer[:500]
    rows = NotFoundHit.objects.filter(
        organization=organization, path=path, day=timezone.localdate(now)
    )
    if rows.update(count=F("count") + 1, last_seen=now, referrer=referrer):
        return
    try:
        with transaction.atomic():
            NotFoundHit.objects.create(
                organization=organization,
                path=path,
                day=timezone.localdate(now),
                count=1,
                last_seen=now,
                referrer=referrer,
            )
    except IntegrityError:  # another request inserted the day's row first
        rows.update(count=F("count") + 1, last_seen=now, referrer=referrer)


def not_found_purge(*, organization: Organization, days: int = NOT_FOUND_DAYS) -> int:
    """Forget the 404s older than the list shows."""
    before = timezone.localdate() - timedelta(days=days)
    deleted, _details = NotFoundHit.objects.filter(
        organization=organization, day__lt=before
    ).delete()
    return deleted


# --- Newsletter --------------------------------------------------------------------------------


def newsletter_subscribe(
    *, organization: Organization, email: str, language: str
) -> NewsletterSubscription:
    """Store the address with the time the visitor gave consent; a second sign-up is a no-op."""
    email = email.strip()
    existing = NewsletterSubscription.objects.filter(
        organization=organization, email__iexact=email
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return NewsletterSubscription.objects.create(
                organization=organization,
                email=email,
                consented_at=timezone.now(),
                language=language,
            )
    except IntegrityError:
        return NewsletterSubscription.objects.get(organization=organization, email__iexact=email)
