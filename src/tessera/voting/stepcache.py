"""The vote step as a submission reads it (the step and its process, the settings with their
envelopes and quotas, the districts, the rules of every ballot with its eligible proposals),
kept in the shared cache per organisation and step.

None of it changes while people vote, and reading it costs more than storing the ballot, so
every request of a vote reads it from the cache (Redis in production) instead of five queries.
Each save or deletion of what it is made of (the step, its process, the vote settings, the
envelopes and quotas, a proposal, a district, a theme) drops the entry at once and again once
the transaction commits (a request running in between may have put back the old one).
The moderation hides a proposal with an UPDATE (no post_save); proposals announces it
(`proposal_visibility_changed`), and so does every change of status. Writes that send no
signal at all are caught up by the expiry, CACHE_SECONDS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django_scopes import scopes_disabled

from tessera.organizations.models import District, Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.proposals.selectors import visible
from tessera.proposals.signals import proposal_status_changed, proposal_visibility_changed
from tessera.proposals.statuses import ProposalStatus
from tessera.voting import ballot_rules as vote_rules
from tessera.voting.models import DistrictBudget, Scope, ThemeQuota, VoteSettings

CACHE_SECONDS = 60


@dataclass(frozen=True)
class StepSnapshot:
    step: Step  # with its process
    settings: VoteSettings  # with district_budgets and quotas (and their themes) prefetched
    districts: list[District]  # those a district ballot may name; empty for a process ballot
    rules: dict[int | None, vote_rules.BallotRules]  # per ballot scope: None, or a district id


def cache_key(organization_id: int, step_id: int) -> str:
    return f"voting:step:{organization_id}:{step_id}"


def snapshot_of(step: Step) -> StepSnapshot:
    """The snapshot of this step: kept on the object for the rest of the request, read from
    the shared cache, or built (and cached) on a miss."""
    memo: StepSnapshot | None = getattr(step, "_vote_snapshot", None)
    if memo is not None:
        return memo
    snapshot = cache.get(cache_key(step.organization_id, step.pk))
    if not isinstance(snapshot, StepSnapshot):
        snapshot = build(step)
        cache.set(cache_key(step.organization_id, step.pk), snapshot, CACHE_SECONDS)
    step._vote_snapshot = snapshot  # type: ignore[attr-defined]
    return snapshot


def step_for(organization_id: int, step_id: int) -> Step | None:
    """The step (with its process) by id, from the cache when it is there."""
    snapshot = cache.get(cache_key(organization_id, step_id))
    if isinstance(snapshot, StepSnapshot):
        step = snapshot.step
    else:
        loaded: Step | None = Step.objects.select_related("process").filter(pk=step_id).first()
        if loaded is None or loaded.kind != vote_rules.VOTE:
            return loaded
        step = loaded
        snapshot = build(step)
        cache.set(cache_key(organization_id, step_id), snapshot, CACHE_SECONDS)
    step._vote_snapshot = snapshot  # type: ignore[attr-defined]
    return step


def build(step: Step) -> StepSnapshot:
    settings = (
        VoteSettings.objects.filter(step=step)
        .prefetch_related("district_budgets", "quotas__theme")
        .first()
    )
    if settings is None:
        settings = VoteSettings(step=step, organization_id=step.organization_id)
    districts: list[District] = []
    if settings.scope != Scope.PROCESS:
        districts = list(step.process.districts.all()) or list(District.objects.all())
    eligible = list(
        visible(
            Proposal.objects.filter(
                step__process_id=step.process_id, status=ProposalStatus.ELIGIBLE
            )
        )
        .select_related("theme")
        .only("pk", "title", "estimated_cost", "theme_id", "theme__name", "district_id")
    )
    scopes: list[District | None] = [None, *districts]
    return StepSnapshot(
        step=_loaded_copy(step, process=_loaded_copy(step.process)),
        settings=settings,
        districts=districts,
        rules={
            district.pk if district is not None else None: rules_of(
                settings, district, on_ballot(settings, district, eligible)
            )
            for district in scopes
        },
    )


def _loaded_copy[M: Model](instance: M, **related: Model) -> M:
    """A copy with the row's values only: what a request hung on the object (its results,
    its snapshot) must not be cached along with it."""
    fields = [field.attname for field in instance._meta.concrete_fields]
    copy = type(instance).from_db(
        instance._state.db, fields, [getattr(instance, name) for name in fields]
    )
    for name, value in related.items():
        setattr(copy, name, value)
    return copy


def on_ballot(
    settings: VoteSettings, district: District | None, proposals: list[Proposal]
) -> list[Proposal]:
    """The proposals of one ballot among the process's: see selectors.ballot_proposals."""
    if settings.scope == Scope.PROCESS:
        return proposals
    if district is not None:
        return [p for p in proposals if p.district_id == district.pk]
    if settings.scope == Scope.BOTH:
        return [p for p in proposals if p.district_id is None]
    return []


