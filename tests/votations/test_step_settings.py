"""The votation's settings form in the back office's timeline editor, its summary, and a
votation kept with its process once someone voted."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from tessera.accounts.models import User
from tessera.processes import kinds
from tessera.processes.models import Process
from tessera.votations.models import Participation, VotationSettings
from tests.factories import StepFactory
from tests.votations.conftest import votation_in

pytestmark = pytest.mark.django_db


def client_of(user: User) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def form(**changes: str) -> dict[str, str]:
    data = {
        "question": "Approuvez-vous l'accord avec la commune voisine ?",
        "kind": "choice",
        "answers": "Oui\nNon",
        "blank": "on",
        "ballot_changeable": "on",
        "majority": "absolute",
        "quorum_percent": "",
        "eligible_population": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def url_of(process: Process, step_id: int) -> str:
    return f"/manage/processes/{process.slug}/steps/{step_id}/settings/"


def test_the_question_and_its_answers_are_saved_and_summed_up(
    manager: User, process: Process
) -> None:
    step = StepFactory(process=process, kind="votation", title="Votation")
    response = client_of(manager).post(
        url_of(process, step.pk), form(quorum_percent="25", eligible_population="1744")
    )
    assert response.status_code == 302
    settings = VotationSettings.objects.get(step=step)
    labels = [(a.label, a.is_blank) for a in settings.answers.all()]
    assert labels[:2] == [("Oui", False), ("Non", False)]
    assert labels[2][1] is True
    assert (settings.quorum_percent, settings.eligible_population) == (25, 1744)
    summary = kinds.get("votation").settings.summary(step)  # type: ignore[union-attr]
    assert "3 answers" in summary
    assert "quorum 25 %" in summary


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"answers": "Oui", "blank": ""}, "answers"),
        ({"answers": "\n".join(str(n) for n in range(10))}, "answers"),
        ({"answers": "Oui\nOui"}, "answers"),
        ({"kind": "judgment"}, "blank"),
        ({"quorum_percent": "30"}, "quorum_percent"),
        ({"quorum_percent": "130", "eligible_population": "10"}, "quorum_percent"),
    ],
)
def test_settings_a_votation_cannot_count_are_refused_next_to_the_field(
    manager: User, process: Process, changes: dict[str, str], field: str
) -> None:
    step = StepFactory(process=process, kind="votation", title="Votation")
    response = client_of(manager).post(url_of(process, step.pk), form(**changes))
    page = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in page
    assert "Approuvez-vous" in page  # what was typed is kept
    assert not VotationSettings.objects.filter(step=step).exists()


def test_the_answers_are_frozen_once_someone_voted(
    manager: User, resident: User, process: Process
) -> None:
    v = votation_in(process)
    Participation.objects.create(
        organization=process.organization, step=v.step, voter=resident, voted_at=timezone.now()
    )
    response = client_of(manager).post(
        url_of(process, v.step.pk), form(answers="Pour\nContre", question="Nouvelle question ?")
    )
    assert response.status_code == 302
    v.settings.refresh_from_db()
    assert v.settings.question == "Nouvelle question ?"
    assert [a.label for a in v.settings.answers.all()][:2] == ["Oui", "Non"]


def test_a_resident_cannot_reach_the_settings(resident: User, process: Process) -> None:
    step = StepFactory(process=process, kind="votation", title="Votation")
    assert client_of(resident).post(url_of(process, step.pk), form()).status_code == 403


def test_a_votation_someone_voted_in_keeps_its_step_and_archives_its_process(
    manager: User, resident: User, process: Process
) -> None:
    v = votation_in(process)
    Participation.objects.create(
        organization=process.organization, step=v.step, voter=resident, voted_at=timezone.now()
    )
    client = client_of(manager)
    client.post(f"/manage/processes/{process.slug}/steps/{v.step.pk}/remove/")
    client.post(f"/manage/processes/{process.slug}/remove/")
    process.refresh_from_db()
    assert process.archived_at is not None
    assert Participation.objects.filter(step=v.step).exists()
