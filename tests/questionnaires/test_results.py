"""Results for staff (public after the close when chosen) and the CSV of the replies."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from tessera.accounts.models import User
from tessera.forms import selectors as form_selectors
from tessera.forms.services import kinds_of
from tessera.forms.validation import validate_reply
from tessera.organizations.models import District
from tessera.processes.models import Process, Step
from tessera.questionnaires.models import PendingReply
from tessera.questionnaires.services import reply_submit
from tests.conftest import make_user
from tests.questionnaires.conftest import Mobility, answers, questionnaire_in

pytestmark = pytest.mark.django_db


def give(m: Mobility, district: District | None = None, **overrides: list[str]) -> None:
    """One more person's reply, through the same validation and service as the page."""
    questions = form_selectors.questions_in_order(form_selectors.sections_of(m.settings.form))
    specs = form_selectors.specs_of(questions)
    outcome = validate_reply(specs, answers(m, **overrides))
    assert outcome.is_valid, outcome.errors
    reply_submit(
        person=make_user(m.step.process.organization, district=district),
        settings=m.settings,
        questions=specs,
        values=outcome.values,
        kinds=kinds_of(questions),
    )


def url(m: Mobility, name: str) -> str:
    return reverse(
        f"questionnaires:{name}", kwargs={"slug": m.step.process.slug, "step_id": m.step.pk}
    )


def close(m: Mobility) -> None:
    Step.objects.filter(pk=m.step.pk).update(ends_at=timezone.now() - timedelta(minutes=1))


def test_each_option_is_counted_on_its_own(
    client: Client, manager: User, mobility: Mobility
) -> None:
    wishes = f"q{mobility.questions['wishes'].pk}"
    o = mobility.options
    give(mobility, **{wishes: [str(o["lanes"].pk), str(o["buses"].pk)]})
    give(mobility, **{wishes: [str(o["lanes"].pk)]})
    mode = f"q{mobility.questions['mode'].pk}"
    give(mobility, **{mode: ["other"], f"{mode}_other": ["Trottinette"]})
    client.force_login(manager)
    html = client.get(url(mobility, "results")).content.decode()
    assert "3 replies" in html
    # Pistes cyclables: 3 of 3 (the third reply is answers()' default), Plus de bus: 2 of 3.
    assert '<th scope="row">Pistes cyclables</th><td>3</td><td>100.0 %</td>' in html
    assert '<th scope="row">Plus de bus</th><td>2</td><td>66.7 %</td>' in html
    assert '<th scope="row">Other</th><td>1</td><td>33.3 %</td>' in html
    assert "Un parking à vélos devant la gare." in html
    assert 'role="img"' in html


def test_results_are_public_after_the_close_only_when_chosen(
    client: Client, resident: User, process: Process
) -> None:
    public = questionnaire_in(process, results_public=True)
    private = questionnaire_in(process)
    client.force_login(resident)
    assert client.get(url(public, "results")).status_code == 403
    close(public)
    close(private)
    assert client.get(url(public, "results")).status_code == 200
    assert "See the results" in client.get(public.url()).content.decode()
    assert client.get(url(private, "results")).status_code == 403
    assert client.get(url(public, "results_csv")).status_code == 403  # exports: staff only


def test_the_results_page_runs_the_same_queries_whatever_the_replies(
    client: Client, manager: User, mobility: Mobility, django_assert_max_num_queries: Any
) -> None:
    client.force_login(manager)
    give(mobility)
    client.get(url(mobility, "results"))
    with CaptureQueriesContext(connection) as few:
        client.get(url(mobility, "results"))
    for _ in range(15):
        give(mobility)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(mobility, "results"))


