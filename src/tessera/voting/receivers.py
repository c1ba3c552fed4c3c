"""What the vote guards in the apps below it: the cost of a proposal on a ballot, once
voting has started, is part of what the cast ballots mean (a budget ballot within the
envelope at 20,000 € would be over it at 30,000 €)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models.signals import pre_save

from tessera.accounts.signals import account_deleting
from tessera.proposals.models import Proposal
from tessera.proposals.signals import proposal_changing
from tessera.voting.models import BallotDraft, Participation, ResidenceCheck
from tessera.voting.selectors import ON_BALLOT_STATUSES
from tessera.voting.settings_rules import frozen_message


def refuse_a_cost_change_once_voting_started(
    sender: Any, instance: Proposal, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    """The server's last word (the forms of the apps below ask `cost_frozen` first, to show
    the reason beside the field): no write changes the cost of a proposal on the ballot of a
    vote step where ballots were cast."""
    if raw or instance.pk is None or instance.status not in ON_BALLOT_STATUSES:
        return
    if update_fields is not None and "estimated_cost" not in update_fields:
        return
    if not cost_frozen(instance):
        return
    stored = Proposal.objects.filter(pk=instance.pk).values_list("estimated_cost", flat=True)
    if stored.first() != instance.estimated_cost:
        raise ValidationError(frozen_message(), code="frozen")


def refuse_a_frozen_cost_in_a_form(
    sender: Any, proposal: Proposal, changed: list[str], **kwargs: Any
) -> None:
    """The same refusal before a form saves (the operator's Django admin): its message is
    shown beside the form instead of an error page."""
    if "estimated_cost" in changed:
        refuse_a_cost_change_once_voting_started(sender, proposal)


def cost_frozen(proposal: Proposal) -> bool:
    """Whether a vote step of the proposal's process has ballots (its cost is then frozen)."""
    return Participation.objects.filter(
        step__process_id=proposal.step.process_id, step__kind="vote"
    ).exists()


def forget_the_eligibility_of(sender: Any, user: Any, **kwargs: Any) -> None:
    """A deleted account keeps that it voted (the turnout) but not its age, home district,
    drafts or residence check."""
    Participation.objects.filter(voter=user).update(year_of_birth=None, home_district=None)
    ResidenceCheck.objects.filter(user=user).delete()
    BallotDraft.objects.filter(voter=user).delete()


def connect_receivers() -> None:
    account_deleting.connect(forget_the_eligibility_of, dispatch_uid="voting.account_deleting")
    proposal_changing.connect(refuse_a_frozen_cost_in_a_form, dispatch_uid="voting.proposal_cost")
    pre_save.connect(
        refuse_a_cost_change_once_voting_started,
        sender=Proposal,
        dispatch_uid="voting.receivers.proposal_cost",
    )
