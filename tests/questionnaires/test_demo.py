"""The demo's mobility questionnaire: closed, its results public, generated in bulk."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tessera.forms.models import Answer, Reply
from tessera.organizations.models import District
from tessera.processes.models import Process
from tests.factories import StepFactory

pytestmark = pytest.mark.django_db


def test_the_demo_questionnaire_has_replies_a_condition_and_public_results(
    client: Client, process: Process
) -> None:
    from tessera.questionnaires.demo import load_demo_questionnaire

    now = timezone.now()
    step = StepFactory(
        process=process,
        kind="questionnaire",
        starts_at=now - timedelta(days=40),
        ends_at=now - timedelta(days=5),
    )
    district = District.objects.create(
        organization=process.organization, name="Centre", slug="centre"
    )
    assert "created: 120" in load_demo_questionnaire(step=step, districts=[district], replies=120)
    assert Reply.objects.filter(district=district).count() == 120
    # The days by car are answered only by those who come by car (the condition).
    drivers = Answer.objects.filter(question__label__startswith="Comment", option__label="Voiture")
    days = Answer.objects.filter(question__label__startswith="Combien de jours")
    assert set(days.values_list("reply_id", flat=True)) == set(
        drivers.values_list("reply_id", flat=True)
    )
    assert load_demo_questionnaire(step=step, districts=[district]) == "Demo questionnaire kept."
    results = reverse("questionnaires:results", kwargs={"slug": process.slug, "step_id": step.pk})
    html = client.get(results, headers={"accept-language": "en"}).content.decode()
    assert "120 replies" in html
    assert "Ranking by majority judgment" in html
