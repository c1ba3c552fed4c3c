"""News (actualités): posts by the organisation, on one process or on the whole site."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessera.news import rules
from tessera.organizations.models import OrganizationOwned
from tessera.processes.models import Process


def image_upload_to(instance: Post, filename: str) -> str:
    # Under the organisation's own prefix; the name says nothing of the original file.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"{instance.organization.slug}/news/{uuid.uuid4().hex}.{extension}"


class Post(OrganizationOwned):
    """A piece of news. Its state (draft, scheduled, published) follows from `is_published`
    and `publish_at` (rules.post_state): a scheduled post appears by itself, no task
    has to flip it."""

    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="news_posts",
        verbose_name=_("process"),
        help_text=_("Empty: news of the whole site."),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown: **bold**, *italics*, lists, links."))
    # Rendered and sanitised once, when saved (core.richtext).
    body_html = models.TextField(editable=False, blank=True)
    image = models.ImageField(_("image"), upload_to=image_upload_to, blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    publish_at = models.DateTimeField(_("publication date"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        ordering = ["-publish_at", "-pk"]
        indexes = [
            models.Index(fields=["organization", "is_published", "-publish_at"]),
            models.Index(fields=["process", "is_published", "-publish_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", args=[self.pk])

    def state(self, now: datetime | None = None) -> rules.PostState:
        return rules.post_state(
            is_published=self.is_published, publish_at=self.publish_at, now=now or timezone.now()
        )
