"""Role × action matrix of the vote, walked before, during and after the vote step (and after
the results are published)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tessera.organizations.models import Organization
from tessera.processes.models import Process, Step
from tessera.voting.models import Results
from tests.conftest import make_user
from tests.voting.conftest import settings_of, vote_step_in

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "unverified_resident",
    "resident",
    "too_young",
    "analyst",
    "moderator",
    "manager",
    "admin",
    "other_organization_admin",
]
ACTIONS = [
    "vote",
    "change_ballot",
    "view_counts",
    "publish_results",
    "record_paper",
    "manage_codes",
]
MOMENTS = ["before", "during", "after", "published"]

# (vote, change_ballot, view_counts, publish_results, record_paper, manage_codes) per moment.
# Counts are hidden during the vote (the default), except to managers.
EXPECTED = {
    "before": {
        "anonymous":                (0, 0, 0, 0, 0, 0),
        "unverified_resident":      (0, 0, 0, 0, 0, 0),
        "resident":                 (0, 0, 0, 0, 0, 0),
        "too_young":                (0, 0, 0, 0, 0, 0),
        "analyst":                  (0, 0, 0, 0, 0, 0),
        "moderator":                (0, 0, 0, 0, 0, 0),
        "manager":                  (0, 0, 1, 0, 0, 1),
        "admin":                    (0, 0, 1, 0, 0, 1),
        "other_organization_admin": (0, 0, 0, 0, 0, 0),
    },
    "during": {
        "anonymous":                (0, 0, 0, 0, 0, 0),
        "unverified_resident":      (0, 0, 0, 0, 0, 0),
        "resident":                 (1, 1, 0, 0, 0, 0),
        "too_young":                (0, 0, 0, 0, 0, 0),
        "analyst":                  (1, 1, 0, 0, 0, 0),
        "moderator":                (1, 1, 0, 0, 0, 0),
        "manager":                  (1, 1, 1, 0, 1, 1),
        "admin":                    (1, 1, 1, 0, 1, 1),
        "other_organization_admin": (0, 0, 0, 0, 0, 0),
    },
    "after": {
        "anonymous":                (0, 0, 0, 0, 0, 0),
        "unverified_resident":      (0, 0, 0, 0, 0, 0),
        "resident":                 (0, 0, 0, 0, 0, 0),
        "too_young":                (0, 0, 0, 0, 0, 0),
        "analyst":                  (0, 0, 0, 0, 0, 0),
        "moderator":                (0, 0, 0, 0, 0, 0),
        "manager":                  (0, 0, 1, 1, 1, 1),
        "admin":                    (0, 0, 1, 1, 1, 1),
        "other_organization_admin": (0, 0, 0, 0, 0, 0),
    },
    "published": {
        "anonymous":                (0, 0, 1, 0, 0, 0),
        "unverified_resident":      (0, 0, 1, 0, 0, 0),
        "resident":                 (0, 0, 1, 0, 0, 0),
        "too_young":                (0, 0, 1, 0, 0, 0),
        "analyst":                  (0, 0, 1, 0, 0, 0),
        "moderator":                (0, 0, 1, 0, 0, 0),
        "manager":                  (0, 0, 1, 0, 0, 1),
        "admin":                    (0, 0, 1, 0, 0, 1),
        "other_organization_admin": (0, 0, 1, 0, 0, 0),
    },
}  # fmt: skip


def persona(name: str, request: pytest.FixtureRequest, organization: Organization) -> object:
    if name == "anonymous":
        return AnonymousUser()
    if name == "too_young":
        return make_user(organization, year_of_birth=timezone.localdate().year - 12)
    return request.getfixturevalue(name)


def step_at(process: Process, moment: str) -> Step:
    step = vote_step_in(process, "after" if moment == "published" else moment, min_age=16)
    if moment == "published":
        Results.objects.create(
            organization=step.organization,
            step=step,
            published_at=timezone.now(),
            rule="greedy",
            tie_break="",
        )
    return Step.objects.get(pk=step.pk)


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("name", PERSONAS)
def test_the_matrix(
    name: str,
    moment: str,
    request: pytest.FixtureRequest,
    organization: Organization,
    process: Process,
) -> None:
    user = persona(name, request, organization)
    if name not in {"anonymous", "too_young"}:
        user.year_of_birth = 1980  # type: ignore[attr-defined]
    step = step_at(process, moment)
    got = tuple(int(user.has_perm(f"voting.{action}", step)) for action in ACTIONS)  # type: ignore[attr-defined]
    assert got == EXPECTED[moment][name], dict(zip(ACTIONS, got, strict=True))


def test_counts_can_be_shown_during_the_vote(resident: object, process: Process) -> None:
    step = vote_step_in(process, "during")
    settings = settings_of(step)
    settings.counts_visible = True
    settings.save()
    assert resident.has_perm("voting.view_counts", Step.objects.get(pk=step.pk))  # type: ignore[attr-defined]


def test_a_ballot_may_be_locked_once_cast(resident: object, process: Process) -> None:
    step = vote_step_in(process, "during", ballot_changeable=False)
    assert resident.has_perm("voting.vote", step)  # type: ignore[attr-defined]
    assert not resident.has_perm("voting.change_ballot", step)  # type: ignore[attr-defined]


def test_a_restricted_process_keeps_its_vote_to_its_participants(
    resident: object, organization: Organization
) -> None:
    from tessera.processes.models import Visibility
    from tests.factories import ProcessFactory

    process = ProcessFactory(organization=organization, visibility=Visibility.RESTRICTED)
    step = vote_step_in(process, "during")
    assert not resident.has_perm("voting.vote", step)  # type: ignore[attr-defined]
    process.allowed_users.add(resident)
    assert resident.has_perm("voting.vote", step)  # type: ignore[attr-defined]


# The audit trail of staff actions, in the admin: process managers and administrators read
# it; nobody writes it (the services do). Anonymous visitors and residents are sent to the
# admin's sign-in; a moderator reaches the admin but not this list.
AUDIT_LIST = {
    "anonymous": 302,
    "unverified_resident": 302,
    "resident": 302,
    "too_young": 302,
    "analyst": 302,
    "moderator": 403,
    "manager": 200,
    "admin": 200,
    "other_organization_admin": 302,
}


@pytest.mark.parametrize("name", PERSONAS)
def test_the_audit_trail_matrix(
    name: str,
    request: pytest.FixtureRequest,
    organization: Organization,
    other_organization: Organization,
    process: Process,
    client: object,
) -> None:
    from tessera.voting.models import AuditEntry
    from tessera.voting.services import voting_codes_generate

    step = step_at(process, "during")
    voting_codes_generate(step=step, count=1)
    user = persona(name, request, organization)
    if name != "anonymous":
        client.force_login(user)  # type: ignore[attr-defined]
    listing = client.get("/admin/voting/auditentry/")  # type: ignore[attr-defined]
    assert listing.status_code == AUDIT_LIST[name]
    entry = AuditEntry.objects.get()
    detail = client.get(f"/admin/voting/auditentry/{entry.pk}/change/")  # type: ignore[attr-defined]
    assert detail.status_code == AUDIT_LIST[name]
    for action in (
        "/admin/voting/auditentry/add/",
        f"/admin/voting/auditentry/{entry.pk}/delete/",
    ):
        assert client.get(action).status_code in {302, 403}  # type: ignore[attr-defined]
    assert AuditEntry.objects.count() == 1


def test_another_organisations_admin_never_sees_our_audit_trail(
    process: Process, other_organization_admin: object, other_client: object
) -> None:
    from tessera.voting.services import voting_codes_generate

    voting_codes_generate(step=step_at(process, "during"), count=1)
    other_client.force_login(other_organization_admin)  # type: ignore[attr-defined]
    listing = other_client.get("/admin/voting/auditentry/")  # type: ignore[attr-defined]
    assert listing.status_code == 200
    assert "0 staff actions" in listing.text or "0 actions de l’équipe" in listing.text
