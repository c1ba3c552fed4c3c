"""Staff record where a resident lives, from a proof of address they saw (votes whose
residence is checked by staff: `ResidenceProof.STAFF`)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tessera.accounts.models import User
from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.voting.models import AuditAction, ResidenceCheck
from tessera.voting.services.common import audit_record


def residence_check_record(
    *, step: Step, resident: User, district: District, checked_by: User
) -> ResidenceCheck:
    """The resident lives in `district`, as `checked_by` saw (the latest check wins), with a
    line in the vote's audit trail. A voter's first ballot keeps the district it was cast
    under (voting.eligibility): a later check changes only their ballots to come."""
    if resident.organization_id != step.organization_id:
        raise ValueError("a resident of another organisation")
    with transaction.atomic():
        check, _created = ResidenceCheck.objects.update_or_create(
            user=resident,
            defaults={
                "organization_id": step.organization_id,
                "district": district,
                "checked_by": checked_by,
                "checked_at": timezone.now(),
            },
        )
        audit_record(
            step,
            checked_by,
            AuditAction.RESIDENCE,
            {"resident": resident.pk, "district": district.pk, "name": district.name},
        )
    return check
