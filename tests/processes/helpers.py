"""Build processes with steps in a given phase, with the dates kept as the service keeps them."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tessera.organizations.models import Organization
from tessera.processes.models import Process, Step
from tessera.processes.services import timeline_save
from tests.factories import ProcessFactory

SPANS = {"open": (-5, 5), "upcoming": (10, 20), "closed": (-20, -10)}


def process_in(organization: Organization, status: str, **fields: object) -> Process:
    """A process with one step placing it open, upcoming or closed today."""
    process = ProcessFactory(organization=organization, **fields)
    start, end = SPANS[status]
    now = timezone.now()
    step = Step(
        title=f"Étape {status}",
        starts_at=now + timedelta(days=start),
        ends_at=now + timedelta(days=end),
    )
    timeline_save(process=process, saved=[step])
    return process
