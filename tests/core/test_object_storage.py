"""Uploads in S3-compatible object storage, against a real S3 server (moto's server mode)
started here: what one app server stores, another serves, after the same checks."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
import requests
from django.core.files.storage import default_storage
from django.test import Client, override_settings

from tessera.contributions.models import Contribution
from tessera.organizations.models import Organization
from tessera.proposals.models import Proposal, ProposalImage
from tests.proposals import conftest as proposal_fixtures
from tests.proposals.conftest import png_upload

author = proposal_fixtures.author
process = proposal_fixtures.process
proposal = proposal_fixtures.proposal
step = proposal_fixtures.step
theme = proposal_fixtures.theme

BUCKET = "tessera-uploads"
KEYS = {"access_key": "test-access", "secret_key": "test-secret", "region_name": "eu-west-3"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = free_port()
    moto = Path(sys.executable).with_name("moto_server")
    server = subprocess.Popen(
        [str(moto), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # moto starts in a few seconds on a busy machine
        while time.monotonic() < deadline:
            try:
                requests.get(endpoint, timeout=1)
                break
            # Not listening yet, or listening and too busy to answer (a loaded CI machine).
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3_storage(s3_endpoint: str) -> Iterator[str]:
    bucket = f"{BUCKET}-{uuid.uuid4().hex[:8]}"
    boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
        region_name=KEYS["region_name"],
    ).create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": KEYS["region_name"]}
    )
    storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": bucket, "endpoint_url": s3_endpoint, **KEYS},
    }
    with override_settings(
        STORAGES={
            "default": storage,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ):
        yield bucket


def test_an_upload_goes_to_the_bucket_and_comes_back_through_the_checked_view(
    s3_storage: str,
    s3_endpoint: str,
    client: Client,
    other_client: Client,
    proposal: Proposal,
    other_organization: Organization,
) -> None:
    upload = png_upload()
    image = ProposalImage.objects.create(
        organization=proposal.organization, proposal=proposal, image=upload
    )
    name = image.image.name
    assert name.startswith(f"{proposal.organization.slug}/proposals/images/")
    assert type(default_storage._wrapped).__name__ == "S3Storage"

    # In the bucket itself, under the organisation's prefix, and private.
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
        region_name=KEYS["region_name"],
    )
    stored = s3.get_object(Bucket=s3_storage, Key=name)["Body"].read()
    assert stored[:8] == b"\x89PNG\r\n\x1a\n"
    assert requests.get(f"{s3_endpoint}/{s3_storage}/{name}", timeout=5).status_code == 403

    # Served by the app (any app server: the bytes come from the bucket).
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored  # type: ignore[attr-defined]
    assert other_client.get(f"/media/{name}").status_code == 404

    Contribution.objects.filter(pk=proposal.contribution_id).update(state="hidden")
    assert client.get(f"/media/{name}").status_code == 404


def test_s3_bucket_in_the_environment_selects_object_storage() -> None:
    from tests.test_settings import run_manage

    code = (
        "from django.conf import settings; d = settings.STORAGES['default'];"
        "print(d['BACKEND'], d['OPTIONS']['bucket_name'], d['OPTIONS']['default_acl'])"
    )
    result = run_manage("shell", "--no-imports", "-c", code, TESSERA_DEMO="1", S3_BUCKET="uploads")
    assert result.stdout.split() == ["storages.backends.s3.S3Storage", "uploads", "private"]
