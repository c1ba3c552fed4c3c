"""The news back office through HTTP: the role × action matrix, writing with good and bad
input, publishing and unpublishing, deleting, and another organisation's staff kept out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from tessera.accounts.models import User
from tessera.news.models import Post
from tessera.news.rules import PostState
from tessera.organizations.models import Organization
from tessera.processes.models import Process
from tests.conftest import OTHER_HOST
from tests.news.conftest import jpeg_upload, make_post

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
    ("view_post", "published"),
    ("view_post", "draft"),
    ("manage", "none"),
    ("add_post", "none"),
    ("change_post", "published"),
    ("publish_post", "draft"),
    ("delete_post", "published"),
]
# A row per persona, in the order of ACTIONS.
EXPECTED = {
    "anonymous":                (1, 0, 0, 0, 0, 0, 0),
    "resident":                 (1, 0, 0, 0, 0, 0, 0),
    "analyst":                  (1, 0, 0, 0, 0, 0, 0),
    "moderator":                (1, 0, 0, 0, 0, 0, 0),
    "manager":                  (1, 1, 1, 1, 1, 1, 1),
    "admin":                    (1, 1, 1, 1, 1, 1, 1),
    "other_organization_admin": (1, 0, 1, 1, 0, 0, 0),
}  # fmt: skip


def persona(name: str, request: pytest.FixtureRequest) -> object:
    return AnonymousUser() if name == "anonymous" else request.getfixturevalue(name)


@pytest.mark.parametrize("name", PERSONAS)
def test_the_rules_matrix(
    name: str, request: pytest.FixtureRequest, organization: Organization, budget: Process
) -> None:
    user = persona(name, request)
    targets = {
        "published": make_post(organization, process=budget),
        "draft": make_post(organization, published=False),
        "none": None,
    }
    allowed = tuple(
        int(user.has_perm(f"news.{action}", targets[target]))  # type: ignore[attr-defined]
        for action, target in ACTIONS
    )
    assert allowed == EXPECTED[name]


@pytest.mark.parametrize("name", PERSONAS)
def test_the_back_office_answers_managers_and_administrators_only(
    name: str, request: pytest.FixtureRequest, client: Client, organization: Organization
) -> None:
    user = persona(name, request)
    if name != "anonymous":
        client.force_login(user)  # type: ignore[arg-type]
    draft = make_post(organization, published=False, title="Brouillon")
    pages = [
        ("get", "/manage/news/", {}),
        ("get", "/manage/news/add/", {}),
        ("post", "/manage/news/add/", {"title": "Piraté", "body": "X"}),
        ("get", f"/manage/news/{draft.pk}/", {}),
        ("post", f"/manage/news/{draft.pk}/", {"title": "Piraté", "body": "X"}),
        ("get", f"/manage/news/{draft.pk}/preview/", {}),
        ("post", f"/manage/news/{draft.pk}/publish/", {}),
        ("post", f"/manage/news/{draft.pk}/unpublish/", {}),
        ("get", f"/manage/news/{draft.pk}/delete/", {}),
    ]
    for method, url, data in pages:
        status = getattr(client, method)(url, data).status_code
        if name in ("manager", "admin"):
            assert status in (200, 302), (url, status)
        elif name in ("anonymous", "other_organization_admin"):
            # Another site's account is no session here: asked to log in, like anyone.
            assert status == 302, (url, status)
        else:
            assert status == 403, (url, status)
    draft.refresh_from_db()
    assert (draft.title == "Piraté") is (name in ("manager", "admin"))
    assert client.post(f"/manage/news/{draft.pk}/delete/").status_code in (302, 403)
    assert Post.objects.filter(pk=draft.pk).exists() is (name not in ("manager", "admin"))


def test_the_manage_menu_offers_news_to_managers_only(
    client: Client, manager: User, moderator: User
) -> None:
    client.force_login(manager)
    assert 'href="/manage/news/"' in client.get("/manage/").content.decode()
    client.force_login(moderator)
    assert 'href="/manage/news/"' not in client.get("/manage/").content.decode()


def test_a_manager_writes_a_post_with_an_image_and_publishes_it(
    client: Client, manager: User, budget: Process
) -> None:
    client.force_login(manager)
    response = client.post(
        "/manage/news/add/",
        {
            "process": budget.pk,
            "title": "  Les ateliers  ",
            "body": "Venez **nombreux**.",
            "image": jpeg_upload(),
            "image_alt": "Des habitants autour d’une table.",
            "action": "publish",
        },
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert (post.title, post.process, post.author) == ("Les ateliers", budget, manager)
    assert post.body_html == "<p>Venez <strong>nombreux</strong>.</p>"
    assert post.state() is PostState.PUBLISHED
    assert post.image.name.startswith("ville-de-test/news/")
    with post.image.open() as stored:
        assert Image.open(stored).getexif() == {}
    # Its image is the public's once published.
    assert Client().get(post.image.url).status_code == 200


def test_a_draft_stays_private_and_its_image_too(
    client: Client, manager: User, organization: Organization
) -> None:
    client.force_login(manager)
    client.post(
        "/manage/news/add/",
        {"title": "Brouillon", "body": "…", "image": jpeg_upload(), "image_alt": "Un dessin."},
    )
    post = Post.objects.get()
    assert post.state() is PostState.DRAFT
    assert Client().get(post.get_absolute_url()).status_code == 404
    assert Client().get(post.image.url).status_code == 404
    preview = client.get(f"/manage/news/{post.pk}/preview/")
    assert preview.status_code == 200
    assert "Brouillon" in preview.content.decode()


def test_a_post_with_a_later_date_is_scheduled(client: Client, manager: User) -> None:
    client.force_login(manager)
    later = timezone.localtime() + timedelta(days=2)
    client.post(
        "/manage/news/add/",
        {
            "title": "Plus tard",
            "body": "…",
            "publish_at": later.strftime("%Y-%m-%dT%H:%M"),
            "action": "publish",
        },
    )
    post = Post.objects.get()
    assert post.state() is PostState.SCHEDULED
    assert Client().get(post.get_absolute_url()).status_code == 404
    assert post.state(post.publish_at + timedelta(seconds=1)) is PostState.PUBLISHED


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"title": "", "body": "x"}, "title", "required"),
        ({"title": "x" * 201, "body": "x"}, "title", "max_length"),
        ({"title": "T", "body": ""}, "body", "required"),
        ({"title": "T", "body": "x", "publish_at": "demain"}, "publish_at", "invalid"),
        ({"title": "T", "body": "x", "process": "999999"}, "process", "invalid_choice"),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_what_was_typed_is_kept(
    client: Client, manager: User, data: dict[str, str], field: str, code: str
) -> None:
    client.force_login(manager)
    response = client.post("/manage/news/add/", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert [error.code for error in form.errors.as_data()[field]] == [code]
    assert form["body"].value() == data["body"]
    assert not Post.objects.exists()


def test_an_image_without_description_or_a_file_that_is_no_image_is_refused(
    client: Client, manager: User
) -> None:
    client.force_login(manager)
    response = client.post("/manage/news/add/", {"title": "T", "body": "x", "image": jpeg_upload()})
    assert response.status_code == 400
    assert [e.code for e in response.context["form"].errors.as_data()["image_alt"]] == [
        "alt_missing"
    ]
    assert "Choisissez de nouveau l’image" in response.content.decode()
    fake = SimpleUploadedFile("virus.jpg", b"MZ not an image", content_type="image/jpeg")
    response = client.post(
        "/manage/news/add/", {"title": "T", "body": "x", "image": fake, "image_alt": "x"}
    )
    assert response.status_code == 400
    assert [e.code for e in response.context["form"].errors.as_data()["image"]] == ["invalid"]
    assert not Post.objects.exists()


def test_unpublishing_takes_a_post_off_the_site_and_publishing_brings_it_back(
    client: Client, manager: User, organization: Organization
) -> None:
    post = make_post(organization)
    client.force_login(manager)
    client.post(f"/manage/news/{post.pk}/unpublish/")
    assert Client().get(post.get_absolute_url()).status_code == 404
    client.post(f"/manage/news/{post.pk}/publish/")
    assert Client().get(post.get_absolute_url()).status_code == 200


def test_editing_can_remove_the_image(
    client: Client, manager: User, organization: Organization
) -> None:
    client.force_login(manager)
    client.post(
        "/manage/news/add/",
        {"title": "T", "body": "x", "image": jpeg_upload(), "image_alt": "Un dessin."},
    )
    post = Post.objects.get()
    response = client.post(
        f"/manage/news/{post.pk}/", {"title": "T", "body": "x", "remove_image": "on"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.image.name, post.image_alt) == ("", "")


def test_another_organisation_cannot_reach_our_posts(
    organization: Organization,
    other_organization: Organization,
    other_organization_admin: User,
) -> None:
    """The attacker: an administrator of another city, on their own site, asks for our ids."""
    ours = make_post(organization, title="À nous", image=True)
    draft = make_post(organization, title="Brouillon à nous", published=False)
    attacker = Client(HTTP_HOST=OTHER_HOST)
    attacker.force_login(other_organization_admin)
    for url in (
        ours.get_absolute_url(),
        f"/manage/news/{draft.pk}/",
        f"/manage/news/{draft.pk}/preview/",
        f"/manage/news/{draft.pk}/delete/",
    ):
        assert attacker.get(url).status_code == 404, url
    assert attacker.post(f"/manage/news/{draft.pk}/publish/").status_code == 404
    assert attacker.post(f"/manage/news/{ours.pk}/delete/").status_code == 404
    assert (
        attacker.post(
            ours.image.url if ours.image else "/media/ville-de-test/news/x.jpg"
        ).status_code
        == 404
    )
    assert "À nous" not in attacker.get("/news/").content.decode()
    assert "À nous" not in attacker.get("/manage/news/").content.decode()
    draft.refresh_from_db()
    assert draft.state() is PostState.DRAFT
