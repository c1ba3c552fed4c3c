"""The row every participative object owns, and what hangs on it (see docs/architecture.md).

A proposal, a comment (and tomorrow an opinion, an argument, a question…) owns one
`Contribution` through a one-to-one key. The contribution carries what every kind shares:
organisation, step, kind, author, dates, its state (published, hidden by the moderation with a
public reason, withdrawn) and its counters, which contributions.services keeps right.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessera.organizations.models import OrganizationOwned
from tessera.processes.models import Step


class ContributionState(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden by moderation")
    WITHDRAWN = "withdrawn", _("Withdrawn by its author")


class Contribution(OrganizationOwned):
    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("step")
    )
    # A registered kind's identifier (contributions.kinds): "proposal", "comment", …
    kind = models.CharField(_("kind"), max_length=40)
    # NULL once the author deleted their account: the contribution stays, anonymous.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"))
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ContributionState.choices,
        default=ContributionState.PUBLISHED,
    )
    # Kept while hidden: showing it again returns it to withdrawn, not published.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    hidden_reason = models.CharField(_("public reason for hiding"), max_length=300, blank=True)
    hidden_automatically = models.BooleanField(
        _("hidden after reports, awaiting review"), default=False
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    # Reactions by value (support, agree or for / mixed / disagree or against) and comments.
    positive_count = models.PositiveIntegerField(_("positive reactions"), default=0)
    mixed_count = models.PositiveIntegerField(_("mixed reactions"), default=0)
    negative_count = models.PositiveIntegerField(_("negative reactions"), default=0)
    comments_count = models.PositiveIntegerField(_("comments"), default=0)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["step", "kind", "state"], name="contribution_step_kind_idx"),
            models.Index(fields=["author", "kind"], name="contribution_author_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    @property
    def is_hidden(self) -> bool:
        return self.state == ContributionState.HIDDEN

    @property
    def owner(self) -> Any:
        """The tool's object (a Proposal, a Comment…) that owns this row."""
        from tessera.contributions import kinds

        return getattr(self, kinds.get(self.kind).related_name)

    def get_absolute_url(self) -> str:
        return str(self.owner.get_absolute_url())


class ContributionOwner:
    """What a tool's model (Proposal, Comment…) reads from the contribution it owns.

    A plain mixin, not a model: the tool's model keeps its own one-to-one `contribution`
    field; select the contribution with it (no query per object).
    """

    contribution: Contribution

    @property
    def hidden(self) -> bool:
        return self.contribution.state == ContributionState.HIDDEN

    @property
    def hidden_reason(self) -> str:
        return self.contribution.hidden_reason

    @property
    def hidden_automatically(self) -> bool:
        return self.contribution.hidden_automatically

    @property
    def answer(self) -> Answer | None:
        """The official answer, if any (select `contribution__answer` to read it without a
        query)."""
        try:
            return self.contribution.answer
        except Answer.DoesNotExist:
            return None


class ReactionValue(models.TextChoices):
    # Labels depend on the kind's scheme (contributions.reactions); these name the values.
    POSITIVE = "positive", _("Positive")
    MIXED = "mixed", _("Mixed")
    NEGATIVE = "negative", _("Negative")


class Reaction(OrganizationOwned):
    """One person's reaction to one contribution (a support, an agreement, a vote for…)."""

    contribution = models.ForeignKey(
        Contribution,
        on_delete=models.CASCADE,
        related_name="reactions",
        verbose_name=_("contribution"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reactions",
        verbose_name=_("user"),
    )
    value = models.CharField(_("value"), max_length=8, choices=ReactionValue.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint("contribution", "user", name="one_reaction_per_user"),
        ]
        indexes = [models.Index(fields=["user", "contribution"], name="reaction_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.value} → {self.contribution_id}"


class Ban(OrganizationOwned):
    """A participant may not contribute (write, react, report) until `ends_at` (None: no end).

    The reason is shown to the banned person, so they know why and until when.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="bans",
        verbose_name=_("participant"),
    )
    reason = models.CharField(_("reason, shown to the participant"), max_length=300)
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("banned by"),
    )
    created_at = models.DateTimeField(_("banned at"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ban")
        verbose_name_plural = _("bans")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "lifted_at"], name="ban_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.ends_at or '∞'}"


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Insulting, hateful or discriminatory")
    PERSONAL = "personal", _("Personal data of someone")
    OFF_TOPIC = "off_topic", _("Off topic or duplicate")
    OTHER = "other", _("Other")


class Report(OrganizationOwned):
    """A resident reports a contribution to the moderators (one report per person and item).

    Open until a moderator reviews the contribution (hides it, shows it again or dismisses the
    reports): `resolved_at` and `resolved_by` say when and who.
    """

    contribution = models.ForeignKey(
        Contribution,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("contribution"),
    )
    # NULL once the reporter deleted their account: the report still counts.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=12, choices=ReportReason.choices)
    message = models.TextField(_("message"), blank=True, max_length=2000)
    # A default, not auto_now_add: the data migrations keep the reports' own dates.
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                "contribution", "reporter", name="one_report_per_person_and_contribution"
            ),
        ]
        indexes = [
            # The moderation queue reads only open reports, whatever the number of closed ones.
            models.Index(
                fields=["contribution"],
                condition=models.Q(resolved_at__isnull=True),
                name="report_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · {self.contribution_id}"


DEFAULT_REPORTS_THRESHOLD = 3


class ModerationSettings(OrganizationOwned):
    """How the organisation moderates; no row means the defaults."""

    reports_threshold = models.PositiveSmallIntegerField(
        _("reports before hiding"),
        default=DEFAULT_REPORTS_THRESHOLD,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Content reported by this many different people is hidden until a moderator reviews it."
        ),
    )

    class Meta:
        verbose_name = _("moderation settings")
        verbose_name_plural = _("moderation settings")
        constraints = [
            models.UniqueConstraint(
                "organization", name="one_moderation_settings_per_organization"
            ),
        ]

    def __str__(self) -> str:
        return str(self.reports_threshold)


class AnswerState(models.TextChoices):
    """What the official answer says of the contribution, whatever its kind."""

    ANSWERED = "answered", _("Answered")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not retained")


class Answer(OrganizationOwned):
    """The organisation's official answer to a contribution, shown on its page.

    One per contribution: a new answer replaces the text (the tool keeps its own history,
    as proposals do in their status changes).
    """

    contribution = models.OneToOneField(
        Contribution,
        on_delete=models.CASCADE,
        related_name="answer",
        verbose_name=_("contribution"),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=AnswerState.choices, default=AnswerState.ANSWERED
    )
    text = models.TextField(_("answer"))
    service = models.ForeignKey(
        "accounts.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("answering service"),
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("official answer")
        verbose_name_plural = _("official answers")

    def __str__(self) -> str:
        return f"{self.get_state_display()} → {self.contribution_id}"
