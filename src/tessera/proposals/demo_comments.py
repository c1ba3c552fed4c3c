# ruff: noqa: E501  (demo sentences read better unbroken)
"""Demo comments for the demo command: discussions with replies on the first proposals.

Idempotent: a proposal that already has comments is left alone. Comments go through the
services, dated in the past (a different minute each, so the rate limit never trips).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tessera.accounts.models import Role, User
from tessera.comments.models import Comment
from tessera.comments.services import comment_create, comment_reply
from tessera.contributions.moderation import report_create
from tessera.contributions.services import contribution_hide
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tessera.proposals.selectors import visible

# Each thread: a top comment and its replies.
THREADS = [
    (
        "Très bonne idée ! Il manque vraiment d’endroits pour s’asseoir quand on fait ses courses à pied.",
        [
            "D’accord, surtout pour nos aînés. Il faudrait aussi penser aux accoudoirs pour se relever.",
            "Attention à ne pas les mettre juste devant les fenêtres des riverains le soir.",
        ],
    ),
    (
        "Est-ce que le coût inclut l’entretien sur plusieurs années ? C’est souvent ce qui manque.",
        ["Bonne question : les services le précisent en général lors de l’analyse."],
    ),
    (
        "J’habite le quartier depuis 20 ans et ce projet changerait vraiment le quotidien des familles.",
        [],
    ),
    (
        "Pourquoi ne pas associer l’école d’à côté ? Les enfants pourraient participer à la conception.",
        [
            "Oui ! Le conseil des enfants cherche justement un projet pour cette année.",
            "On peut en parler à la prochaine réunion de quartier, le premier mardi du mois.",
        ],
    ),
    (
        "Je soutiens, mais l’emplacement proposé est souvent inondé en hiver. Un autre endroit serait plus adapté.",
        ["Le square derrière la médiathèque serait peut-être mieux, il est abrité et accessible."],
    ),
    (
        "Projet utile et peu coûteux : exactement ce qu’on attend du budget participatif.",
        [],
    ),
]
HIDDEN_REASON = "Propos insultants envers une autre personne."


def load_demo_comments(*, step: Step, proposals: int = 12) -> int:
    """Add discussions to the step's first proposals; returns how many comments were created."""
    residents = list(
        User.objects.filter(
            email__endswith="@demo.test",
            role=Role.RESIDENT,
            email_verified=True,
            is_active=True,
        ).order_by("email")
    )
    if len(residents) < 2:
        return 0
    moderator = User.objects.filter(role=Role.MODERATOR).order_by("pk").first()
    targets = list(
        visible(Proposal.objects.filter(step=step))
        .exclude(status="withdrawn")
        .select_related("step__process", "contribution__step__process")
        .order_by("pk")[:proposals]
    )
    commented = set(
        Comment.objects.filter(target__proposal__in=targets).values_list(
            "target__proposal__pk", flat=True
        )
    )
    # Within the last day, a few minutes apart (rate limit: distinct minutes), all in the past.
    moment = max(step.starts_at, timezone.now() - timedelta(days=1))
    created = 0
    for index, proposal in enumerate(targets):
        if proposal.pk in commented:
            continue
        for number in range(1 + index % 3):
            body, replies = THREADS[(index + number) % len(THREADS)]
            moment += timedelta(minutes=23)
            author = residents[(index + number) % len(residents)]
            top = comment_create(target=proposal.contribution, author=author, body=body, now=moment)
            created += 1
            for offset, reply_body in enumerate(replies, start=1):
                moment += timedelta(minutes=7)
                replier = residents[(index + number + offset) % len(residents)]
                comment_reply(parent=top, author=replier, body=reply_body, now=moment)
                created += 1
        if index == 2:
            moment += timedelta(minutes=3)
            rude = comment_create(
                target=proposal.contribution,
                author=residents[-1],
                body="Franchement, il faut être idiot pour proposer un truc pareil.",
                now=moment,
            )
            created += 1
            if moderator is not None:
                contribution_hide(
                    contribution=rude.contribution, moderator=moderator, reason=HIDDEN_REASON
                )
        if index == 4:
            moment += timedelta(minutes=3)
            doubtful = comment_create(
                target=proposal.contribution,
                author=residents[0],
                body="Achetez vos bancs moins cher sur mon site : www.exemple-bancs-pas-chers.test",
                now=moment,
            )
            created += 1
            report_create(contribution=doubtful.contribution, reporter=residents[1], reason="spam")
    return created
