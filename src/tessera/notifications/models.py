"""Follows, preferences, events, the notifications they become and the e-mails that carry them.

An Event is recorded once per deduplication key (a status change, a step about to close); the
fan-out turns it into one Notification per recipient (unique per event and user) and, for
those who want it at once, one Delivery (unique per user and key). A Delivery is one e-mail:
immediate (key `event-<id>`) or a digest (key `daily-<date>`, `weekly-<year>-W<week>`). Those
unique constraints are what make a retried task send nothing twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tessera.accounts.models import EmailFrequency
from tessera.contributions.models import Contribution
from tessera.followup.models import Realisation
from tessera.notifications.families import Family
from tessera.organizations.models import OrganizationOwned
from tessera.processes.models import Process


class Follow(OrganizationOwned):
    """A person follows one process, contribution (a proposal…) or realisation;
    `following=False` keeps an opt-out, so taking part again does not follow it again behind
    their back."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("process"),
    )
    contribution = models.ForeignKey(
        Contribution,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contribution"),
    )
    realisation = models.ForeignKey(
        Realisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("realisation"),
    )
    following = models.BooleanField(_("following"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    process__isnull=False, contribution__isnull=True, realisation__isnull=True
                )
                | models.Q(
                    process__isnull=True, contribution__isnull=False, realisation__isnull=True
                )
                | models.Q(
                    process__isnull=True, contribution__isnull=True, realisation__isnull=False
                ),
                name="follow_one_target",
            ),
            models.UniqueConstraint(
                "user",
                "process",
                condition=models.Q(process__isnull=False),
                name="unique_follow_process",
            ),
            models.UniqueConstraint(
                "user",
                "contribution",
                condition=models.Q(contribution__isnull=False),
                name="unique_follow_contribution",
            ),
            models.UniqueConstraint(
                "user",
                "realisation",
                condition=models.Q(realisation__isnull=False),
                name="unique_follow_realisation",
            ),
        ]
        # The fan-out reads the followers of one target.
        indexes = [
            models.Index(fields=["process", "following"], name="follow_process_idx"),
            models.Index(fields=["contribution", "following"], name="follow_contribution_idx"),
            models.Index(fields=["realisation", "following"], name="follow_realisation_idx"),
        ]

    def __str__(self) -> str:
        target = self.process_id or self.contribution_id or self.realisation_id
        return f"{self.user_id} → {target}"


class Preference(OrganizationOwned):
    """How one person wants the e-mails of one family; no row means their account's choice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    family = models.CharField(_("family"), max_length=20, choices=Family.choices)
    frequency = models.CharField(_("e-mails"), max_length=12, choices=EmailFrequency.choices)

    class Meta:
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")
        constraints = [
            models.UniqueConstraint("user", "family", name="unique_preference_family"),
        ]

    def __str__(self) -> str:
        return f"{self.family}: {self.frequency}"


class Event(OrganizationOwned):
    """Something happened that people are told of, recorded once per key."""

    kind = models.CharField(_("kind"), max_length=40)
    family = models.CharField(_("family"), max_length=20, choices=Family.choices)
    key = models.CharField(_("deduplication key"), max_length=200)
    # A snapshot of what to say (titles, status, answer, the page's path): see families.py.
    payload = models.JSONField(_("payload"), default=dict)
    # Who is told: a recipients.Audience, resolved by the fan-out task.
    audience = models.JSONField(_("audience"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    fanned_out_at = models.DateTimeField(_("fanned out at"), null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint("organization", "key", name="unique_event_key"),
        ]

    def __str__(self) -> str:
        return self.key


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent (nothing left to send)")


class Delivery(OrganizationOwned):
    """One e-mail to one person: a notification at once, or a digest of several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("key"), max_length=60)
    frequency = models.CharField(_("kind"), max_length=12, choices=EmailFrequency.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # When a worker claimed it for sending: a claim left standing (the worker died) is shown
    # to staff as interrupted instead of being sent again blindly.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint("user", "key", name="unique_delivery_key"),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="delivery_status_idx")]

    def __str__(self) -> str:
        return f"{self.key} → {self.user_id}"


class Notification(OrganizationOwned):
    """What one person is told of one event: a line in their notification centre."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    # The person's choice for this family when the event happened.
    email = models.CharField(_("e-mail"), max_length=12, choices=EmailFrequency.choices)
    delivery = models.ForeignKey(
        Delivery,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("e-mail delivery"),
    )
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint("event", "user", name="unique_notification"),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_idx"),
            models.Index(
                fields=["user"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
            # The digests gather what is still waiting for one.
            models.Index(
                fields=["email", "user"],
                condition=models.Q(delivery__isnull=True, email__in=["daily", "weekly"]),
                name="notification_digest_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.user_id}"