def envelope(settings: VoteSettings, district: District | None) -> int | None:
    if district is not None and settings.pk is not None:
        for item in settings.district_budgets.all():
            if item.district_id == district.pk:
                return int(item.budget)
    return None if settings.budget is None else int(settings.budget)


def rules_of(
    settings: VoteSettings, district: District | None, proposals: list[Proposal]
) -> vote_rules.BallotRules:
    """The pure rules of one ballot from its settings and proposals (read with their theme)."""
    options = {
        proposal.pk: vote_rules.ProposalOption(
            proposal.pk,
            proposal.estimated_cost or 0,
            proposal.theme_id,
            proposal.theme.name if proposal.theme else "",
            proposal.title,
        )
        for proposal in proposals
    }
    budget = envelope(settings, district)
    quotas: tuple[vote_rules.ThemeLimit, ...] = ()
    if settings.pk is not None:
        quotas = tuple(
            vote_rules.ThemeLimit(
                quota.theme_id,
                quota.theme.name,
                quota.min_choices,
                quota.max_choices,
                quota.min_amount,
                quota.max_amount,
            )
            for quota in settings.quotas.all()
        )
    is_budget = settings.kind == vote_rules.BUDGET
    return vote_rules.BallotRules(
        kind=settings.kind,
        proposals=options,
        min_choices=settings.min_choices,
        max_choices=settings.max_choices,
        budget=budget if is_budget else None,
        min_spend=vote_rules.min_spend_amount(
            budget, settings.min_spend, settings.min_spend_percent
        )
        if is_budget
        else None,
        points=settings.points,
        max_points_per_proposal=settings.max_points_per_proposal,
        theme_limits=quotas,
    )


# --- Invalidation ---------------------------------------------------------------------------


def forget(organization_id: int, step_ids: list[int]) -> None:
    keys = [cache_key(organization_id, step_id) for step_id in step_ids]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def _vote_steps(**lookup: Any) -> list[int]:
    # Signals also fire outside a request's organisation scope (commands, the admin of the
    # platform): the lookup names its rows explicitly.
    with scopes_disabled():
        steps = Step.objects.filter(kind=vote_rules.VOTE, **lookup)
        return list(steps.values_list("pk", flat=True))


def _settings_changed(sender: Any, instance: VoteSettings, **kwargs: Any) -> None:
    forget(instance.organization_id, [instance.step_id])


def _limit_changed(sender: Any, instance: DistrictBudget | ThemeQuota, **kwargs: Any) -> None:
    with scopes_disabled():
        step_ids = list(
            VoteSettings.objects.filter(pk=instance.settings_id).values_list("step_id", flat=True)
        )
    forget(instance.organization_id, step_ids)


def _step_changed(sender: Any, instance: Step, **kwargs: Any) -> None:
    forget(instance.organization_id, [instance.pk])


def _process_changed(sender: Any, instance: Process, **kwargs: Any) -> None:
    forget(instance.organization_id, _vote_steps(process_id=instance.pk))


def _process_districts_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Process):
        forget(instance.organization_id, _vote_steps(process_id=instance.pk))
    else:  # a district's processes changed, from the district's side
        forget(instance.organization_id, _vote_steps(organization_id=instance.organization_id))


def _proposal_changed(sender: Any, instance: Proposal, **kwargs: Any) -> None:
    forget(instance.organization_id, _vote_steps(process__steps=instance.step_id))


def _status_changed(sender: Any, change: Any, **kwargs: Any) -> None:
    _proposal_changed(sender, change.proposal)


def _visibility_changed(sender: Any, proposal: Proposal, **kwargs: Any) -> None:
    _proposal_changed(sender, proposal)


def _names_changed(sender: Any, instance: District | Theme, **kwargs: Any) -> None:
    forget(instance.organization_id, _vote_steps(organization_id=instance.organization_id))


def connect_receivers() -> None:
    """Forget a step's snapshot whenever what it is made of changes (VotingConfig.ready)."""
    for _model, _receiver in (
        (VoteSettings, _settings_changed),
        (DistrictBudget, _limit_changed),
        (ThemeQuota, _limit_changed),
        (Step, _step_changed),
        (Process, _process_changed),
        (Proposal, _proposal_changed),
        (District, _names_changed),
        (Theme, _names_changed),
    ):
        uid = f"voting.stepcache.{_model.__name__}"
        post_save.connect(_receiver, sender=_model, dispatch_uid=uid)
        post_delete.connect(_receiver, sender=_model, dispatch_uid=f"{uid}.delete")
    m2m_changed.connect(
        _process_districts_changed,
        sender=Process.districts.through,
        dispatch_uid="voting.stepcache.process_districts",
    )
    proposal_status_changed.connect(_status_changed, dispatch_uid="voting.stepcache.status")
    proposal_visibility_changed.connect(
        _visibility_changed, dispatch_uid="voting.stepcache.visibility"
    )
