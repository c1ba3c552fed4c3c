"""The demo's mobility questionnaire: closed, results public, ~2,000 generated replies with a
condition (the days by car, asked only to those who come by car) and a majority judgment.

Replies are written in bulk (two inserts per 2,000 replies, answers in batches): `make run`
stays fast. A re-run keeps a questionnaire that has its replies.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from tessera.forms.models import (
    Answer,
    Condition,
    Option,
    Question,
    QuestionType,
    Reply,
    Section,
)
from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.questionnaires.models import Audience, QuestionnaireSettings
from tessera.questionnaires.services import settings_save

REPLIES = 2000
MODES = ["Voiture", "Vélo", "Bus ou tram", "À pied"]
WISHES = ["Des pistes cyclables continues", "Plus de bus le soir", "Des trottoirs plus larges"]
PROJECTS = ["Tramway ligne 3", "Vélo-rues", "Navette électrique"]
IDEAS = [
    "Un parking à vélos couvert devant la gare.",
    "Des bus toutes les dix minutes après 20 h.",
    "Des passages piétons éclairés près des écoles.",
    "Une piste cyclable sur le pont.",
    "Des bancs le long des trottoirs.",
]


def load_demo_questionnaire(
    *, step: Step, districts: list[District], replies: int = REPLIES
) -> str:
    existing = QuestionnaireSettings.objects.filter(step=step).select_related("form").first()
    if existing and Reply.objects.filter(form=existing.form).exists():
        return "Demo questionnaire kept."
    settings = existing or QuestionnaireSettings(step=step)
    settings.audience, settings.one_reply, settings.results_public = Audience.VERIFIED, True, True
    settings = settings_save(settings=settings)
    questions = _build(settings)
    _replies(settings, questions, districts, replies)
    return f"Demo questionnaire replies created: {replies}"


def _build(settings: QuestionnaireSettings) -> dict[str, Question]:
    form = settings.form
    org = form.organization_id
    questions: dict[str, Question] = {}

    def section(title: str, position: int) -> Section:
        return Section.objects.create(
            organization_id=org, form=form, title=title, position=position
        )

    def question(key: str, place: Section, kind: str, label: str, **fields: Any) -> Question:
        questions[key] = Question.objects.create(
            organization_id=org,
            form=form,
            section=place,
            position=len(questions),
            type=kind,
            label=label,
            **fields,
        )
        return questions[key]

    def options(of: Question, labels: list[str]) -> None:
        Option.objects.bulk_create(
            Option(organization_id=org, question=of, label=label, position=position)
            for position, label in enumerate(labels)
        )

    habits = section("Vos déplacements", 0)
    mode = question(
        "mode",
        habits,
        QuestionType.SINGLE_CHOICE,
        "Comment venez-vous le plus souvent en centre-ville ?",
        required=True,
        has_other=True,
    )
    options(mode, MODES)
    days = question(
        "days",
        habits,
        QuestionType.NUMBER,
        "Combien de jours par semaine prenez-vous la voiture ?",
        required=True,
        number_min=0,
        number_max=7,
    )
    Condition.objects.create(
        organization_id=org,
        question=days,
        source=mode,
        operator="equals",
        option=mode.options.get(label="Voiture"),
    )
    wishes = question(
        "wishes",
        habits,
        QuestionType.MULTIPLE_CHOICE,
        "Qu'est-ce qui vous ferait changer d'habitude ?",
        max_choices=2,
    )
    options(wishes, WISHES)
    opinions = section("Vos avis", 1)
    question(
        "satisfaction",
        opinions,
        QuestionType.SCALE,
        "Êtes-vous satisfait des transports en commun ?",
        scale_min_label="Pas du tout",
        scale_max_label="Tout à fait",
    )
    projects = question(
        "projects", opinions, QuestionType.MAJORITY_JUDGMENT, "Jugez ces trois projets"
    )
    options(projects, PROJECTS)
    question("ideas", opinions, QuestionType.LONG_TEXT, "Une idée pour mieux circuler ?")
    return questions


def _replies(
    settings: QuestionnaireSettings,
    questions: dict[str, Question],
    districts: list[District],
    count: int,
) -> None:
    chance = random.Random(13)  # the same demo every time
    step, org = settings.step, settings.organization_id
    choices = {key: list(q.options.all()) for key, q in questions.items()}
    days = max(1, (step.ends_at - step.starts_at).days)
    for start in range(0, count, 2000):
        batch = [
            Reply(
                organization_id=org,
                form=settings.form,
                district=chance.choice(districts) if districts else None,
                submitted_on=(step.starts_at + timedelta(days=chance.randrange(days))).date(),
            )
            for _ in range(min(2000, count - start))
        ]
        Reply.objects.bulk_create(batch)
        answers: list[Answer] = []
        for reply in batch:
            answers += _answers(chance, reply, questions, choices)
        Answer.objects.bulk_create(answers, batch_size=5000)


def _answers(
    chance: random.Random,
    reply: Reply,
    questions: dict[str, Question],
    choices: dict[str, list[Option]],
) -> list[Answer]:
    def answer(key: str, **fields: Any) -> Answer:
        return Answer(
            organization_id=reply.organization_id, reply=reply, question=questions[key], **fields
        )

    rows = []
    mode = chance.choices(choices["mode"], weights=[40, 25, 25, 10])[0]
    if chance.random() < 0.04:
        rows.append(answer("mode", text="Trottinette"))
    else:
        rows.append(answer("mode", option=mode))
        if mode.label == "Voiture":  # the condition: asked only to drivers
            rows.append(answer("days", number=Decimal(chance.randint(1, 7))))
    for wish in chance.sample(choices["wishes"], chance.randint(0, 2)):
        rows.append(answer("wishes", option=wish))
    rows.append(
        answer("satisfaction", number=Decimal(chance.choices(range(1, 6), [1, 2, 4, 3, 1])[0]))
    )
    for project, leaning in zip(choices["projects"], (3, 4, 2), strict=True):
        grade = min(5, max(0, round(chance.gauss(leaning, 1.3))))
        rows.append(answer("projects", option=project, rank=grade))
    if chance.random() < 0.3:
        rows.append(answer("ideas", text=chance.choice(IDEAS)))
    return rows
