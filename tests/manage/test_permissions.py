"""Role × page matrix of the back office: who may open or post each /manage/ page.

Every page of the manage app's URL list is walked (a test fails when a page is added
without its row), as anonymous, resident, analyst, moderator, manager, administrator and an
administrator of another organisation.
"""

from __future__ import annotations

import pytest

from tessera.manage import urls as manage_urls
from tessera.processes.models import Process
from tests.conftest import make_user
from tests.factories import ThemeFactory
from tests.manage.conftest import client_of

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

# For each page: method, a path builder, and the personas that may use it.
STAFF = {"analyst", "moderator", "manager", "admin"}
MANAGERS = {"manager", "admin"}
ADMINS = {"admin"}

PAGES = {
    "dashboard": ("get", lambda p: "/manage/", STAFF),
    "people": ("get", lambda p: "/manage/people/", ADMINS),
    "taxonomy": ("get", lambda p: "/manage/themes-and-districts/", MANAGERS),
    "taxonomy_edit": (
        "get",
        lambda p: (
            f"/manage/themes-and-districts/themes/{ThemeFactory(organization=p.organization).pk}/"
        ),
        MANAGERS,
    ),
    "person": (
        "get",
        lambda p: f"/manage/people/{make_user(p.organization).pk}/",
        ADMINS,
    ),
    "processes": ("get", lambda p: "/manage/processes/", MANAGERS),
    "process_create": ("get", lambda p: "/manage/processes/new/", MANAGERS),
    "timeline": ("get", lambda p: f"/manage/processes/{p.slug}/", MANAGERS),
    "process_edit": ("get", lambda p: f"/manage/processes/{p.slug}/edit/", MANAGERS),
    "process_publish": ("post", lambda p: f"/manage/processes/{p.slug}/publish/", MANAGERS),
    "process_duplicate": ("post", lambda p: f"/manage/processes/{p.slug}/duplicate/", MANAGERS),
    "process_remove": ("get", lambda p: f"/manage/processes/{p.slug}/remove/", MANAGERS),
    "step": ("get", lambda p: f"/manage/processes/{p.slug}/steps/{p.steps.first().pk}/", MANAGERS),
    "step_settings": (
        "post",
        lambda p: f"/manage/processes/{p.slug}/steps/{p.steps.first().pk}/settings/",
        MANAGERS,
    ),
    "step_remove": (
        "post",
        lambda p: f"/manage/processes/{p.slug}/steps/{p.steps.first().pk}/remove/",
        MANAGERS,
    ),
}


def test_every_page_of_the_back_office_is_in_the_matrix() -> None:
    names = {pattern.name for pattern in manage_urls.urlpatterns}
    assert names == set(PAGES)


def _user(name: str, request: pytest.FixtureRequest) -> object:
    return None if name == "anonymous" else request.getfixturevalue(name)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_opens_exactly_the_pages_the_matrix_allows(
    page: str, persona: str, request: pytest.FixtureRequest, process: Process
) -> None:
    method, path, allowed = PAGES[page]
    client = client_of(_user(persona, request))
    response = getattr(client, method)(path(process))
    # Another organisation's account is not a session on this site: it is asked to log in.
    if persona in ("anonymous", "other_organization_admin"):
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif persona in allowed:
        assert response.status_code in (200, 302), (persona, page, response.status_code)
    else:
        assert response.status_code in (403, 404), (persona, page, response.status_code)
