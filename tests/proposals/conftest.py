"""Fixtures of the proposals tests: a budget process with a collect step in a given phase."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tessera.accounts.models import User
from tessera.organizations.models import District, Organization, Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tests.conftest import make_user
from tests.factories import DistrictFactory, ProcessFactory, ThemeFactory
from tests.proposals.factories import CollectStepFactory, ProposalFactory

PHASES = {"before": (5, 10), "during": (-5, 5), "after": (-10, -5)}


@pytest.fixture
def process(organization: Organization) -> Process:
    return ProcessFactory(organization=organization, slug="budget", title="Budget 2026")


@pytest.fixture
def theme(organization: Organization) -> Theme:
    return ThemeFactory(organization=organization, name="Nature en ville", slug="nature")


@pytest.fixture
def district(organization: Organization) -> District:
    return DistrictFactory(organization=organization, name="La Gare", slug="la-gare")


def collect_step_in(process: Process, phase: str) -> Step:
    start, end = PHASES[phase]
    now = timezone.now()
    return CollectStepFactory(
        process=process,
        title="Dépôt des idées",
        starts_at=now + timedelta(days=start),
        ends_at=now + timedelta(days=end),
    )


@pytest.fixture
def step(process: Process) -> Step:
    """The collect step, running now."""
    return collect_step_in(process, "during")


@pytest.fixture
def author(organization: Organization) -> User:
    return make_user(organization, display_name="Alice Autrice", email="alice@example.org")


@pytest.fixture
def proposal(step: Step, author: User, theme: Theme) -> Proposal:
    return ProposalFactory(step=step, author=author, theme=theme, title="Des bancs à l'ombre")


def url(step: Step, name: str = "", proposal: Proposal | None = None) -> str:
    base = f"/processes/{step.process.slug}/steps/{step.pk}/proposals/"
    if proposal is not None:
        base += f"{proposal.pk}/"
    return base + (f"{name}/" if name else "")


def png_bytes(size: tuple[int, int] = (40, 30), *, gps: bool = False) -> bytes:
    image = Image.new("RGB", size, (30, 120, 60))
    output = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        gps_ifd = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 7.0)}
        exif[0x8825] = gps_ifd  # GPSInfo
        image.save(output, format="PNG", exif=exif)
    else:
        image.save(output, format="PNG")
    return output.getvalue()


def png_upload(name: str = "photo.png", **kwargs: object) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")  # type: ignore[arg-type]


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "plan.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")