def test_the_csv_has_one_row_per_reply_and_a_column_per_option(
    client: Client, manager: User, mobility: Mobility
) -> None:
    q, o = mobility.questions, mobility.options
    give(
        mobility,
        **{f"q{q['wishes'].pk}": [str(o["parking"].pk)], f"q{q['street'].pk}": ["=HYPERLINK(1)"]},
    )
    bike = str(o["bike"].pk)
    give(
        mobility,
        **{
            f"q{q['mode'].pk}": ["other"],
            f"q{q['mode'].pk}_other": ["Roller"],
            f"q{q['days'].pk}": [],
        },
    )
    give(mobility, **{f"q{q['mode'].pk}": [bike]})
    client.force_login(manager)
    response = client.get(url(mobility, "results_csv"))
    assert response.streaming
    # Read after the view returned, as the server does: outside the request's scope.
    with scope():
        text = b"".join(response.streaming_content).decode().lstrip("\ufeff")  # type: ignore[arg-type]
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = rows[0]
    assert len(rows) == 4
    assert header[:2] == ["reply", "date"]
    assert "Q1 Comment venez-vous ?: other" in header
    lanes = header.index("Q3 Que souhaitez-vous ?: Pistes cyclables")
    parking = header.index("Q3 Que souhaitez-vous ?: Parkings")
    assert [row[lanes] for row in rows[1:]] == ["0", "1", "1"]
    assert [row[parking] for row in rows[1:]] == ["1", "0", "0"]
    other = header.index("Q1 Comment venez-vous ?: other")
    assert [row[other] for row in rows[1:]] == ["", "Roller", ""]
    days = header.index("Q2 Combien de jours en voiture ?")
    assert [row[days] for row in rows[1:]] == ["3", "", ""]  # hidden for the others
    street = header.index("Q10 Votre rue")
    assert rows[1][street] == "'=HYPERLINK(1)"


def test_anonymous_replies_waiting_are_counted_once_closed(
    client: Client, manager: User, process: Process, settings: Any
) -> None:
    settings.REPLY_MIX_BATCH = 100
    m = questionnaire_in(process, anonymous=True, drafts=False)
    give(m)
    give(m)
    client.force_login(manager)
    html = client.get(url(m, "results")).content.decode()
    assert "0 replies" in html
    assert "2 anonymous replies are not counted yet" in html
    close(m)
    assert "2 replies" in client.get(url(m, "results")).content.decode()
    assert not PendingReply.objects.exists()


