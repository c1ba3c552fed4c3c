"""A notification goes out through a real SMTP server (aiosmtpd, started by the test), and
what arrives has both parts and the unsubscribe headers."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from tessera.accounts.models import User
from tessera.notifications import events, tasks
from tessera.proposals.models import Proposal
from tessera.proposals.services import proposal_status_change

pytestmark = pytest.mark.django_db


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__(message_class=EmailMessage)
        self.messages: list[EmailMessage] = []

    def handle_message(self, message: EmailMessage) -> None:  # type: ignore[override]
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_inbox(settings: Any) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    yield inbox
    controller.stop()


def test_a_status_mail_arrives_through_smtp_with_both_parts_and_its_headers(
    smtp_inbox: Inbox, proposal: Proposal, manager: User, worker: Callable[[], int]
) -> None:
    change = proposal_status_change(
        proposal=proposal,
        to_status="under_analysis",
        changed_by=manager,
        public_answer="Nous étudions votre idée.",
    )
    event = events.status_change_record(change=change)
    assert event is not None
    tasks.event_fan_out.enqueue(event_id=event.pk)
    worker()
    [received] = smtp_inbox.messages
    parsed = message_from_bytes(received.as_bytes(), policy=policy.default)
    assert parsed["To"] == "alix@example.org"
    assert "Des bancs à l'ombre" in str(parsed["Subject"])
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed["List-Unsubscribe"].startswith("<http://testserver/notifications/unsubscribe/")
    assert parsed.get_content_type() == "multipart/alternative"
    text = parsed.get_body(preferencelist=("plain",))
    html = parsed.get_body(preferencelist=("html",))
    assert text is not None
    assert html is not None
    assert "Nous étudions votre idée." in text.get_content()
    assert "<blockquote" in html.get_content()
    assert "Nous étudions votre idée." in html.get_content()
