"""A questionnaire of 30 questions with many replies: the streamed CSV and XLSX exports (time,
rows per second, peak Python memory) and the staff results page (queries, time).

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), a
questionnaire step whose form mixes the types (choices with "other", multiple choices, scales,
numbers, yes / no, dates, texts, a matrix), and N replies with random answers (bulk inserts),
then, as a process manager through Django's test client: downloads the CSV and the XLSX R
times each (the whole view, the body read to the end) and opens the results page R times.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tessera \\
        .venv/bin/python bench/questionnaire_export.py --replies 50000 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import tracemalloc
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

# (type, how many questions, options, extra fields)
LAYOUT: list[tuple[str, int, int, dict[str, Any]]] = [
    ("single_choice", 6, 4, {"has_other": True}),
    ("multiple_choice", 6, 5, {"has_other": True}),
    ("scale", 4, 0, {"scale_max": 5}),
    ("number", 3, 0, {}),
    ("yes_no", 3, 0, {}),
    ("date", 2, 0, {}),
    ("short_text", 3, 0, {}),
    ("long_text", 2, 0, {}),
    ("matrix", 1, 3, {}),
]


def build(replies: int) -> tuple[Any, Any]:
    """The questionnaire and its replies; returns (step, manager)."""
    from django.utils import timezone
    from tests.factories import (
        HostFactory,
        OrganizationFactory,
        ProcessFactory,
        StepFactory,
        UserFactory,
    )

    from tessera.accounts.models import Role
    from tessera.forms.models import Answer, Form, Option, Question, Reply, Section
    from tessera.questionnaires.models import QuestionnaireSettings

    organization = OrganizationFactory(slug="bench")
    HostFactory(organization=organization, name="testserver", is_primary=True)
    manager = UserFactory(organization=organization, role=Role.MANAGER)
    step = StepFactory(process=ProcessFactory(organization=organization), kind="questionnaire")
    form = Form.objects.create(organization=organization, title="Enquête mobilité")
    QuestionnaireSettings.objects.create(organization=organization, step=step, form=form)
    questions: list[tuple[Question, list[Option], list[Option]]] = []
    section = Section.objects.create(organization=organization, form=form, title="Page")
    for kind, count, options, extra in LAYOUT:
        for n in range(count):
            question = Question.objects.create(
                organization=organization,
                form=form,
                section=section,
                position=len(questions),
                type=kind,
                label=f"{kind} {n}",
                **extra,
            )
            role = "row" if kind == "matrix" else "choice"
            rows = [
                Option.objects.create(
                    organization=organization,
                    question=question,
                    label=f"Réponse {i}",
                    role=role,
                    position=i,
                )
                for i in range(options)
            ]
            columns = [
                Option.objects.create(
                    organization=organization,
                    question=question,
                    label=f"Colonne {i}",
                    role="column",
                    position=i,
                )
                for i in range(3 if kind == "matrix" else 0)
            ]
            questions.append((question, rows, columns))
    chance = random.Random(2026)
    today = timezone.localdate()
    for start in range(0, replies, 2000):
        batch = [
            Reply(
                organization=organization,
                form=form,
                submitted_on=today - timedelta(days=chance.randrange(30)),
            )
            for _ in range(min(2000, replies - start))
        ]
        Reply.objects.bulk_create(batch)
        answers: list[Answer] = []
        for reply in batch:
            for question, options, columns in questions:
                answers += _answers(chance, reply, question, options, columns)
        Answer.objects.bulk_create(answers, batch_size=5000)
    return step, manager


def _answers(
    chance: random.Random, reply: Any, question: Any, options: list[Any], columns: list[Any]
) -> list[Any]:
    from tessera.forms.models import Answer

    def answer(**fields: Any) -> Answer:
        return Answer(
            organization_id=reply.organization_id, reply=reply, question=question, **fields
        )

    kind = question.type
    if kind == "single_choice":
        if chance.random() < 0.1:
            return [answer(text="À pied, le plus souvent")]
        return [answer(option=chance.choice(options))]
    if kind == "multiple_choice":
        return [answer(option=o) for o in chance.sample(options, chance.randint(1, 3))]
    if kind == "scale":
        return [answer(number=Decimal(chance.randint(1, 5)))]
    if kind == "number":
        return [answer(number=Decimal(chance.randint(0, 40)))]
    if kind == "yes_no":
        return [answer(number=Decimal(chance.randint(0, 1)))]
    if kind == "date":
        return [answer(date=date(2020, 1, 1) + timedelta(days=chance.randrange(2000)))]
    if kind == "matrix":
        return [answer(option=row, column=chance.choice(columns)) for row in options]
    if chance.random() < 0.5:
        return []
    return [answer(text="Plus de pistes cyclables et des bus plus fréquents le soir.")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scopes_disabled

    connection.settings_dict["TEST"]["NAME"] = "tessera_bench_questionnaire"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        with scopes_disabled():
            step, manager = build(args.replies)
            base = f"/processes/{step.process.slug}/steps/{step.pk}/questionnaire/"
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum does after such inserts
        seeded = time.perf_counter() - started
        print(
            f"{connection.vendor}: {args.replies} replies to 30 questions, seeded in {seeded:.0f} s"
        )
        client = Client()
        client.force_login(manager)

        def download(name: str) -> tuple[int, int]:
            response = client.get(base + name)
            assert response.status_code == 200, response.status_code
            size = lines = 0
            for chunk in response.streaming_content:  # type: ignore[attr-defined]
                size += len(chunk)
                lines += chunk.count(b"\r\n")
            return lines - 1, size

        print("| export | rows | size | best s | median s | rows/s (best) | peak Python memory |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name in ("replies.csv", "replies.xlsx"):
            durations = []
            for _ in range(args.repeat):
                begun = time.perf_counter()
                rows, size = download(name)
                durations.append(time.perf_counter() - begun)
            tracemalloc.start()
            download(name)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            best, median = min(durations), statistics.median(durations)
            rows = args.replies  # an XLSX is zipped: its lines are not countable
            print(
                f"| {name} | {rows} | {size / 1e6:.1f} MB | {best:.2f} | {median:.2f} "
                f"| {rows / best:,.0f} | {peak / 1e6:.1f} MB |"
            )
        timings = []
        for _ in range(max(args.repeat, 5)):
            with CaptureQueriesContext(connection) as queries:
                begun = time.perf_counter()
                response = client.get(base + "results/")
                timings.append(time.perf_counter() - begun)
            assert response.status_code == 200
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        print(
            f"results page: {len(queries.captured_queries)} queries, "
            f"best {timings[0] * 1000:.0f} ms, median {statistics.median(timings) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
