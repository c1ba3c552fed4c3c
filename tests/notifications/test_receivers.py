"""What the apps below announce becomes events, once their transaction commits: from the real
services of proposals, comments, the vote and the follow-up, and the account deletion."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from tessera.accounts.models import User
from tessera.accounts.signals import account_deleting
from tessera.comments.services import comment_create, comment_reply
from tessera.contributions.moderation import contribution_review
from tessera.followup.services import news_post_publish, realisation_update
from tessera.notifications.models import Event, Follow, Notification, Preference
from tessera.organizations.models import Organization
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.proposals.services import proposal_hide, proposal_status_change, proposal_submit
from tessera.proposals.statuses import ProposalStatus
from tessera.voting.ballot_rules import Choice
from tessera.voting.models import Results
from tessera.voting.services import ballot_submit
from tessera.voting.signals import results_published
from tests.conftest import make_user
from tests.followup.factories import RealisationFactory
from tests.notifications.conftest import follow
from tests.proposals.factories import CollectStepFactory, ProposalFactory

pytestmark = pytest.mark.django_db

Commit = Callable[..., object]


def kinds() -> list[str]:
    return sorted(Event.objects.values_list("kind", flat=True))


def test_an_official_answer_becomes_an_event_with_its_answer_once_committed(
    proposal: Proposal, manager: User, django_capture_on_commit_callbacks: Commit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        proposal_status_change(
            proposal=proposal,
            to_status=ProposalStatus.UNDER_ANALYSIS,
            changed_by=manager,
            public_answer="Merci, nous étudions.",
        )
    event = Event.objects.get(kind="proposal_status")
    assert event.payload["answer"] == "Merci, nous étudions."
    assert event.payload["to_status"] == "under_analysis"


def test_a_submitted_proposal_is_followed_by_its_author_who_is_thanked(
    collect_step: Step, author: User, django_capture_on_commit_callbacks: Commit
) -> None:
    theme = ProposalFactory(step=collect_step).theme
    with django_capture_on_commit_callbacks(execute=True):
        proposal = proposal_submit(
            author=author,
            step=collect_step,
            title="Un jardin partagé au square",
            description="Un jardin partagé, entretenu par les voisins du square.",
            theme=theme,
        )
    assert Follow.objects.filter(
        user=author, contribution=proposal.contribution, following=True
    ).exists()
    assert kinds() == ["proposal_thanks"]


def test_a_reply_tells_both_authors_and_the_commenter_follows_the_proposal(
    organization: Organization,
    proposal: Proposal,
    django_capture_on_commit_callbacks: Commit,
) -> None:
    first = make_user(organization, display_name="Première")
    second = make_user(organization, display_name="Second")
    with django_capture_on_commit_callbacks(execute=True):
        top = comment_create(target=proposal.contribution, author=first, body="Bonne idée.")
    with django_capture_on_commit_callbacks(execute=True):
        comment_reply(parent=top, author=second, body="Tout à fait.")
    assert kinds() == ["comment_replied", "proposal_commented", "proposal_commented"]
    assert Follow.objects.filter(contribution=proposal.contribution, following=True).count() == 2


def test_a_ballot_is_thanked_and_its_voter_follows_the_process(
    organization: Organization,
    process: Process,
    vote_step: Step,
    resident: User,
    django_capture_on_commit_callbacks: Commit,
) -> None:
    now = timezone.now()
    past = CollectStepFactory(
        process=process, starts_at=now - timedelta(days=60), ends_at=now - timedelta(days=30)
    )
    candidate = ProposalFactory(
        step=past, status=ProposalStatus.ELIGIBLE, estimated_cost=20_000, title="Des arbres"
    )
    with django_capture_on_commit_callbacks(execute=True):
        ballot_submit(voter=resident, step=vote_step, choices=[Choice(candidate.pk)])
    event = Event.objects.get(kind="ballot_thanks")
    assert event.payload["lines"] == [
        {"title": "Des arbres", "cost": "20\u202f000\u00a0€", "points": None}
    ]
    assert Follow.objects.filter(user=resident, process=process, following=True).exists()


def test_published_results_become_an_event(process: Process, vote_step: Step) -> None:
    results_published.send(sender=Results, results=None, step=vote_step)
    assert Event.objects.get().key == f"results:{vote_step.pk}"


def test_a_realisation_s_new_status_and_news_become_events(
    organization: Organization,
    process: Process,
    manager: User,
    django_capture_on_commit_callbacks: Commit,
) -> None:
    realisation = RealisationFactory(step__process=process, organization=organization)
    with django_capture_on_commit_callbacks(execute=True):
        realisation_update(realisation=realisation, changed_by=manager, values={"progress": 10})
    assert "realisation_status" not in kinds()
    with django_capture_on_commit_callbacks(execute=True):
        realisation_update(
            realisation=realisation, changed_by=manager, values={"status": "studies"}
        )
    with django_capture_on_commit_callbacks(execute=True):
        news_post_publish(
            realisation=realisation, author=manager, title="Le chantier démarre", body="Lundi."
        )
    assert "realisation_status" in kinds()
    news = Event.objects.get(kind="realisation_news")
    assert news.payload["news"] == "Le chantier démarre"


def test_a_deleted_account_leaves_no_follow_notification_or_preference(
    proposal: Proposal, resident: User, worker: Callable[[], int]
) -> None:
    follow(resident, proposal=proposal)
    Preference.objects.create(
        organization=resident.organization, user=resident, family="comments", frequency="never"
    )
    event = Event.objects.create(
        organization=resident.organization, kind="step_opened", family="processes", key="k"
    )
    Notification.objects.create(
        organization=resident.organization,
        event=event,
        user=resident,
        email="never",
        created_at=timezone.now(),
    )
    account_deleting.send(sender=User, user=resident)
    assert not Follow.objects.filter(user=resident).exists()
    assert not Notification.objects.filter(user=resident).exists()
    assert not Preference.objects.filter(user=resident).exists()


def test_the_author_is_told_when_the_moderation_hides_their_proposal_and_why(
    proposal: Proposal, manager: User, django_capture_on_commit_callbacks: Commit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        proposal_hide(proposal=proposal, moderator=manager, reason="Propos injurieux")
    with django_capture_on_commit_callbacks(execute=True):  # already hidden: told once
        proposal_hide(proposal=proposal, moderator=manager, reason="Propos injurieux.")
    event = Event.objects.get(kind="contribution_hidden")
    assert event.payload["reason"] == "Propos injurieux"
    assert event.payload["title"] == proposal.title
    assert event.audience["people"] == [proposal.author_id]


def test_the_author_is_told_when_the_moderation_hides_their_comment_and_why(
    proposal: Proposal,
    resident: User,
    moderator: User,
    django_capture_on_commit_callbacks: Commit,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_create(
            target=proposal.contribution, author=resident, body="Quel **gâchis** !"
        )
    with django_capture_on_commit_callbacks(execute=True):
        contribution_review(
            contribution=comment.contribution,
            moderator=moderator,
            action="hide",
            reason="Propos injurieux",
        )
    with django_capture_on_commit_callbacks(execute=True):  # already hidden: told once
        contribution_review(
            contribution=comment.contribution,
            moderator=moderator,
            action="hide",
            reason="Propos blessants",
        )
    event = Event.objects.get(kind="contribution_hidden")
    assert event.payload["reason"] == "Propos injurieux"
    assert event.payload["title"] == "Quel **gâchis** !"
    assert event.payload["path"] == comment.get_absolute_url()
    assert event.audience["people"] == [resident.pk]
