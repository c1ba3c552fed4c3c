"""Writes on the timeline: one service refuses overlapping steps and keeps the process dates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tessera.organizations.models import Organization
from tessera.processes.kinds import UnknownStepKind
from tessera.processes.models import Step
from tessera.processes.services import process_save, step_delete, step_save, timeline_save
from tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def day(n: int):
    return NOW + timedelta(days=n)


def test_saving_steps_sets_the_process_dates_to_the_first_start_and_last_end(
    organization: Organization,
) -> None:
    process = ProcessFactory(organization=organization)
    step_save(step=Step(process=process, title="Dépôt", starts_at=day(0), ends_at=day(10)))
    step_save(step=Step(process=process, title="Vote", starts_at=day(20), ends_at=day(30)))
    process.refresh_from_db()
    assert (process.starts_at, process.ends_at) == (day(0), day(30))


def test_it_refuses_a_step_that_overlaps_another_and_names_both(
    organization: Organization,
) -> None:
    process = ProcessFactory(organization=organization)
    step_save(step=Step(process=process, title="Dépôt", starts_at=day(0), ends_at=day(10)))
    with pytest.raises(ValidationError) as error:
        step_save(step=Step(process=process, title="Vote", starts_at=day(9), ends_at=day(15)))
    assert "Dépôt" in str(error.value)
    assert "Vote" in str(error.value)
    assert process.steps.count() == 1


def test_a_step_may_start_the_instant_the_previous_one_ends(organization: Organization) -> None:
    process = ProcessFactory(organization=organization)
    step_save(step=Step(process=process, title="Dépôt", starts_at=day(0), ends_at=day(10)))
    step_save(step=Step(process=process, title="Analyse", starts_at=day(10), ends_at=day(12)))
    assert process.steps.count() == 2


def test_it_refuses_a_step_that_ends_before_it_starts(organization: Organization) -> None:
    process = ProcessFactory(organization=organization)
    with pytest.raises(ValidationError):
        step_save(step=Step(process=process, title="x", starts_at=day(5), ends_at=day(5)))


def test_it_refuses_an_unknown_step_kind(organization: Organization) -> None:
    process = ProcessFactory(organization=organization)
    with pytest.raises(UnknownStepKind):
        step_save(
            step=Step(process=process, kind="teleport", title="x", starts_at=day(0), ends_at=day(1))
        )


def test_moving_two_steps_at_once_is_checked_on_the_final_timeline(
    organization: Organization,
) -> None:
    process = ProcessFactory(organization=organization)
    first = step_save(step=Step(process=process, title="A", starts_at=day(0), ends_at=day(10)))
    second = step_save(step=Step(process=process, title="B", starts_at=day(10), ends_at=day(20)))
    # Swapping the order would overlap if checked one step at a time.
    first.starts_at, first.ends_at = day(10), day(20)
    second.starts_at, second.ends_at = day(0), day(10)
    timeline_save(process=process, saved=[first, second])
    assert [s.title for s in process.steps.order_by("starts_at")] == ["B", "A"]


def test_deleting_the_last_step_moves_the_process_end(organization: Organization) -> None:
    process = ProcessFactory(organization=organization)
    step_save(step=Step(process=process, title="A", starts_at=day(0), ends_at=day(10)))
    last = step_save(step=Step(process=process, title="B", starts_at=day(10), ends_at=day(20)))
    step_delete(step=last)
    process.refresh_from_db()
    assert process.ends_at == day(10)


def test_the_description_is_stored_as_sanitised_html(organization: Organization) -> None:
    process = ProcessFactory.build(organization=organization, slug="x")
    process.description = "**Bienvenue** <script>alert(1)</script> [lien](javascript:alert(1))"
    process_save(process=process)
    assert "<strong>Bienvenue</strong>" in process.description_html
    assert "<script" not in process.description_html
    assert "javascript:" not in process.description_html
