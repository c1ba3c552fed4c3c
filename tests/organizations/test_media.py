"""Uploaded files: another organisation's host never reaches them, whatever the path says."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from tessera.organizations.media import clean_name
from tessera.organizations.models import Organization
from tessera.processes.models import Process, Visibility
from tests.factories import ProcessFactory

TRAVERSALS = [
    "/media/{other}/../{ours}/processes/cover.jpg",
    "/media/{other}/%2e%2e/{ours}/processes/cover.jpg",
    "/media/{other}/%2E%2E/{ours}/processes/cover.jpg",
    "/media/{other}/..%2f{ours}/processes/cover.jpg",
    "/media/{other}/./../{ours}/processes/cover.jpg",
    "/media/{other}//../{ours}/processes/cover.jpg",
    "/media/{other}/..\\{ours}/processes/cover.jpg",
]


@pytest.fixture
def cover(settings: object, organization: Organization) -> str:
    """The cover of a published, public process."""
    folder = Path(settings.MEDIA_ROOT) / organization.slug / "processes"  # type: ignore[attr-defined]
    folder.mkdir(parents=True)
    (folder / "cover.jpg").write_bytes(b"\xff\xd8\xff image bytes")
    ProcessFactory(organization=organization, cover=f"{organization.slug}/processes/cover.jpg")
    return f"/media/{organization.slug}/processes/cover.jpg"


@pytest.mark.parametrize("template", TRAVERSALS)
def test_a_path_climbing_out_of_the_organisation_is_refused(
    template: str,
    cover: str,
    other_client: Client,
    organization: Organization,
    other_organization: Organization,
) -> None:
    url = template.format(other=other_organization.slug, ours=organization.slug)
    response = other_client.get(url)
    assert response.status_code == 404
    assert b"image bytes" not in b"".join(getattr(response, "streaming_content", [b""]))


def test_the_owner_site_serves_its_file_for_public_caching(cover: str, client: Client) -> None:
    response = client.get(cover)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8\xff image bytes"  # type: ignore[attr-defined]
    assert response["Cache-Control"] == "public, max-age=86400"


def test_with_x_accel_redirect_the_web_server_sends_the_checked_file(
    cover: str, client: Client, other_client: Client, settings: object
) -> None:
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"  # type: ignore[attr-defined]
    response = client.get(cover)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected-media/" + cover.removeprefix("/media/")
    assert response["Content-Type"] == "image/jpeg"
    assert response.content == b""
    assert other_client.get(cover).status_code == 404


@pytest.mark.parametrize(
    "path", ["ours/a/../b", "ours/./b", "ours//b", "ours/a\\b", "ours/a\x00b", "ours", "other/b"]
)
def test_clean_name_refuses_rather_than_normalises(path: str) -> None:
    assert clean_name(path, "ours") is None


def test_clean_name_keeps_a_plain_name() -> None:
    assert clean_name("ours/proposals/images/ab.jpg", "ours") == "ours/proposals/images/ab.jpg"


def _restrict(organization: Organization, **fields: object) -> Process:
    process = Process.objects.get(organization=organization)
    for field, value in fields.items():
        setattr(process, field, value)
    process.save()
    return process


@pytest.mark.parametrize(
    "fields", [{"visibility": Visibility.RESTRICTED}, {"is_published": False}], ids=str
)
def test_the_cover_of_a_process_you_may_not_see_is_refused_even_with_its_link(
    fields: dict[str, object], cover: str, client: Client, organization: Organization
) -> None:
    _restrict(organization, **fields)
    response = client.get(cover)
    assert response.status_code == 404
    assert b"image bytes" not in b"".join(getattr(response, "streaming_content", [b""]))


def test_a_restricted_process_cover_is_served_to_its_participant_for_them_only(
    cover: str, client: Client, organization: Organization, resident: object
) -> None:
    _restrict(organization, visibility=Visibility.RESTRICTED).allowed_users.add(resident)
    client.force_login(resident)  # type: ignore[arg-type]
    response = client.get(cover)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"


def test_a_file_no_process_owns_is_refused(
    settings: object, client: Client, organization: Organization
) -> None:
    folder = Path(settings.MEDIA_ROOT) / organization.slug / "processes"  # type: ignore[attr-defined]
    folder.mkdir(parents=True)
    (folder / "stray.jpg").write_bytes(b"stray")
    assert client.get(f"/media/{organization.slug}/processes/stray.jpg").status_code == 404
