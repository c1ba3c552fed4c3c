"""The resident's questionnaire through HTTP: section by section, errors next to their
question with every other answer kept, drafts, changes, one reply per person, the close."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image

from tessera.accounts.models import User
from tessera.forms.models import Answer, Condition, Option, Question, Reply
from tessera.processes.models import Process
from tessera.questionnaires.models import Participation, PendingReply
from tests.questionnaires.conftest import Mobility, answers, questionnaire_in

pytestmark = pytest.mark.django_db


def send(client: Client, m: Mobility, data: dict[str, list[str]], section: int, action: str) -> Any:
    return client.post(m.answer_url(), {**data, "section": str(section), "action": action})


def submit_all(client: Client, m: Mobility, data: dict[str, list[str]]) -> Any:
    return send(client, m, data, 2, "submit")


def test_the_step_page_opens_the_first_section_and_says_what_is_stored(
    client: Client, resident: User, mobility: Mobility
) -> None:
    client.force_login(resident)
    response = client.get(mobility.url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vos habitudes" in html
    assert "Comment venez-vous ?" in html
    assert "stored with your account" in html
    assert "Votre satisfaction" not in html  # the next section


def test_errors_stay_next_to_their_question_and_keep_every_other_answer(
    client: Client, resident: User, mobility: Mobility
) -> None:
    client.force_login(resident)
    data = answers(mobility, **{f"q{mobility.questions['days'].pk}": ["douze"]})
    response = send(client, mobility, data, 0, "next")
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="q{mobility.questions["days"].pk}_error"' in html
    assert "Enter a number" in html
    assert 'aria-invalid="true"' in html
    assert 'value="douze"' in html  # what was typed stays
    assert "Rue des Lilas" in html  # the later sections' answers ride along
    assert "Vos habitudes" in html


def test_a_whole_reply_is_stored_section_by_section(
    client: Client, resident: User, mobility: Mobility
) -> None:
    client.force_login(resident)
    data = answers(mobility)
    second = send(client, mobility, data, 0, "next")
    assert second.status_code == 200
    assert "Vos avis" in second.content.decode()
    third = send(client, mobility, data, 1, "next")
    assert "Send my reply" in third.content.decode()
    back = send(client, mobility, data, 2, "previous")
    assert "Vos avis" in back.content.decode()
    done = submit_all(client, mobility, data)
    assert done.status_code == 302
    reply = Reply.objects.get(form=mobility.settings.form, is_draft=False)
    assert reply.author == resident
    by_question = {a.question_id: a for a in Answer.objects.filter(reply=reply)}
    assert by_question[mobility.questions["days"].pk].number == 3
    assert Answer.objects.filter(reply=reply, question=mobility.questions["wishes"]).count() == 2
    assert Participation.objects.filter(step=mobility.step, person=resident).count() == 1


def test_answers_to_hidden_questions_are_dropped(
    client: Client, resident: User, mobility: Mobility
) -> None:
    client.force_login(resident)
    bike = str(mobility.options["bike"].pk)
    data = answers(mobility, **{f"q{mobility.questions['mode'].pk}": [bike]})
    assert submit_all(client, mobility, data).status_code == 302
    assert not Answer.objects.filter(question=mobility.questions["days"]).exists()


def test_a_forged_option_id_is_refused_next_to_its_question(
    client: Client, resident: User, mobility: Mobility
) -> None:
    client.force_login(resident)
    forged = str(mobility.options["r1"].pk)  # an option of another question
    data = answers(mobility, **{f"q{mobility.questions['mode'].pk}": [forged]})
    response = submit_all(client, mobility, data)
    assert response.status_code == 400
    assert "Choose among the answers offered" in response.content.decode()
    assert not Reply.objects.exists()


def test_other_needs_its_text_and_keeps_it(
    client: Client, resident: User, mobility: Mobility
) -> None:
    client.force_login(resident)
    mode = mobility.questions["mode"].pk
    response = send(client, mobility, answers(mobility, **{f"q{mode}": ["other"]}), 0, "next")
    assert response.status_code == 400
    assert "say which" in response.content.decode()
    data = answers(mobility, **{f"q{mode}": ["other"], f"q{mode}_other": ["Trottinette"]})
    assert submit_all(client, mobility, data).status_code == 302
    assert Answer.objects.get(question_id=mode).text == "Trottinette"


def test_one_reply_per_person_and_none_after_the_close(
    client: Client, resident: User, mobility: Mobility, process: Process
) -> None:
    client.force_login(resident)
    assert submit_all(client, mobility, answers(mobility)).status_code == 302
    assert "You have replied" in client.get(mobility.url()).content.decode()
    again = submit_all(client, mobility, answers(mobility))
    assert again.status_code == 302
    assert Reply.objects.count() == 1
    closed = questionnaire_in(process, "after")
    assert "closed" in client.get(closed.url()).content.decode()
    assert submit_all(client, closed, answers(closed)).status_code == 302
    assert not Reply.objects.filter(form=closed.settings.form).exists()


def test_a_draft_is_kept_and_filled_in_again(
    client: Client, resident: User, mobility: Mobility
) -> None:
    client.force_login(resident)
    street = mobility.questions["street"].pk
    data = {f"q{street}": ["Rue du Moulin"], f"q{mobility.questions['days'].pk}": ["douze"]}
    response = send(client, mobility, data, 0, "draft")
    assert response.status_code == 200
    assert "draft is saved" in response.content.decode()
    draft = Reply.objects.get(is_draft=True, author=resident)
    assert Answer.objects.get(reply=draft).text == "Rue du Moulin"
    assert "Rue du Moulin" in client.get(mobility.url()).content.decode()
    submit_all(client, mobility, answers(mobility))
    assert not Reply.objects.filter(is_draft=True).exists()


def test_a_reply_can_be_changed_until_the_close_when_allowed(
    client: Client, resident: User, process: Process
) -> None:
    m = questionnaire_in(process, editable=True)
    client.force_login(resident)
    submit_all(client, m, answers(m))
    page = client.get(m.url()).content.decode()
    assert "Rue des Lilas" in page
    street = m.questions["street"].pk
    assert submit_all(client, m, answers(m, **{f"q{street}": ["Rue Neuve"]})).status_code == 302
    reply = Reply.objects.get()
    assert Answer.objects.get(reply=reply, question_id=street).text == "Rue Neuve"


def test_who_may_answer_follows_the_audience(
    client: Client, unverified_resident: User, process: Process
) -> None:
    verified_only = questionnaire_in(process)
    assert "Log in to answer" in client.get(verified_only.url()).content.decode()
    assert submit_all(client, verified_only, answers(verified_only)).status_code == 302
    client.force_login(unverified_resident)
    assert "Confirm your e-mail" in client.get(verified_only.url()).content.decode()
    client.logout()
    anyone = questionnaire_in(process, audience="anyone", one_reply=False, drafts=False)
    page = client.get(anyone.url()).content.decode()
    assert "without an account" in page
    assert submit_all(client, anyone, answers(anyone)).status_code == 302
    assert Reply.objects.get(form=anyone.settings.form).author is None
    assert not Reply.objects.filter(form=verified_only.settings.form).exists()


def png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "place.png"
    return buffer


def test_a_file_is_reencoded_and_a_forged_name_is_refused(
    client: Client, resident: User, mobility: Mobility
) -> None:
    client.force_login(resident)
    photo = mobility.questions["photo"].pk
    forged = answers(mobility, **{f"q{photo}": ["ville-de-test/forms/files/someone-else.jpg"]})
    submit_all(client, mobility, forged)
    assert not Answer.objects.filter(question_id=photo).exists()
    Reply.objects.all().delete()
    Participation.objects.all().delete()
    response = client.post(
        mobility.answer_url(),
        {**answers(mobility), f"q{photo}_upload": png(), "section": "2", "action": "submit"},
    )
    assert response.status_code == 302
    stored = Answer.objects.get(question_id=photo).file.name
    assert stored.startswith("ville-de-test/forms/files/")
    assert stored.endswith(".jpg")  # re-encoded


def test_a_file_that_is_not_an_image_is_refused_next_to_its_question(
    client: Client, resident: User, mobility: Mobility
) -> None:
    client.force_login(resident)
    photo = mobility.questions["photo"].pk
    fake = io.BytesIO(b"not an image at all")
    fake.name = "x.png"
    response = client.post(
        mobility.answer_url(),
        {**answers(mobility), f"q{photo}_upload": fake, "section": "2", "action": "submit"},
    )
    assert response.status_code == 400
    assert f'id="q{photo}_error"' in response.content.decode()
    assert "Rue des Lilas" in response.content.decode()


def test_an_anonymous_reply_is_sealed_then_mixed_in_without_its_author(
    client: Client,
    resident: User,
    process: Process,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.REPLY_MIX_BATCH = 1
    m = questionnaire_in(process, anonymous=True, drafts=False)
    client.force_login(resident)
    page = client.get(m.url()).content.decode()
    assert "Your reply is anonymous" in page
    assert "Save a draft" not in page
    with django_capture_on_commit_callbacks(execute=True):
        assert submit_all(client, m, answers(m)).status_code == 302
    reply = Reply.objects.get(form=m.settings.form)
    assert reply.author is None
    assert reply.updated_at is None
    assert reply.submitted_on is not None
    assert Answer.objects.filter(reply=reply).count() > 10
    assert not PendingReply.objects.exists()
    assert Participation.objects.filter(step=m.step, person=resident).exists()
    assert "You have replied" in client.get(m.url()).content.decode()


def test_the_messages_speak_the_residents_language(resident: User, mobility: Mobility) -> None:
    client = Client(headers={"accept-language": "fr"})
    client.force_login(resident)
    data = answers(mobility, **{f"q{mobility.questions['days'].pk}": ["douze"]})
    html = send(client, mobility, data, 0, "next").content.decode()
    assert "Saisissez un nombre, par exemple 12 ou 3,5." in html
    assert "Votre réponse est enregistrée avec votre compte" in html


def test_the_page_runs_the_same_queries_whatever_the_questions(
    client: Client, resident: User, mobility: Mobility, django_assert_max_num_queries: Any
) -> None:
    client.force_login(resident)
    client.get(mobility.url())
    with CaptureQueriesContext(connection) as twelve:
        client.get(mobility.url())
    first = mobility.questions["mode"].section
    for n in range(20):
        question = Question.objects.create(
            organization=first.organization,
            form=first.form,
            section=first,
            position=100 + n,
            type="single_choice",
            label=f"Question {n}",
        )
        for label in ("Oui", "Non", "Peut-être"):
            Option.objects.create(organization=first.organization, question=question, label=label)
        Condition.objects.create(
            organization=first.organization,
            question=question,
            source=mobility.questions["mode"],
            operator="answered",
        )
    with django_assert_max_num_queries(len(twelve.captured_queries)):
        page = client.get(mobility.url())
    assert "Question 19" in page.content.decode()
