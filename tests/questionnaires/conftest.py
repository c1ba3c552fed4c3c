"""A mobility questionnaire running now: three sections, twelve questions of every type, one
shown only to car drivers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tessera.forms.models import (
    Condition,
    Form,
    Option,
    OptionRole,
    Question,
    QuestionType,
    Section,
)
from tessera.organizations.models import Organization
from tessera.processes.models import Process, Step
from tessera.questionnaires.models import QuestionnaireSettings
from tests.factories import ProcessFactory, StepFactory

PHASES = {"before": (5, 10), "during": (-5, 5), "after": (-10, -5)}


@dataclass
class Mobility:
    step: Step
    settings: QuestionnaireSettings
    questions: dict[str, Question]
    options: dict[str, Option]

    def url(self) -> str:
        return self.step.get_absolute_url()

    def answer_url(self) -> str:
        return f"{self.url()}questionnaire/"


@pytest.fixture
def process(organization: Organization) -> Process:
    return ProcessFactory(organization=organization, slug="mobilite", title="Mobilités 2026")


def questionnaire_in(process: Process, phase: str = "during", **settings: Any) -> Mobility:
    start, end = PHASES[phase]
    now = timezone.now()
    step = StepFactory(
        process=process,
        kind="questionnaire",
        title="Vos déplacements",
        starts_at=now + timedelta(days=start),
        ends_at=now + timedelta(days=end),
    )
    organization = process.organization
    form = Form.objects.create(organization=organization, title=step.title)
    questionnaire = QuestionnaireSettings.objects.create(
        organization=organization, step=step, form=form, **settings
    )
    questions: dict[str, Question] = {}
    options: dict[str, Option] = {}

    def section(title: str, position: int) -> Section:
        return Section.objects.create(
            organization=organization, form=form, title=title, position=position
        )

    def question(key: str, place: Section, kind: str, label: str, **fields: Any) -> Question:
        questions[key] = Question.objects.create(
            organization=organization,
            form=form,
            section=place,
            position=len(questions),
            type=kind,
            label=label,
            **fields,
        )
        return questions[key]

    def option(key: str, of: Question, label: str, role: str = OptionRole.CHOICE) -> Option:
        options[key] = Option.objects.create(
            organization=organization, question=of, label=label, role=role, position=len(options)
        )
        return options[key]

    habits = section("Vos habitudes", 0)
    mode = question(
        "mode",
        habits,
        QuestionType.SINGLE_CHOICE,
        "Comment venez-vous ?",
        required=True,
        has_other=True,
    )
    option("car", mode, "Voiture")
    option("bike", mode, "Vélo")
    option("bus", mode, "Bus")
    days = question(
        "days",
        habits,
        QuestionType.NUMBER,
        "Combien de jours en voiture ?",
        required=True,
        number_min=0,
        number_max=7,
    )
    Condition.objects.create(
        organization=organization,
        question=days,
        source=mode,
        operator="equals",
        option=options["car"],
    )
    wishes = question(
        "wishes",
        habits,
        QuestionType.MULTIPLE_CHOICE,
        "Que souhaitez-vous ?",
        min_choices=1,
        max_choices=2,
    )
    option("lanes", wishes, "Pistes cyclables")
    option("buses", wishes, "Plus de bus")
    option("parking", wishes, "Parkings")
    opinions = section("Vos avis", 1)
    question(
        "satisfaction",
        opinions,
        QuestionType.SCALE,
        "Votre satisfaction",
        scale_max=5,
        scale_min_label="Pas du tout",
        scale_max_label="Tout à fait",
    )
    ranking = question("ranking", opinions, QuestionType.RANKING, "Classez ces priorités")
    option("r1", ranking, "Sécurité")
    option("r2", ranking, "Rapidité")
    matrix = question("matrix", opinions, QuestionType.MATRIX, "Votre avis par quartier")
    option("m_row1", matrix, "Centre", OptionRole.ROW)
    option("m_row2", matrix, "Gare", OptionRole.ROW)
    option("m_good", matrix, "Bien", OptionRole.COLUMN)
    option("m_bad", matrix, "Mal", OptionRole.COLUMN)
    judgment = question("judgment", opinions, QuestionType.MAJORITY_JUDGMENT, "Jugez ces projets")
    option("j1", judgment, "Tram")
    option("j2", judgment, "Téléphérique")
    question("ok", opinions, QuestionType.YES_NO, "Êtes-vous satisfait du tram ?")
    about = section("Vous", 2)
    question("since", about, QuestionType.DATE, "Depuis quand habitez-vous ici ?")
    question("street", about, QuestionType.SHORT_TEXT, "Votre rue")
    question("ideas", about, QuestionType.LONG_TEXT, "Vos idées")
    question("photo", about, QuestionType.FILE, "Une photo d'un endroit à améliorer")
    return Mobility(step, questionnaire, questions, options)


@pytest.fixture
def mobility(process: Process) -> Mobility:
    return questionnaire_in(process)


def answers(m: Mobility, **overrides: list[str]) -> dict[str, list[str]]:
    """A complete valid reply of a car driver, as posted."""
    q, o = m.questions, m.options
    data = {
        f"q{q['mode'].pk}": [str(o["car"].pk)],
        f"q{q['days'].pk}": ["3"],
        f"q{q['wishes'].pk}": [str(o["lanes"].pk), str(o["buses"].pk)],
        f"q{q['satisfaction'].pk}": ["4"],
        f"q{q['ranking'].pk}_o{o['r1'].pk}": ["2"],
        f"q{q['ranking'].pk}_o{o['r2'].pk}": ["1"],
        f"q{q['matrix'].pk}_r{o['m_row1'].pk}": [str(o["m_good"].pk)],
        f"q{q['judgment'].pk}_o{o['j1'].pk}": ["5"],
        f"q{q['judgment'].pk}_o{o['j2'].pk}": ["0"],
        f"q{q['ok'].pk}": ["yes"],
        f"q{q['since'].pk}": ["2019-09-01"],
        f"q{q['street'].pk}": ["Rue des Lilas"],
        f"q{q['ideas'].pk}": ["Un parking à vélos devant la gare."],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value}


@pytest.fixture
def client() -> Client:
    """The pages in English: the assertions read the English sentences (the French catalogue
    is checked complete by tests/core/test_catalogues.py, and one test reads French)."""
    return Client(headers={"accept-language": "en"})
