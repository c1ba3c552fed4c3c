"""The decision form and the revision request: statuses through the proposals service, the
author e-mailed in their language, the author's edit window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.mail import EmailMessage
from django.test import Client
from django.utils import timezone

from tessera.accounts.models import User
from tessera.analysis.models import Decision, RevisionRequest
from tessera.proposals.models import Proposal
from tests.analysis.conftest import page_url, yesterday
from tests.conftest import run_tasks

pytestmark = pytest.mark.django_db


def test_the_manager_decides_and_the_author_is_e_mailed(
    client: Client,
    manager: User,
    proposal: Proposal,
    mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: object,
) -> None:
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post(
            page_url(proposal, "decision/"),
            {"outcome": "eligible", "public_answer": "Votre idée sera soumise au vote."},
        )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "eligible"
    assert proposal.official_answer == "Votre idée sera soumise au vote."
    decision = Decision.objects.get()
    assert (decision.outcome, decision.decided_by) == ("eligible", manager)
    assert decision.status_change == proposal.status_changes.get()
    run_tasks()  # the notifications' worker
    (message,) = mailoutbox
    assert message.to == ["alice@example.org"]
    assert "Votre idée sera soumise au vote." in message.body
    page = client.get(page_url(proposal)).content.decode()
    assert "<strong>Recevable</strong>, décision de" in page


def test_the_decision_e_mail_speaks_the_authors_language(
    client: Client,
    manager: User,
    proposal: Proposal,
    author: User,
    mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: object,
) -> None:
    User.objects.filter(pk=author.pk).update(language="en")
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        client.post(
            page_url(proposal, "decision/"),
            {"outcome": "ineligible", "public_answer": "Outside the city's remit."},
        )
    run_tasks()  # the notifications' worker
    (message,) = mailoutbox
    assert "is now: Ineligible" in message.body


def test_a_decision_needs_an_outcome_and_a_public_answer(
    client: Client, manager: User, proposal: Proposal
) -> None:
    client.force_login(manager)
    response = client.post(page_url(proposal, "decision/"), {"public_answer": "Texte gardé"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choisissez recevable ou irrecevable." in page
    assert "Texte gardé" in page
    response = client.post(page_url(proposal, "decision/"), {"outcome": "eligible"})
    assert "Rédigez la réponse publique : l’auteur ou l’autrice la reçoit." in (
        response.content.decode()
    )
    proposal.refresh_from_db()
    assert proposal.status == "under_analysis"


def test_a_decision_may_be_corrected_but_not_repeated(
    client: Client, manager: User, proposal: Proposal
) -> None:
    client.force_login(manager)
    client.post(page_url(proposal, "decision/"), {"outcome": "eligible", "public_answer": "Oui"})
    response = client.post(
        page_url(proposal, "decision/"), {"outcome": "eligible", "public_answer": "Encore"}
    )
    assert response.status_code == 400
    assert "La proposition est déjà « Recevable »." in response.content.decode()
    client.post(page_url(proposal, "decision/"), {"outcome": "ineligible", "public_answer": "Non"})
    proposal.refresh_from_db()
    assert proposal.status == "ineligible"
    assert Decision.objects.get().outcome == "ineligible"
    assert proposal.status_changes.count() == 2


def test_a_revision_request_e_mails_the_author_and_reopens_editing_until_the_deadline(
    client: Client,
    manager: User,
    proposal: Proposal,
    author: User,
    mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: object,
) -> None:
    edit_url = f"/processes/budget/steps/{proposal.step_id}/proposals/{proposal.pk}/edit/"
    client.force_login(author)
    assert client.get(edit_url).status_code == 403  # the collect step has closed

    client.force_login(manager)
    deadline = timezone.localdate() + timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post(
            page_url(proposal, "revision/"),
            {"reason": "Précisez l’emplacement des bancs.", "deadline": deadline.isoformat()},
        )
    assert response.status_code == 302
    request = RevisionRequest.objects.get()
    assert timezone.localtime(request.deadline).date() == deadline
    proposal.refresh_from_db()
    assert proposal.author_may_edit_until == request.deadline
    run_tasks()  # the notifications' worker
    (message,) = mailoutbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "Merci de revoir votre proposition « Des bancs à l'ombre »"
    assert "Précisez l’emplacement des bancs." in message.body
    assert f"http://testserver{edit_url}" in message.body

    client.force_login(author)
    assert client.get(edit_url).status_code == 200
    Proposal.objects.filter(pk=proposal.pk).update(
        author_may_edit_until=timezone.now() - timedelta(minutes=1)
    )
    assert client.get(edit_url).status_code == 403


def test_the_revision_e_mail_speaks_the_authors_language(
    client: Client,
    manager: User,
    proposal: Proposal,
    author: User,
    mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: object,
) -> None:
    User.objects.filter(pk=author.pk).update(language="en")
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        client.post(
            page_url(proposal, "revision/"),
            {"reason": "Where exactly?", "deadline": timezone.localdate().isoformat()},
        )
    run_tasks()  # the notifications' worker
    (message,) = mailoutbox
    assert message.subject == "Please revise your proposal “Des bancs à l'ombre”"


KEPT = "Texte gardé"
BAD_REVISIONS = [
    (
        {"reason": "", "deadline": "{tomorrow}"},
        "Indiquez ce que l’auteur ou l’autrice doit revoir.",
    ),
    ({"reason": KEPT, "deadline": ""}, "Choisissez la date limite."),
    ({"reason": KEPT, "deadline": "demain"}, "Saisissez une date, par exemple 31/12/2026."),
    (
        {"reason": KEPT, "deadline": "{yesterday}"},
        "La date limite doit être aujourd’hui ou plus tard.",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD_REVISIONS)
def test_a_bad_revision_request_is_explained_and_keeps_the_text(
    client: Client,
    manager: User,
    proposal: Proposal,
    mailoutbox: list[EmailMessage],
    data: dict[str, str],
    message: str,
) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    data = {
        key: value.format(tomorrow=tomorrow, yesterday=yesterday().isoformat())
        for key, value in data.items()
    }
    client.force_login(manager)
    response = client.post(page_url(proposal, "revision/"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    if data["reason"]:
        assert "Texte gardé" in page
    assert not RevisionRequest.objects.exists()
    assert mailoutbox == []
