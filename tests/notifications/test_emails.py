"""The e-mails: multipart, in the recipient's language, in the site's colours, with a
one-click unsubscribe link; the ballot's summary in the thank-you, erased once sent."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from tessera.accounts.models import User
from tessera.branding.models import SiteSettings
from tessera.notifications import events, tasks
from tessera.notifications.models import Event
from tessera.organizations.models import Organization
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tessera.proposals.services import proposal_status_change
from tessera.voting.ballot_rules import ProposalOption

pytestmark = pytest.mark.django_db


def send(event: Event | None, run: Callable[[], int]) -> None:
    assert event is not None
    tasks.event_fan_out.enqueue(event_id=event.pk)
    run()


def html_of(message: mail.EmailMessage) -> str:
    assert isinstance(message, EmailMultiAlternatives)
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return str(html)


def test_the_status_mail_carries_the_status_the_answer_and_an_unsubscribe_link(
    proposal: Proposal,
    manager: User,
    worker: Callable[[], int],
    outbox: list[mail.EmailMessage],
) -> None:
    SiteSettings.objects.update_or_create(
        organization=proposal.organization,
        defaults={"site_name": "Ville de Test participe", "primary_color": "#8a2be2"},
    )
    change = proposal_status_change(
        proposal=proposal,
        to_status="under_analysis",
        changed_by=manager,
        public_answer="Les services étudient votre idée.",
    )
    send(events.status_change_record(change=change), worker)
    [message] = outbox
    assert message.to == ["alix@example.org"]
    assert message.subject == (
        "«\u00a0Des bancs à l'ombre\u00a0» est maintenant : En cours d’analyse, "
        "avec une réponse officielle"
    )
    assert "Les services étudient votre idée." in message.body
    assert "Ville de Test participe" in message.from_email
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://testserver/notifications/unsubscribe/")
    assert unsubscribe.strip("<>") in message.body
    html = html_of(message)
    assert "#8a2be2" in html
    assert "Ville de Test participe" in html
    assert "Les services étudient votre idée." in html


def test_the_mail_speaks_the_recipient_s_language(
    proposal: Proposal,
    author: User,
    manager: User,
    worker: Callable[[], int],
    outbox: list[mail.EmailMessage],
) -> None:
    author.language = "en"
    author.save()
    change = proposal_status_change(
        proposal=proposal, to_status="under_analysis", changed_by=manager
    )
    send(events.status_change_record(change=change), worker)
    [message] = outbox
    assert message.subject == "“Des bancs à l'ombre” is now: Under analysis"
    assert "Hello Alix Autrice," in message.body
    assert 'lang="en"' in html_of(message)


def test_the_thank_you_for_a_ballot_summarises_it_then_forgets_it(
    organization: Organization,
    vote_step: Step,
    resident: User,
    worker: Callable[[], int],
    outbox: list[mail.EmailMessage],
) -> None:
    lines = [
        (ProposalOption(id=1, cost=42_000, title="Un jardin partagé"), None),
        (ProposalOption(id=2, cost=8_000, title="Des bancs"), None),
    ]
    event = events.ballot_record(voter=resident, step=vote_step, lines=lines, kind="budget")
    send(event, worker)
    [message] = outbox
    assert message.subject == "Merci d’avoir voté : Budget 2026"
    assert "Un jardin partagé (42\u202f000\u00a0€)" in message.body
    assert "Total : 50\u202f000\u00a0€" in message.body
    assert event is not None
    event.refresh_from_db()
    # The secret ballot: what was voted is not kept beside the voter's name.
    assert "lines" not in event.payload
    assert "total" not in event.payload


def test_every_link_of_a_mail_sent_in_background_carries_the_site_s_port(
    proposal: Proposal,
    manager: User,
    worker: Callable[[], int],
    outbox: list[mail.EmailMessage],
    settings: object,
) -> None:
    # The demo serves http://127.0.0.1:8000: a link without the port leads nowhere.
    settings.PUBLIC_PORT = "8000"  # type: ignore[attr-defined]
    change = proposal_status_change(
        proposal=proposal, to_status="under_analysis", changed_by=manager, public_answer="Vu."
    )
    send(events.status_change_record(change=change), worker)
    [message] = outbox
    links = re.findall(r"https?://[^\s\"'<>]+", message.body + html_of(message))
    assert links
    assert all(link.startswith("http://testserver:8000/") for link in links), links
