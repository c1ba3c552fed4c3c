"""The services: history, revisions, counters, e-mails and account deletion."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from tessera.accounts.models import User
from tessera.accounts.services import account_delete
from tessera.organizations.models import Theme
from tessera.processes.models import Step
from tessera.proposals.models import Proposal, ProposalRevision
from tessera.proposals.services import (
    proposal_status_change,
    proposal_submit,
    proposal_update,
    proposal_withdraw,
)
from tests.conftest import run_tasks
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db(transaction=False)


def test_submit_records_the_first_status_and_renders_the_description(
    step: Step, author: User, theme: Theme
) -> None:
    proposal = proposal_submit(
        author=author, step=step, title="  Un titre assez long ", description="*Texte*", theme=theme
    )
    assert proposal.title == "Un titre assez long"
    assert proposal.description_html == "<p><em>Texte</em></p>"
    assert list(proposal.status_changes.values_list("from_status", "to_status")) == [
        ("", "published")
    ]


def test_an_edit_keeps_each_changed_field_before_and_after(
    proposal: Proposal, author: User, organization: object
) -> None:
    other = ThemeFactory(organization=proposal.organization, name="Mobilités")
    revision = proposal_update(
        proposal=proposal,
        editor=author,
        changes={"title": "Des bancs et des arbres", "theme": other, "address": ""},
    )
    assert revision is not None
    assert revision.changes == {
        "title": ["Des bancs à l'ombre", "Des bancs et des arbres"],
        "theme": ["Nature en ville", "Mobilités"],
    }
    assert revision.author == author
    proposal.refresh_from_db()
    assert proposal.theme == other


def test_an_edit_that_changes_nothing_keeps_no_revision(proposal: Proposal, author: User) -> None:
    assert (
        proposal_update(proposal=proposal, editor=author, changes={"title": proposal.title}) is None
    )
    assert not ProposalRevision.objects.exists()


def test_a_status_change_follows_the_table_and_tells_the_author_in_their_language(
    proposal: Proposal, manager: User, author: User, django_capture_on_commit_callbacks: object
) -> None:
    author.language = "en"
    author.save()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        proposal_status_change(proposal=proposal, to_status="under_analysis", changed_by=manager)
        proposal_status_change(
            proposal=proposal,
            to_status="eligible",
            changed_by=manager,
            public_answer="Les services retiennent le projet.",
        )
    proposal.refresh_from_db()
    assert proposal.status == "eligible"
    assert proposal.official_answer == "Les services retiennent le projet."
    run_tasks()  # the notifications' worker: the author follows their proposal
    assert [m.to for m in mail.outbox] == [[author.email], [author.email]]
    assert "Eligible" in mail.outbox[1].subject
    assert "Les services retiennent le projet." in mail.outbox[1].body
    with pytest.raises(ValidationError):
        proposal_status_change(proposal=proposal, to_status="done", changed_by=manager)
    assert proposal.status_changes.count() == 2


def test_a_submitted_proposal_owns_its_contribution(
    step: Step, resident: User, theme: Theme
) -> None:
    proposal = proposal_submit(
        author=resident, step=step, title="Des bancs à l'ombre", description="Texte.", theme=theme
    )
    contribution = proposal.contribution
    assert (contribution.kind, contribution.step, contribution.author) == (
        "proposal",
        step,
        resident,
    )
    assert contribution.state == "published"
    assert contribution.organization_id == proposal.organization_id


def test_withdrawing_a_proposal_withdraws_its_contribution(
    proposal: Proposal, author: User
) -> None:
    proposal_withdraw(proposal=proposal, user=author)
    proposal.contribution.refresh_from_db()
    assert proposal.contribution.state == "withdrawn"
    assert proposal.contribution.withdrawn_at is not None


def test_a_deleted_account_leaves_its_proposal_without_author_but_with_its_association(
    proposal: Proposal, author: User
) -> None:
    proposal.on_behalf_of = "Les Amis du Parc"
    proposal.save()
    account_delete(user=author)
    proposal.refresh_from_db()
    assert proposal.author is None
    assert proposal.on_behalf_of == "Les Amis du Parc"
