"""Moderation of every kind: hiding after N distinct reporters, the one queue, its actions.

Proposals and comments are the two kinds that offer reports today; the queue lists exactly
the contributions with an open report, whatever their kind.
"""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tessera.accounts.models import User
from tessera.comments.models import Comment
from tessera.contributions.models import ModerationSettings, Report
from tessera.contributions.moderation import contribution_review, report_create
from tessera.organizations.models import Organization
from tessera.proposals.models import Proposal
from tessera.proposals.services import proposal_hide
from tests.comments.conftest import make_comment
from tests.conftest import make_user
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

QUEUE = "/manage/moderation/"


def reporters(organization: Organization, count: int) -> list[User]:
    return [make_user(organization) for _ in range(count)]


@pytest.fixture
def comment(proposal: Proposal, organization: Organization) -> Comment:
    author = make_user(organization, display_name="Camille Commente")
    return make_comment(proposal, author, "Il faudrait aussi des arbres.")


def listed(page: str) -> set[int]:
    """The contributions the queue's page lists, by id."""
    return {int(pk) for pk in re.findall(r'id="item-(\d+)"', page)}


def test_a_proposal_reported_by_three_people_is_hidden_until_reviewed(
    client: Client, organization: Organization, proposal: Proposal
) -> None:
    first, second, third = reporters(organization, 3)
    for user in (first, first, second):  # the same person twice counts once
        client.force_login(user)
        client.post(f"{proposal.get_absolute_url()}report/", {"reason": "abuse"})
    proposal.refresh_from_db()
    assert not proposal.hidden
    client.force_login(third)
    client.post(f"{proposal.get_absolute_url()}report/", {"reason": "spam"})
    proposal.refresh_from_db()
    assert proposal.hidden
    assert "signalements" in proposal.hidden_reason
    client.logout()
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Cette proposition est masquée par la modération." in page


