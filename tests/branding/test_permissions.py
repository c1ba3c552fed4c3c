"""Role × action matrix: only the organisation's administrators change its identity and content."""

from __future__ import annotations

import pytest
from django.test import Client

from tessera.accounts.models import User
from tessera.branding.models import NewsletterSubscription
from tessera.organizations.models import Organization
from tests.branding.helpers import identity_form

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "resident", "moderator", "manager", "admin", "other_organization_admin"]
ALLOWED = {"admin"}

PAGES = {
    "identity editor": ("get", "/site/manage/", {}),
    "save the draft": ("post", "/site/manage/", identity_form()),
    "preview": ("post", "/site/manage/preview/", {"enabled": "1"}),
    "publish": ("post", "/site/manage/publish/", {}),
    "404 list": ("get", "/site/manage/not-found/", {}),
    "redirect a 404": ("post", "/site/manage/not-found/", {"path": "/x", "target": "/"}),
    "redirects in the back office": ("get", "/site/manage/redirects/", {}),
    "add a redirect": ("post", "/site/manage/redirects/add/", {"path": "/x", "target": "/"}),
    "pages in the back office": ("get", "/site/manage/pages/", {}),
    "add a page": (
        "post",
        "/site/manage/pages/add/",
        {"title": "T", "slug": "t", "kind": "faq", "body": "b"},
    ),
    "sections in the back office": ("get", "/site/manage/sections/", {}),
    "add a section": ("post", "/site/manage/sections/", {"kind": "text"}),
    "menus in the back office": ("get", "/site/manage/menus/", {}),
    "add a menu link": (
        "post",
        "/site/manage/menus/",
        {"menu": "header", "destination": "url", "url": "/"},
    ),
    "newsletter subscriptions": ("get", "/site/manage/newsletter/", {}),
}


def client_for(persona: str, request: pytest.FixtureRequest) -> Client:
    if persona == "anonymous":
        return Client()
    user: User = request.getfixturevalue(persona)
    client = Client()  # always on the first organisation's host
    client.force_login(user)
    return client


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", PAGES)
def test_who_may_manage_the_site(
    persona: str, action: str, organization: Organization, request: pytest.FixtureRequest
) -> None:
    method, url, data = PAGES[action]
    client = client_for(persona, request)
    response = getattr(client, method)(url, data)
    if persona in ALLOWED:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "login" not in response["Location"]
    elif persona == "anonymous" or persona == "other_organization_admin":
        # The other organisation's admin is unknown here: a visitor like any other.
        assert response.status_code == 302
        assert "login" in response["Location"]
    else:
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "login" in response["Location"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_permission_checked_on_objects(
    persona: str,
    organization: Organization,
    other_organization: Organization,
    request: pytest.FixtureRequest,
) -> None:
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    subscription = NewsletterSubscription(organization=organization, email="a@example.org")
    for permission, target in [
        ("branding.manage_identity", organization),
        ("branding.view_newslettersubscription", subscription),
    ]:
        allowed = user is not None and user.has_perm(permission, target)
        assert allowed == (persona in ALLOWED), (persona, permission)
