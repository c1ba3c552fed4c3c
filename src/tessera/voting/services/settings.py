"""Writes of a vote step's settings, and the reset of a vote, each in one transaction with its
line in the audit trail.

Every way of changing the settings (the back office's `VoteSettingsForm`, the Django admin)
asks `vote_settings_problems` and saves through `vote_settings_save`, so the same rules hold
everywhere: settings the vote or the count cannot work with are refused, and once a ballot
is cast, what gives a ballot its meaning is frozen (`settings_rules.frozen_problems`) until a
manager resets the vote (`vote_reset`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.tasks import task
from django.utils.translation import gettext as _

from tessera.accounts.models import User
from tessera.processes.models import Step
from tessera.voting import settings_rules
from tessera.voting.models import (
    AuditAction,
    Ballot,
    CensusCode,
    DistrictBudget,
    PaperTotal,
    Participation,
    PendingBallot,
    PollingStation,
    Results,
    ThemeQuota,
    VoteSettings,
    VotingCode,
)
from tessera.voting.services import audit_record
from tessera.voting.settings_rules import FROZEN_FIELDS, BallotMeaning, Problems

# Every setting the audit trail follows (the frozen ones and the others).
AUDITED_FIELDS = (
    *FROZEN_FIELDS,
    "min_age",
    "residence_required",
    "residence_proof",
    "districts_several",
    "census_required",
    "ballot_changeable",
    "counts_visible",
    "tally_rule",
    "tally_threshold",
)


@dataclass(frozen=True)
class QuotaValues:
    theme_id: int
    min_choices: int | None = None
    max_choices: int | None = None
    min_amount: int | None = None
    max_amount: int | None = None

    @property
    def limits(self) -> tuple[int | None, ...]:
        return (self.min_choices, self.max_choices, self.min_amount, self.max_amount)


def ballots_cast(step: Step) -> bool:
    """Whether voting has started: a participation exists (a ballot cast, counted or not)."""
    return Participation.objects.filter(step=step).exists()


def meaning_of(
    settings: VoteSettings, district_budgets: Mapping[int, int], quotas: Sequence[QuotaValues]
) -> BallotMeaning:
    return BallotMeaning(
        values={field: getattr(settings, field) for field in FROZEN_FIELDS},
        district_budgets=dict(district_budgets),
        quotas={quota.theme_id: quota.limits for quota in quotas},
    )


def stored_meaning(step: Step) -> tuple[VoteSettings | None, BallotMeaning | None]:
    """The settings as stored now (never the cached snapshot) and their meaning."""
    stored = VoteSettings.objects.filter(step=step).first()
    if stored is None:
        return None, None
    budgets = dict(
        DistrictBudget.objects.filter(settings=stored).values_list("district_id", "budget")
    )
    quotas = [
        QuotaValues(q.theme_id, q.min_choices, q.max_choices, q.min_amount, q.max_amount)
        for q in ThemeQuota.objects.filter(settings=stored)
    ]
    return stored, meaning_of(stored, budgets, quotas)


def vote_settings_problems(
    *,
    settings: VoteSettings,
    district_budgets: Mapping[int, int],
    quotas: Sequence[QuotaValues],
    district_names: Mapping[int, str],
    voting_districts: Sequence[str],
) -> Problems:
    """What the vote or the count cannot work with in these settings, by field ("__all__"
    for the envelopes, "quotas" for the theme quotas). Once a ballot is cast, what may not
    change is `frozen_changes`'s to say."""
    values = settings_rules.SettingsValues.of(settings)
    problems = settings_rules.settings_problems(values)
    envelopes = settings_rules.envelope_problems(
        values,
        district_budgets={district_names[pk]: amount for pk, amount in district_budgets.items()},
        districts=voting_districts,
    )
    if envelopes:
        problems.setdefault("__all__", []).extend(envelopes)
    for quota in quotas:
        for messages in settings_rules.quota_problems(
            min_choices=quota.min_choices,
            max_choices=quota.max_choices,
            min_amount=quota.min_amount,
            max_amount=quota.max_amount,
        ).values():
            problems.setdefault("quotas", []).extend(messages)
    return problems


def frozen_changes(
    step: Step,
    *,
    settings: VoteSettings | None = None,
    district_budgets: Mapping[int, int] | None = None,
    quotas: Sequence[QuotaValues] | None = None,
) -> Problems:
    """Once voting has started, each change of what a ballot means, refused with why; the
    parts not given are compared as stored (the admin checks its form and each inline
    apart)."""
    if not ballots_cast(step):
        return {}
    _stored, before = stored_meaning(step)
    if before is None:
        return {}
    after = BallotMeaning(
        values={f: getattr(settings, f) for f in FROZEN_FIELDS} if settings else before.values,
        district_budgets=before.district_budgets if district_budgets is None else district_budgets,
        quotas=before.quotas if quotas is None else {q.theme_id: q.limits for q in quotas},
    )
    return settings_rules.frozen_problems(before, after)


