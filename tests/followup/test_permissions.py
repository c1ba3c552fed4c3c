"""Role × action matrix of the follow-up, in rules and through HTTP."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from tessera.followup.models import Realisation
from tessera.processes.models import Step

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "resident",
    "analyst",
    "moderator",
    "manager",
    "admin",
    "other_organization_admin",
]
ACTIONS = [
    ("view_realisation_page", "realisation"),
    ("manage", "none"),
    ("change_realisation", "realisation"),
    ("publish_news", "realisation"),
    ("create_realisations", "process"),
    ("view_realisationupdate", "realisation"),
]
# A row per persona, in the order of ACTIONS; the process is public.
EXPECTED = {
    "anonymous":                (1, 0, 0, 0, 0, 0),
    "resident":                 (1, 0, 0, 0, 0, 0),
    "analyst":                  (1, 0, 0, 0, 0, 0),
    "moderator":                (1, 0, 0, 0, 0, 0),
    "manager":                  (1, 1, 1, 1, 1, 1),
    "admin":                    (1, 1, 1, 1, 1, 1),
    "other_organization_admin": (1, 1, 0, 0, 0, 0),
}  # fmt: skip


def persona(name: str, request: pytest.FixtureRequest) -> object:
    if name == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue(name)


@pytest.mark.parametrize("name", PERSONAS)
def test_the_rules_matrix(
    name: str, request: pytest.FixtureRequest, realisation: Realisation
) -> None:
    user = persona(name, request)
    targets = {"realisation": realisation, "process": realisation.process, "none": None}
    allowed = tuple(
        int(user.has_perm(f"followup.{action}", targets[target]))  # type: ignore[attr-defined]
        for action, target in ACTIONS
    )
    assert allowed == EXPECTED[name]


@pytest.mark.parametrize("name", PERSONAS)
def test_the_back_office_answers_staff_only(
    name: str,
    request: pytest.FixtureRequest,
    client: Client,
    realisation: Realisation,
    followup_step: Step,
) -> None:
    user = persona(name, request)
    if name != "anonymous":
        client.force_login(user)  # type: ignore[arg-type]
    urls = [
        ("get", "/manage/realisations/", {}),
        ("get", f"/manage/realisations/{realisation.pk}/", {}),
        ("post", f"/manage/realisations/{realisation.pk}/", {"title": "Piraté"}),
        ("post", f"/manage/realisations/{realisation.pk}/news/", {"title": "X", "body": "Y"}),
        ("post", "/manage/realisations/create/", {"step": followup_step.pk}),
    ]
    for method, url, data in urls:
        response = getattr(client, method)(url, data)
        if name == "anonymous":
            assert response.status_code == 302
            assert "/accounts/login/" in response["Location"]
        elif name in ("manager", "admin"):
            assert response.status_code in (200, 302, 400), url
        elif name == "other_organization_admin":
            # Its session belongs to another site: here it is nobody.
            assert response.status_code in (302, 403, 404), url
        else:
            assert response.status_code == 403, url
    realisation.refresh_from_db()
    assert realisation.title != "Piraté"


@pytest.mark.parametrize("name", ["anonymous", "resident", "moderator", "manager"])
def test_the_public_pages_answer_everyone(
    name: str, request: pytest.FixtureRequest, client: Client, realisation: Realisation
) -> None:
    if name != "anonymous":
        client.force_login(request.getfixturevalue(name))
    assert client.get("/realisations/").status_code == 200
    assert client.get(realisation.get_absolute_url()).status_code == 200
