"""Demo analysis for the demo command: reasons, assignments, analyses, a few decisions.

Idempotent: every row is looked up by its natural key before it is created. Proposals under
analysis get an assignment (some overdue, some with a draft or a submitted analysis); decided
ones get submitted analyses and their decision, mirroring the status the proposals demo gave.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tessera.accounts.models import Role, Service, User
from tessera.analysis.models import (
    Analysis,
    Assignment,
    Decision,
    Eligibility,
    IneligibilityReason,
    InternalComment,
)
from tessera.processes.models import Process
from tessera.proposals.models import Proposal
from tessera.proposals.statuses import ProposalStatus

REASONS = [
    "Hors des compétences de la ville",
    "Coût supérieur à l’enveloppe",
    "Dépense de fonctionnement, pas d’investissement",
    "Déjà prévu par la ville",
]
# Which service studies which theme (the demo's service and theme names).
SERVICE_BY_THEME = {
    "Nature en ville": "Espaces verts",
    "Transition écologique": "Espaces verts",
    "Culture et patrimoine": "Culture",
    "Sport et loisirs": "Sports",
    "Éducation et jeunesse": "Éducation",
}
DEFAULT_SERVICE = "Voirie et espaces publics"


def load_demo_analysis(*, process: Process) -> int:
    """Analyse the demo proposals of `process`; returns the number of assignments created."""
    reasons = [
        IneligibilityReason.objects.get_or_create(
            process=process,
            label=label,
            defaults={"organization_id": process.organization_id, "position": position},
        )[0]
        for position, label in enumerate(REASONS)
    ]
    services = {service.name: service for service in Service.objects.all()}
    manager = User.objects.filter(role=Role.MANAGER).order_by("pk").first()
    today = timezone.localdate()
    created = 0
    proposals = (
        Proposal.objects.filter(step__process=process)
        .exclude(status=ProposalStatus.PUBLISHED)
        .select_related("theme")
        .order_by("pk")
    )
    for index, proposal in enumerate(proposals):
        theme = proposal.theme.name if proposal.theme else ""
        service = services.get(SERVICE_BY_THEME.get(theme, DEFAULT_SERVICE))
        if service is None:
            continue
        assignment, is_new = Assignment.objects.get_or_create(
            proposal=proposal,
            service=service,
            defaults={
                "organization_id": proposal.organization_id,
                "analyst": service.members.order_by("pk").first(),
                # Every fourth one is overdue, so the table shows what stands out.
                "due_date": today + timedelta(days=-3 if index % 4 == 0 else 7 + index % 10),
                "assigned_by": manager,
            },
        )
        created += is_new
        if proposal.status == ProposalStatus.UNDER_ANALYSIS:
            if index % 4 == 1:
                _analysis(assignment, Eligibility.UNDECIDED, None, submitted=False)
            elif index % 4 == 2:
                _analysis(assignment, Eligibility.ELIGIBLE, None, submitted=True)
            if index % 5 == 0 and manager is not None:
                InternalComment.objects.get_or_create(
                    proposal=proposal,
                    body="Emplacement à vérifier sur place avec le service.",
                    defaults={"organization_id": proposal.organization_id, "author": manager},
                )
            continue
        if proposal.status in (ProposalStatus.ELIGIBLE, ProposalStatus.INELIGIBLE):
            eligible = proposal.status == ProposalStatus.ELIGIBLE
            _analysis(
                assignment,
                Eligibility.ELIGIBLE if eligible else Eligibility.INELIGIBLE,
                None if eligible else reasons[index % len(reasons)],
                submitted=True,
            )
            Decision.objects.get_or_create(
                proposal=proposal,
                defaults={
                    "organization_id": proposal.organization_id,
                    "outcome": proposal.status,
                    "public_answer": proposal.official_answer,
                    "decided_by": manager,
                    "status_change": proposal.status_changes.order_by("-created_at", "-pk").first(),
                },
            )
    return created


def _analysis(
    assignment: Assignment,
    eligibility: str,
    reason: IneligibilityReason | None,
    *,
    submitted: bool,
) -> None:
    cost = assignment.proposal.estimated_cost
    Analysis.objects.get_or_create(
        assignment=assignment,
        defaults={
            "organization_id": assignment.organization_id,
            "eligibility": eligibility,
            "ineligibility_reason": reason,
            "feasibility_notes": "Techniquement faisable ; à coordonner avec les travaux prévus.",
            "estimated_cost": int(cost * 1.2) if cost else None,
            "recommendation": "Retenir pour le vote." if eligibility == "eligible" else "",
            "submitted_at": timezone.now() if submitted else None,
            "submitted_by": assignment.analyst if submitted else None,
            "updated_by": assignment.analyst,
        },
    )