def vote_settings_save(
    *,
    settings: VoteSettings,
    district_budgets: Mapping[int, int],
    quotas: Sequence[QuotaValues],
    changed_by: User | None,
) -> None:
    """Store settings already checked by `vote_settings_problems`, with their envelopes and
    quotas, and the audit line of what changed. The freeze is checked again with the step's
    row locked: a first ballot cannot slip between that check and the write (its
    participation's foreign key waits for this lock)."""
    step = settings.step
    with transaction.atomic():
        Step.objects.select_for_update().filter(pk=step.pk).values_list("pk").first()
        frozen = frozen_changes(
            step, settings=settings, district_budgets=district_budgets, quotas=quotas
        )
        if frozen:
            raise ValidationError(frozen)
        stored, before = stored_meaning(step)
        before_fields = {f: getattr(stored, f) for f in AUDITED_FIELDS} if stored else {}
        settings.organization_id = step.organization_id
        settings.save()
        _envelopes_and_quotas_replace(settings, district_budgets, quotas)
        changes = _changes(before_fields, before, settings, district_budgets, quotas)
        if changes:
            audit_record(step, changed_by, AuditAction.SETTINGS, {"changes": changes})


def _envelopes_and_quotas_replace(
    settings: VoteSettings, district_budgets: Mapping[int, int], quotas: Sequence[QuotaValues]
) -> None:
    organization_id = settings.organization_id
    DistrictBudget.objects.filter(settings=settings).delete()
    DistrictBudget.objects.bulk_create(
        DistrictBudget(
            organization_id=organization_id, settings=settings, district_id=pk, budget=amount
        )
        for pk, amount in district_budgets.items()
    )
    ThemeQuota.objects.filter(settings=settings).delete()
    ThemeQuota.objects.bulk_create(
        ThemeQuota(
            organization_id=organization_id,
            settings=settings,
            theme_id=q.theme_id,
            min_choices=q.min_choices,
            max_choices=q.max_choices,
            min_amount=q.min_amount,
            max_amount=q.max_amount,
        )
        for q in quotas
    )


def _changes(
    before_fields: Mapping[str, Any],
    before: BallotMeaning | None,
    settings: VoteSettings,
    district_budgets: Mapping[int, int],
    quotas: Sequence[QuotaValues],
) -> dict[str, Any]:
    """What changed, field by field, as [before, after] (JSON-ready)."""
    changes: dict[str, Any] = {}
    for field in AUDITED_FIELDS:
        old, new = before_fields.get(field), getattr(settings, field)
        if old != new:
            changes[field] = [old, new]
    after = meaning_of(settings, district_budgets, quotas)
    old_budgets = dict(before.district_budgets) if before else {}
    if old_budgets != dict(after.district_budgets):
        changes["district_budgets"] = [_keyed(old_budgets), _keyed(after.district_budgets)]
    old_quotas = dict(before.quotas) if before else {}
    if old_quotas != dict(after.quotas):
        changes["quotas"] = [_keyed(old_quotas), _keyed(after.quotas)]
    return changes


def _keyed(mapping: Mapping[int, Any]) -> dict[str, Any]:
    return {
        str(key): list(value) if isinstance(value, tuple) else value
        for key, value in mapping.items()
    }


def vote_reset(*, step: Step, reset_by: User, confirmation: str) -> int:
    """Delete every ballot of a vote that has not published its results, so its settings can
    change: participations, counted and pending ballots, paper totals; census and voting codes
    can be used again. The voters with an account are told by e-mail (a task, after the
    commit); the audit trail keeps who reset it, when, and how many ballots went. Returns how
    many participations were deleted. `confirmation` must be the step's title, typed by the
    manager."""
    if confirmation.strip() != step.title.strip():
        raise ValidationError(
            _("This is not the title of the step: nothing was deleted."), code="confirmation"
        )
    with transaction.atomic():
        Step.objects.select_for_update().filter(pk=step.pk).values_list("pk").first()
        if Results.objects.filter(step=step).exists():
            raise ValidationError(
                _("The results are published: the vote cannot be reset."), code="published"
            )
        participations = Participation.objects.filter(step=step)
        voter_ids = sorted(
            set(participations.filter(voter__isnull=False).values_list("voter_id", flat=True))
        )
        counts = {
            "participations": participations.count(),
            "ballots": Ballot.objects.filter(step=step).count(),
            "pending": PendingBallot.objects.filter(step=step).count(),
            "voters_told": len(voter_ids),
        }
        Ballot.objects.filter(step=step).delete()
        PendingBallot.objects.filter(step=step).delete()
        participations.delete()
        PaperTotal.objects.filter(station__step=step).delete()
        PollingStation.objects.filter(step=step).update(ballots_count=0)
        CensusCode.objects.filter(step=step).update(used_at=None)
        VotingCode.objects.filter(step=step).update(used_at=None)
        audit_record(step, reset_by, AuditAction.RESET, counts)
        transaction.on_commit(
            lambda: vote_reset_notify.enqueue(step_id=step.pk, voter_ids=voter_ids)
        )
    return counts["participations"]


@task()
def vote_reset_notify(step_id: int, voter_ids: list[int]) -> None:
    """Tell each voter, in their language, that their ballot was deleted and they may vote
    again."""
    from tessera.voting.notices import reset_notice_send

    reset_notice_send(step_id=step_id, voter_ids=voter_ids)
