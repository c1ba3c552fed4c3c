"""The analysis of proposals by the city's services (the back office's instruction).

A proposal is assigned to one or more services (`Assignment`, optionally to one analyst of the
service, with a due date); each assigned service fills its own `Analysis`. Staff discuss it in
`InternalComment`s, never shown publicly. A supervisor may ask the author to revise the proposal
(`RevisionRequest`); a process manager takes the final `Decision`, which moves the proposal's
status through proposals.services.proposal_status_change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tessera.accounts.models import Service
from tessera.organizations.models import OrganizationOwned
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal, ProposalStatusChange


class Eligibility(models.TextChoices):
    UNDECIDED = "undecided", _("Undecided")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Ineligible")


class Outcome(models.TextChoices):
    """The final decision: the proposal's next status (the same words as ProposalStatus)."""

    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Ineligible")


class IneligibilityReason(OrganizationOwned):
    """One reason of the list a process defines (e.g. "Outside the city's competence")."""

    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        related_name="ineligibility_reasons",
        verbose_name=_("process"),
    )
    label = models.CharField(_("label"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("ineligibility reason")
        verbose_name_plural = _("ineligibility reasons")
        ordering = ["position", "label"]
        constraints = [
            models.UniqueConstraint("process", "label", name="unique_ineligibility_reason"),
        ]

    def __str__(self) -> str:
        return self.label


class AnalysisSettings(OrganizationOwned):
    """How one analysis step runs: the date by which services hand in their analyses."""

    step = models.OneToOneField(
        Step, on_delete=models.CASCADE, related_name="analysis_settings", verbose_name=_("step")
    )
    due_date = models.DateField(
        _("analyses due on"),
        null=True,
        blank=True,
        help_text=_("The due date of each new assignment, unless another one is given."),
    )

    class Meta:
        verbose_name = _("analysis settings")
        verbose_name_plural = _("analysis settings")

    def __str__(self) -> str:
        return str(self.step)


class Assignment(OrganizationOwned):
    """A proposal given to a service to analyse, optionally to one of its analysts."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("proposal")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("service")
    )
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="analysis_assignments",
        verbose_name=_("analyst"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["service__name", "pk"]
        constraints = [
            models.UniqueConstraint("proposal", "service", name="one_assignment_per_service"),
        ]
        indexes = [models.Index(fields=["service", "due_date"])]

    def __str__(self) -> str:
        return f"{self.proposal_id} → {self.service_id}"


class Analysis(OrganizationOwned):
    """What one assigned service concludes about one proposal (one per assignment)."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="analysis", verbose_name=_("assignment")
    )
    eligibility = models.CharField(
        _("eligibility"), max_length=12, choices=Eligibility.choices, default=Eligibility.UNDECIDED
    )
    ineligibility_reason = models.ForeignKey(
        IneligibilityReason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="analyses",
        verbose_name=_("reason for ineligibility"),
    )
    ineligibility_details = models.TextField(
        _("details of the ineligibility"), blank=True, max_length=5000
    )
    feasibility_notes = models.TextField(_("feasibility notes"), blank=True, max_length=10_000)
    estimated_cost = models.PositiveIntegerField(
        _("cost estimated by the service (€)"), null=True, blank=True
    )
    recommendation = models.TextField(_("recommendation"), blank=True, max_length=5000)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last edited by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("analysis")
        verbose_name_plural = _("analyses")
        constraints = [
            # A reason only for an ineligible proposal.
            models.CheckConstraint(
                condition=models.Q(ineligibility_reason__isnull=True)
                | models.Q(eligibility="ineligible"),
                name="analysis_reason_only_if_ineligible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.eligibility}"


class InternalComment(OrganizationOwned):
    """A note between staff about a proposal: never shown on the public site."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="internal_comments",
        verbose_name=_("proposal"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("internal comment")
        verbose_name_plural = _("internal comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class RevisionRequest(OrganizationOwned):
    """The author is asked to revise the proposal, and may edit it until the deadline."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="revision_requests",
        verbose_name=_("proposal"),
    )
    reason = models.TextField(_("what to revise"), max_length=5000)
    deadline = models.DateTimeField(_("deadline"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("revision request")
        verbose_name_plural = _("revision requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.proposal_id} · {self.deadline:%Y-%m-%d}"


class Decision(OrganizationOwned):
    """The final decision on a proposal's eligibility (the latest one; the status history keeps
    every earlier one)."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.CASCADE, related_name="decision", verbose_name=_("proposal")
    )
    outcome = models.CharField(_("decision"), max_length=12, choices=Outcome.choices)
    public_answer = models.TextField(_("public answer"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)
    status_change = models.ForeignKey(
        ProposalStatusChange,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status change"),
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [models.Index(fields=["outcome"])]

    def __str__(self) -> str:
        return f"{self.proposal_id} · {self.outcome}"
