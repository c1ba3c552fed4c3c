"""The demo's participation: residents of every district and age who supported proposals day
after day since the collect opened, so the back office's figures and charts mean something
(the demo's own proposals are written in one go: they are spread over the same days)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from tessera.accounts.models import User
from tessera.accounts.usercache import user_changed
from tessera.contributions.models import Contribution, Reaction, ReactionValue
from tessera.contributions.services import reaction_set
from tessera.organizations.models import District, Organization
from tessera.processes.models import Step
from tessera.proposals.models import Proposal

PEOPLE = 140
DOMAIN = "habitants.demo.test"


def load_demo_participation(*, organization: Organization, step: Step) -> int:
    """Residents who supported the collect's proposals on days spread since it opened; how
    many were created this time (idempotent: looked up by e-mail)."""
    now = timezone.now()
    days = max(1, (now - step.starts_at).days)
    _spread_proposals(step, days, now)
    existing = set(
        User.objects.filter(email__endswith=f"@{DOMAIN}").values_list("email", flat=True)
    )
    districts = list(District.objects.order_by("position"))
    proposals = list(Proposal.objects.filter(step=step).select_related("contribution"))
    rng = random.Random(PEOPLE)  # the same demo every time
    created = 0
    for index in range(PEOPLE):
        email = f"habitant{index:03d}@{DOMAIN}"
        if email in existing or len(proposals) < 4:
            continue
        user = User.objects.create_user(
            email,
            None,
            organization=organization,
            display_name=f"Habitant {index + 1}",
            email_verified=True,
            terms_accepted_at=now,
            district=districts[index % len(districts)] if districts and index % 7 else None,
            year_of_birth=1940 + (index * 13) % 68 if index % 5 else None,
        )
        # One in four signed up and did nothing yet: registered, not a participant.
        supported = [] if index % 4 == 3 else rng.sample(proposals, k=rng.randint(1, 4))
        for proposal in supported:
            reaction_set(
                contribution=proposal.contribution, user=user, value=ReactionValue.POSITIVE
            )
        # More people come as the collect goes on: the later days weigh more.
        moment = now - timedelta(days=int(days * (1 - rng.random() ** 0.5)), hours=index % 9)
        Reaction.objects.filter(user=user).update(created_at=moment)
        User.objects.filter(pk=user.pk).update(date_joined=moment)
        user_changed(user.pk)
        created += 1
    return created


def _spread_proposals(step: Step, days: int, now: object) -> None:
    """The demo writes its proposals at once; give each a day of the collect instead."""
    for index, proposal in enumerate(Proposal.objects.filter(step=step).order_by("pk")):
        moment = step.starts_at + timedelta(days=index * days // 60, hours=9 + index % 10)
        Proposal.objects.filter(pk=proposal.pk).update(created_at=moment)
        Contribution.objects.filter(pk=proposal.contribution_id).update(created_at=moment)
