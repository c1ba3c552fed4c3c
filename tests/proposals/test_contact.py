"""Contact the author: an e-mail that never shows the author's address, behind ALTCHA."""

from __future__ import annotations

import json

import pytest
from altcha.v2 import Challenge, Payload, solve_challenge
from django.core import mail
from django.test import Client

from tessera.accounts.models import User
from tessera.proposals.models import Proposal
from tessera.proposals.views.contact import CONTACT_RATE
from tests.proposals.conftest import url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cheap_proof_of_work(settings: object) -> None:
    settings.ALTCHA_CHALLENGE = {"cost": 10, "key_prefix": "0"}  # type: ignore[attr-defined]


def solved(client: Client) -> str:
    """What the widget computes in the browser: fetch a challenge, solve it, encode it."""
    challenge = Challenge.from_dict(json.loads(client.get("/altcha/challenge/").content))
    solution = solve_challenge(challenge)
    assert solution is not None
    return Payload(challenge, solution).to_base64()


def message(client: Client, **overrides: str) -> dict[str, str]:
    data = {
        "message": "Bonjour, je voudrais aider à réaliser votre projet.",
        "sender_name": "Bob Voisin",
        "sender_email": "bob@example.net",
        "phone": "06 12 34 56 78",
        "altcha": solved(client),
    }
    data.update(overrides)
    return data


def test_the_page_serves_the_widget_from_the_platform(client: Client, proposal: Proposal) -> None:
    page = client.get(url(proposal.step, "contact", proposal)).content.decode()
    assert "<altcha-widget" in page
    assert 'src="/static/altcha_django/altcha.min.js"' in page
    assert "alice@example.org" not in page


def test_a_visitor_writes_to_the_author_who_replies_by_plain_email(
    client: Client, proposal: Proposal
) -> None:
    response = client.post(url(proposal.step, "contact", proposal), message(client))
    assert response.status_code == 302
    assert "alice@example.org" not in client.get(response["Location"]).content.decode()
    [sent] = mail.outbox
    assert sent.to == ["alice@example.org"]
    assert sent.reply_to == ["bob@example.net"]
    assert "Bob Voisin vous a écrit" in sent.body
    assert "06 12 34 56 78" in sent.body
    assert "Des bancs à l'ombre" in sent.subject


def test_without_a_solved_challenge_nothing_is_sent(client: Client, proposal: Proposal) -> None:
    response = client.post(url(proposal.step, "contact", proposal), message(client, altcha=""))
    assert response.status_code == 400
    forged = client.post(url(proposal.step, "contact", proposal), message(client, altcha="e30="))
    assert forged.status_code == 400
    assert mail.outbox == []


def test_bad_fields_get_french_messages(client: Client, proposal: Proposal) -> None:
    response = client.post(
        url(proposal.step, "contact", proposal),
        message(client, sender_email="pas-une-adresse", phone="appelez-moi", message="court"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Saisissez une adresse de courriel valide" in page
    assert "chiffres" in page
    assert "Bob Voisin" in page
    assert mail.outbox == []


def test_a_visitor_sending_too_many_messages_is_paused(client: Client, proposal: Proposal) -> None:
    for _ in range(CONTACT_RATE):
        client.post(url(proposal.step, "contact", proposal), message(client))
    response = client.post(url(proposal.step, "contact", proposal), message(client))
    assert response.status_code == 429
    assert "Trop de messages" in response.content.decode()
    assert len(mail.outbox) == CONTACT_RATE


def test_nobody_contacts_a_deleted_author(client: Client, proposal: Proposal, author: User) -> None:
    from tessera.accounts.services import account_delete

    account_delete(user=author)
    assert client.get(url(proposal.step, "contact", proposal)).status_code == 403


def test_a_title_holding_a_line_break_cannot_break_the_mail_header(
    client: Client, proposal: Proposal
) -> None:
    Proposal.objects.filter(pk=proposal.pk).update(title="Des bancs\r\nBcc: victime@example.org")
    response = client.post(url(proposal.step, "contact", proposal), message(client))
    assert response.status_code == 302
    (sent,) = mail.outbox
    assert "\n" not in sent.subject
    assert "\r" not in sent.subject
    assert sent.recipients() == [proposal.author.email]
    assert "Bcc" not in sent.message()