def test_the_xlsx_has_the_replies_and_a_codebook(
    client: Client, manager: User, resident: User, mobility: Mobility
) -> None:
    q = mobility.questions
    give(mobility, **{f"q{q['mode'].pk}": ["other"], f"q{q['mode'].pk}_other": ["=1+1"]})
    give(mobility)
    client.force_login(manager)
    response = client.get(url(mobility, "results_xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-replies.xlsx"')
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    replies, codebook = workbook.worksheets
    rows = [list(row) for row in replies.iter_rows(values_only=True)]
    header = rows[0]
    assert len(rows) == 3
    # In question order: the single choice, its "other" text, the number, then one 0/1
    # column per option of the multiple choice.
    assert header[2:8] == [
        "Q1 Comment venez-vous ?",
        "Q1 Comment venez-vous ?: other",
        "Q2 Combien de jours en voiture ?",
        "Q3 Que souhaitez-vous ?: Pistes cyclables",
        "Q3 Que souhaitez-vous ?: Plus de bus",
        "Q3 Que souhaitez-vous ?: Parkings",
    ]
    assert [row[3] for row in rows[1:]] == ["=1+1", None]  # a text, never a formula
    assert replies.cell(row=2, column=4).data_type == "s"
    assert [row[5:8] for row in rows[1:]] == [[1, 1, 0], [1, 1, 0]]
    assert rows[2][2] == "Voiture"
    judgment = header.index("Q7 Jugez ces projets: Tram")
    assert rows[2][judgment] == "Excellent"
    book = [list(row) for row in codebook.iter_rows(values_only=True)]
    assert book[0] == ["column", "question", "type", "what the cell holds", "note"]
    titles = [row[0] for row in book]
    assert titles[1:] == header  # every column explained, in the same order
    days = book[titles.index("Q2 Combien de jours en voiture ?")]
    assert days[1:3] == ["Q2", "Number"]
    assert days[4] == "asked only when its condition holds: empty for the others"
    lanes = book[titles.index("Q3 Que souhaitez-vous ?: Pistes cyclables")]
    assert lanes[3] == "1 if “Pistes cyclables” was chosen, else 0"
    # The same codebook as a CSV, beside the replies' CSV.
    text = client.get(url(mobility, "codebook_csv")).content.decode().lstrip("\ufeff")
    assert list(csv.reader(io.StringIO(text), delimiter=";"))[2:] == [
        ["" if cell is None else cell for cell in row] for row in book[2:]
    ]
    # Staff only.
    client.force_login(resident)
    assert client.get(url(mobility, "results_xlsx")).status_code == 403
    assert client.get(url(mobility, "codebook_csv")).status_code == 403


def test_the_exports_of_a_questionnaire_without_replies_have_their_header(
    client: Client, manager: User, mobility: Mobility
) -> None:
    client.force_login(manager)
    response = client.get(url(mobility, "results_csv"))
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")  # type: ignore[attr-defined]
    assert len(text.splitlines()) == 1
    assert text.startswith("reply;date;Q1 Comment venez-vous ?")


def test_majority_judgment_shows_each_option_s_majority_grade_and_the_ranking(
    client: Client, manager: User, mobility: Mobility
) -> None:
    q, o = mobility.questions, mobility.options
    tram, cable = f"q{q['judgment'].pk}_o{o['j1'].pk}", f"q{q['judgment'].pk}_o{o['j2'].pk}"
    for grades in (("5", "4"), ("3", "4"), ("3", "2")):
        give(mobility, **{tram: [grades[0]], cable: [grades[1]]})
    client.force_login(manager)
    html = client.get(url(mobility, "results")).content.decode()
    # Téléphérique: 2 4 4 → "Very good"; Tram: 3 3 5 → "Good".
    assert (
        '<tr><td>1</td><th scope="row">Téléphérique</th><td>Very good</td></tr>'
        '<tr><td>2</td><th scope="row">Tram</th><td>Good</td></tr>'
    ) in html


def test_results_are_cross_filtered_by_district_and_by_an_answer(
    client: Client, manager: User, mobility: Mobility, django_assert_max_num_queries: Any
) -> None:
    organization = mobility.step.process.organization
    centre = District.objects.create(organization=organization, name="Centre", slug="centre")
    gare = District.objects.create(organization=organization, name="Gare", slug="gare")
    q, o = mobility.questions, mobility.options
    mode, bike = f"q{q['mode'].pk}", str(o["bike"].pk)
    give(mobility, centre)  # by car
    give(mobility, centre, **{mode: [bike]})
    give(mobility, gare, **{mode: [bike]})
    client.force_login(manager)
    html = client.get(url(mobility, "results"), {"district": centre.pk}).content.decode()
    assert "2 replies" in html
    assert '<th scope="row">Vélo</th><td>1</td><td>50.0 %</td>' in html
    cyclists = f"{q['mode'].pk}:{bike}"
    html = client.get(url(mobility, "results"), {"answer": cyclists}).content.decode()
    assert "2 replies" in html
    assert '<th scope="row">Voiture</th><td>0</td>' in html
    # Both at once, and still a bounded number of queries.
    with django_assert_max_num_queries(30):
        response = client.get(url(mobility, "results"), {"answer": cyclists, "district": gare.pk})
    assert "1 reply" in response.content.decode()
    # A filter naming nothing of this questionnaire: said, and not applied.
    for bad in ({"district": "999999"}, {"answer": "1:2"}, {"answer": "car"}):
        html = client.get(url(mobility, "results"), bad).content.decode()
        assert "3 replies" in html
        assert "this questionnaire does not have: it is not applied" in html


def test_every_text_answer_is_listed_a_page_at_a_time_and_searchable(
    client: Client, manager: User, resident: User, process: Process
) -> None:
    m = questionnaire_in(process, results_public=True)
    ideas = m.questions["ideas"]
    for n in range(55):
        give(m, **{f"q{ideas.pk}": [f"Idée numéro {n}" + (" : un tram" if n % 10 == 0 else "")]})
    client.force_login(manager)
    texts = url(m, "results") + f"questions/{ideas.pk}/"
    assert texts in client.get(url(m, "results")).content.decode()
    first = client.get(texts).content.decode()
    assert "55 answers." in first
    assert "Page 1 of 2" in first
    assert "Idée numéro 54" in first
    assert "Idée numéro 4<" not in first
    assert "Idée numéro 4<" in client.get(texts, {"page": "2"}).content.decode()
    found = client.get(texts, {"search": "TRAM"}).content.decode()
    assert "6 answers contain “TRAM”." in found
    assert "Idée numéro 50 : un tram" in found
    assert "Idée numéro 1<" not in found
    # A page or a question that does not exist, a search too long: no error page.
    assert client.get(texts, {"page": "x"}).status_code == 200
    assert client.get(texts, {"search": "a" * 500}).status_code == 200
    assert client.get(url(m, "results") + f"questions/{m.questions['days'].pk}/").status_code == 404
    # As public as the results: not before the close for residents.
    client.force_login(resident)
    assert client.get(texts).status_code == 403
    close(m)
    assert client.get(texts).status_code == 200