def test_the_threshold_applies_to_proposals_too(
    organization: Organization, proposal: Proposal, resident: User
) -> None:
    ModerationSettings.objects.create(organization=organization, reports_threshold=1)
    assert report_create(contribution=proposal.contribution, reporter=resident, reason="spam")
    proposal.refresh_from_db()
    assert proposal.hidden


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("resident", 403),
        ("analyst", 403),
        ("moderator", 200),
        ("manager", 200),
        ("admin", 200),
    ],
)
def test_only_moderators_and_above_open_the_queue(
    client: Client, persona: str, status: int, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(QUEUE).status_code == status


def test_anonymous_visitors_log_in_and_another_site_s_admin_sees_only_their_own_queue(
    client: Client,
    other_client: Client,
    organization: Organization,
    comment: Comment,
    other_organization_admin: User,
) -> None:
    report_create(
        contribution=comment.contribution, reporter=make_user(organization), reason="abuse"
    )
    assert "/accounts/login/" in client.get(QUEUE)["Location"]
    # Their account does not exist on this site: they are a visitor here.
    client.force_login(other_organization_admin)
    assert "/accounts/login/" in client.get(QUEUE)["Location"]
    other_client.force_login(other_organization_admin)
    page = other_client.get(QUEUE).content.decode()
    assert "Rien n’attend d’examen." in page
    assert (
        other_client.post(f"{QUEUE}{comment.contribution_id}/", {"action": "dismiss"}).status_code
        == 404
    )


def test_the_queue_lists_reported_content_with_reasons_and_hides_other_organisations(
    client: Client,
    organization: Organization,
    other_organization: Organization,
    proposal: Proposal,
    comment: Comment,
    moderator: User,
) -> None:
    resident = make_user(organization)
    report_create(
        contribution=comment.contribution, reporter=resident, reason="abuse", message="Insulte"
    )
    report_create(contribution=proposal.contribution, reporter=resident, reason="off_topic")
    foreign = ProposalFactory(
        organization=other_organization,
        step__process__organization=other_organization,
        title="Proposition d’ailleurs",
    )
    report_create(
        contribution=foreign.contribution, reporter=make_user(other_organization), reason="spam"
    )
    client.force_login(moderator)
    page = client.get(QUEUE).content.decode()
    assert "2 contributions signalées" in page
    assert listed(page) == {proposal.contribution_id, comment.contribution_id}
    assert "Des bancs à l&#x27;ombre" in page
    assert "Il faudrait aussi des arbres." in page
    assert "Insulte" in page
    assert "Proposition d’ailleurs" not in page
    assert "Un contenu signalé par 3 personnes différentes" in page


def test_a_moderator_hides_a_reported_comment_with_a_public_reason(
    client: Client, organization: Organization, comment: Comment, moderator: User
) -> None:
    report_create(
        contribution=comment.contribution, reporter=make_user(organization), reason="abuse"
    )
    client.force_login(moderator)
    url = f"{QUEUE}{comment.contribution_id}/"
    response = client.post(url, {"action": "hide", "reason": ""}, follow=True)
    assert "Indiquez le motif public du masquage." in response.content.decode()
    comment.refresh_from_db()
    assert not comment.hidden
    response = client.post(url, {"action": "hide", "reason": "Propos injurieux"}, follow=True)
    assert "Le contenu est masqué." in response.content.decode()
    comment.refresh_from_db()
    assert comment.hidden
    assert not comment.hidden_automatically
    assert comment.hidden_reason == "Propos injurieux"
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    assert "Rien n’attend d’examen." in response.content.decode()


def test_a_moderator_shows_again_an_automatically_hidden_comment(
    client: Client, organization: Organization, comment: Comment, moderator: User
) -> None:
    for user in reporters(organization, 3):
        report_create(contribution=comment.contribution, reporter=user, reason="spam")
    comment.refresh_from_db()
    assert comment.hidden_automatically
    client.force_login(moderator)
    assert "masqué automatiquement" in client.get(QUEUE).content.decode()
    client.post(f"{QUEUE}{comment.contribution_id}/", {"action": "unhide"})
    comment.refresh_from_db()
    assert not comment.hidden
    assert Report.objects.filter(resolved_by=moderator).count() == 3


def test_dismissing_reports_leaves_the_comment_as_it_is(
    client: Client, organization: Organization, comment: Comment, moderator: User
) -> None:
    report_create(
        contribution=comment.contribution, reporter=make_user(organization), reason="other"
    )
    client.force_login(moderator)
    response = client.post(f"{QUEUE}{comment.contribution_id}/", {"action": "dismiss"}, follow=True)
    assert "Les signalements sont classés." in response.content.decode()
    comment.refresh_from_db()
    assert not comment.hidden
    assert not Report.objects.filter(resolved_at__isnull=True).exists()


@pytest.mark.parametrize("action", ["hide", "unhide", "dismiss"])
def test_a_moderator_reviews_a_reported_proposal(
    client: Client, organization: Organization, proposal: Proposal, moderator: User, action: str
) -> None:
    ModerationSettings.objects.create(organization=organization, reports_threshold=2)
    for user in reporters(organization, 2):
        report_create(contribution=proposal.contribution, reporter=user, reason="spam")
    client.force_login(moderator)
    client.post(f"{QUEUE}{proposal.contribution_id}/", {"action": action, "reason": "Doublon"})
    proposal.refresh_from_db()
    assert proposal.hidden is (action in {"hide", "dismiss"})
    assert proposal.hidden_reason == {"hide": "Doublon", "unhide": ""}.get(
        action, proposal.hidden_reason
    )
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    assert Report.objects.filter(resolved_by=moderator).count() == 2


def test_residents_cannot_run_moderation_actions(
    client: Client, comment: Comment, proposal: Proposal, resident: User
) -> None:
    client.force_login(resident)
    data = {"action": "hide", "reason": "Non"}
    assert client.post(f"{QUEUE}{comment.contribution_id}/", data).status_code == 403
    assert client.post(f"{QUEUE}{proposal.contribution_id}/", data).status_code == 403
    comment.refresh_from_db()
    proposal.refresh_from_db()
    assert not comment.hidden
    assert not proposal.hidden


def test_an_administrator_sets_the_threshold(
    client: Client, organization: Organization, admin: User, moderator: User
) -> None:
    url = f"{QUEUE}settings/"
    client.force_login(moderator)
    assert client.get(url).status_code == 403
    client.force_login(admin)
    assert client.post(url, {"reports_threshold": "0"}).status_code == 400
    response = client.post(url, {"reports_threshold": "5"}, follow=True)
    assert "Les réglages de modération sont enregistrés." in response.content.decode()
    assert ModerationSettings.objects.get(organization=organization).reports_threshold == 5
    client.post(url, {"reports_threshold": "4"})
    assert ModerationSettings.objects.get().reports_threshold == 4


def test_the_queue_runs_a_bounded_number_of_queries(
    client: Client, organization: Organization, proposal: Proposal, moderator: User
) -> None:
    people = reporters(organization, 2)

    def add_reported(count: int) -> None:
        for number in range(count):
            comment = make_comment(proposal, people[0], f"Commentaire {number}")
            report_create(contribution=comment.contribution, reporter=people[1], reason="spam")
            other = ProposalFactory(step=proposal.step, organization=organization)
            report_create(contribution=other.contribution, reporter=people[1], reason="spam")

    add_reported(2)
    client.force_login(moderator)
    client.get(QUEUE)
    with CaptureQueriesContext(connection) as small:
        client.get(QUEUE)
    add_reported(20)
    with CaptureQueriesContext(connection) as big:
        page = client.get(QUEUE).content.decode()
    assert "44 contributions signalées" in page
    assert len(big) == len(small) <= 15, [query["sql"] for query in big.captured_queries]


def test_the_queue_lists_exactly_the_content_with_an_open_report(
    client: Client, organization: Organization, proposal: Proposal, moderator: User
) -> None:
    """Never reported and already reviewed content stays out (it used to fill the queue)."""
    author, reporter = reporters(organization, 2)
    quiet = [ProposalFactory(step=proposal.step, title=f"Jamais signalée {n}") for n in range(3)]
    for number, target in enumerate(quiet):
        make_comment(target, author, f"Commentaire tranquille {number}")
    reviewed = ProposalFactory(step=proposal.step, title="Déjà examinée")
    report_create(contribution=reviewed.contribution, reporter=reporter, reason="spam")
    Report.objects.filter(contribution=reviewed.contribution).update(resolved_at=timezone.now())
    reported_comment = make_comment(proposal, author, "Commentaire signalé")
    report_create(contribution=reported_comment.contribution, reporter=reporter, reason="abuse")
    report_create(contribution=proposal.contribution, reporter=reporter, reason="abuse")
    client.force_login(moderator)
    page = client.get(QUEUE).content.decode()
    assert "2 contributions signalées" in page
    assert listed(page) == {proposal.contribution_id, reported_comment.contribution_id}
    assert "Commentaire tranquille" not in page


def test_the_queue_filters_by_kind_process_and_state(
    client: Client, organization: Organization, proposal: Proposal, moderator: User
) -> None:
    author, reporter = reporters(organization, 2)
    other_process = ProposalFactory(
        organization=organization, step__process__organization=organization, title="Ailleurs"
    )
    for target in (proposal, other_process):
        report_create(contribution=target.contribution, reporter=reporter, reason="spam")
    comment = make_comment(proposal, author, "Commentaire signalé")
    report_create(contribution=comment.contribution, reporter=reporter, reason="abuse")
    proposal_hide(proposal=proposal, moderator=moderator, reason="Hors sujet")
    client.force_login(moderator)

    def shown(query: str) -> set[int]:
        return listed(client.get(f"{QUEUE}?{query}").content.decode())

    everything = {
        proposal.contribution_id,
        other_process.contribution_id,
        comment.contribution_id,
    }
    assert shown("") == everything
    assert shown("kind=comment") == {comment.contribution_id}
    assert shown(f"process={proposal.step.process_id}") == everything - {
        other_process.contribution_id
    }
    assert shown("kind=proposal&state=hidden") == {proposal.contribution_id}
    assert shown("state=published") == {other_process.contribution_id, comment.contribution_id}
    assert shown("kind=comment&state=hidden") == set()


def test_a_moderator_hides_several_items_at_once_with_a_public_reason(
    client: Client, organization: Organization, proposal: Proposal, moderator: User
) -> None:
    author, reporter = reporters(organization, 2)
    report_create(contribution=proposal.contribution, reporter=reporter, reason="spam")
    comment = make_comment(proposal, author, "Commentaire signalé")
    report_create(contribution=comment.contribution, reporter=reporter, reason="abuse")
    client.force_login(moderator)
    items = [proposal.contribution_id, comment.contribution_id]
    refused = client.post(f"{QUEUE}bulk/", {"items": items, "action": "hide", "reason": ""})
    assert refused.status_code == 302
    assert not Proposal.objects.get(pk=proposal.pk).hidden
    client.post(f"{QUEUE}bulk/", {"items": items, "action": "hide", "reason": "Publicité"})
    assert Proposal.objects.get(pk=proposal.pk).hidden_reason == "Publicité"
    assert Comment.objects.get(pk=comment.pk).hidden_reason == "Publicité"
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    client.post(f"{QUEUE}bulk/", {"items": items, "action": "unhide"})
    assert not Proposal.objects.get(pk=proposal.pk).hidden
    assert not Comment.objects.get(pk=comment.pk).hidden


def test_a_resident_cannot_hide_in_bulk(client: Client, proposal: Proposal, resident: User) -> None:
    client.force_login(resident)
    response = client.post(
        f"{QUEUE}bulk/", {"items": [proposal.contribution_id], "action": "hide", "reason": "x"}
    )
    assert response.status_code == 403
    assert not Proposal.objects.get(pk=proposal.pk).hidden


def test_a_moderator_hides_a_comment_with_a_public_reason_and_shows_it_again(
    comment: Comment, moderator: User
) -> None:
    hide = {"contribution": comment.contribution, "moderator": moderator, "action": "hide"}
    with pytest.raises(ValidationError):
        contribution_review(**hide, reason="  ")
    contribution_review(**hide, reason="Propos injurieux")
    comment.refresh_from_db()
    assert (comment.hidden, comment.hidden_reason, comment.contribution.hidden_by) == (
        True,
        "Propos injurieux",
        moderator,
    )
    contribution_review(contribution=comment.contribution, moderator=moderator, action="unhide")
    comment.refresh_from_db()
    assert (comment.hidden, comment.hidden_reason, comment.contribution.hidden_by) == (
        False,
        "",
        None,
    )


def test_a_comment_hides_itself_at_the_third_distinct_reporter(
    organization: Organization, comment: Comment, resident: User
) -> None:
    others = reporters(organization, 2)
    target = comment.contribution
    assert report_create(contribution=target, reporter=resident, reason="abuse")
    assert not report_create(contribution=target, reporter=resident, reason="spam")
    assert report_create(contribution=target, reporter=others[0], reason="abuse")
    comment.refresh_from_db()
    assert not comment.hidden  # two people, the same one twice: still two
    assert report_create(contribution=target, reporter=others[1], reason="abuse")
    comment.refresh_from_db()
    assert comment.hidden
    assert comment.hidden_automatically
    assert "signalements" in comment.hidden_reason
    assert Report.objects.filter(contribution=target, resolved_at__isnull=True).count() == 3


def test_the_threshold_is_the_organisation_setting_for_comments_too(
    organization: Organization, comment: Comment, resident: User
) -> None:
    ModerationSettings.objects.create(organization=organization, reports_threshold=1)
    report_create(contribution=comment.contribution, reporter=resident, reason="spam")
    comment.refresh_from_db()
    assert comment.hidden_automatically
