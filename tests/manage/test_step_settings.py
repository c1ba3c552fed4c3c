"""Each step kind's settings form in the timeline editor, and its one-line summary."""

from __future__ import annotations

import pytest

from tessera.accounts.models import User
from tessera.processes import kinds
from tessera.processes.models import Process
from tessera.proposals.models import CollectSettings
from tests.manage.conftest import client_of

pytestmark = pytest.mark.django_db


def collect_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "cost_mode": "required",
        "cost_min": "1000",
        "cost_max": "50000",
        "address_mode": "hidden",
        "district_mode": "optional",
        "theme_mode": "optional",
        "images_enabled": "on",
        "supports_enabled": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_the_collect_settings_are_saved_and_summed_up_in_the_timeline(
    manager: User, process: Process
) -> None:
    collect = process.steps.get(kind="collect")
    client = client_of(manager)
    url = f"/manage/processes/{process.slug}/steps/{collect.pk}/settings/"
    assert client.post(url, collect_data()).status_code == 302
    settings = CollectSettings.objects.get(step=collect)
    assert (settings.cost_mode, settings.cost_max, settings.address_mode) == (
        "required",
        50_000,
        "hidden",
    )
    assert settings.theme_mode == "optional"
    assert not settings.supports_enabled
    assert not settings.attachments_enabled
    summary = kinds.get("collect").settings.summary(collect)  # type: ignore[union-attr]
    assert "50 000" in summary
    assert "thème facultatif" in summary
    assert summary in client.get(f"/manage/processes/{process.slug}/").content.decode()


def test_a_maximum_under_the_minimum_is_refused_next_to_it_keeping_what_was_typed(
    manager: User, process: Process
) -> None:
    collect = process.steps.get(kind="collect")
    url = f"/manage/processes/{process.slug}/steps/{collect.pk}/settings/"
    response = client_of(manager).post(url, collect_data(cost_min="9000", cost_max="500"))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_cost_max_error"' in page
    assert 'value="9000"' in page
    assert not CollectSettings.objects.filter(step=collect).exists()


def test_every_registered_kind_with_settings_builds_its_form_for_a_step(
    manager: User, process: Process
) -> None:
    step = process.steps.first()
    for kind in kinds.all_kinds():
        if kind.settings is not None:
            form = kind.settings.form(step=step, user=manager)
            assert not form.is_bound
            assert isinstance(kind.settings.summary(step), str)


def test_the_analysis_due_date_is_the_default_of_new_assignments(
    manager: User, process: Process, analyst: User
) -> None:
    from datetime import date, timedelta

    from tessera.analysis.models import Assignment
    from tessera.analysis.services import assignments_create
    from tests.factories import StepFactory
    from tests.proposals.factories import ProposalFactory

    vote = process.steps.get(kind="vote")
    analysis = StepFactory(
        process=process,
        kind="analysis",
        title="Analyse",
        starts_at=vote.ends_at,
        ends_at=vote.ends_at + timedelta(days=10),
    )
    url = f"/manage/processes/{process.slug}/steps/{analysis.pk}/settings/"
    response = client_of(manager).post(url, {"due_date": "2030-03-12"})
    assert response.status_code == 302
    assert "2030" in kinds.get("analysis").settings.summary(analysis)  # type: ignore[union-attr]
    proposal = ProposalFactory(step=process.steps.get(kind="collect"))
    assignments_create(proposals=[proposal], service=analyst.services.get(), assigned_by=manager)
    assert Assignment.objects.get(proposal=proposal).due_date == date(2030, 3, 12)
