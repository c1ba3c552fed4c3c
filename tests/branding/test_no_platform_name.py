"""The platform's own name appears on no public page, title, file or e-mail of a customer's site.

The test follows every link and every style sheet, script and image of the public pages from the
home page (on the customer's host), then sends the sign-up and password-reset e-mails.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.core import mail
from django.test import Client

from tessera.accounts.models import User
from tessera.branding.models import ContentPage
from tessera.branding.services_content import content_page_save
from tessera.organizations.models import Organization
from tests.processes.helpers import process_in

pytestmark = pytest.mark.django_db

PLATFORM_NAME = re.compile("tessera", re.IGNORECASE)
LINK = re.compile(r'(?:href|src|action)="([^"]+)"')
MAX_PAGES = 80
NOT_CRAWLED = ("/i18n/", "/accounts/logout/", "/site/newsletter/")


def crawl(client: Client, start: list[str]) -> dict[str, str]:
    """Every same-site URL reachable from `start`, with its body."""
    seen: dict[str, str] = {}
    queue = list(start)
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen or url.startswith(NOT_CRAWLED):
            continue
        response = client.get(url)
        if response.status_code in (301, 302):
            seen[url] = ""
            queue.append(response["Location"])
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        text = body.decode("utf-8", errors="replace")
        seen[url] = text
        if "html" not in response.get("Content-Type", ""):
            continue
        for link in LINK.findall(text):
            parts = urlsplit(urljoin(url, link.replace("&amp;", "&")))
            if parts.netloc in ("", "testserver") and parts.path.startswith("/"):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


def test_no_public_page_file_or_email_names_the_platform(
    organization: Organization, resident: User, client: Client
) -> None:
    process = process_in(organization, "open", title="Budget participatif")
    content_page_save(
        page=ContentPage(
            organization=organization,
            title="Mentions légales",
            slug="mentions",
            kind="legal",
            body="Éditeur : la ville.",
        )
    )
    pages = crawl(
        client,
        [
            "/",
            process.get_absolute_url(),
            "/accounts/signup/",
            "/accounts/password/reset/",
            "/une-page-qui-n-existe-pas/",
        ],
    )
    assert len(pages) >= 10, sorted(pages)
    assert any(url.startswith("/static/") for url in pages)
    assert any(url.startswith("/site/theme.css") for url in pages)
    named = [url for url, body in pages.items() if PLATFORM_NAME.search(body)]
    assert not named, named

    client.post(
        "/accounts/signup/",
        {
            "display_name": "Camille",
            "email": "camille@example.org",
            "password1": "un mot de passe solide",
            "password2": "un mot de passe solide",
            "accept_terms": "on",
        },
    )
    client.post("/accounts/password/reset/", {"email": resident.email})
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        texts = [message.subject, message.body, message.from_email]
        texts += [str(content) for content, _type in getattr(message, "alternatives", [])]
        assert not PLATFORM_NAME.search("\n".join(texts)), message.subject
