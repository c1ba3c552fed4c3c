"""Fill the proposals of a step with many comments, quickly (bulk inserts).

    manage.py seed_bench                      # the "bench" organisation and its proposals
    manage.py seed_comments --comments 50000  # then its comments

Comments go to the proposals of --step, or by default of the organisation --organization
("bench", the one `seed_bench` builds). Popularity is skewed (Zipf-like over the proposals
ranked by supports, each below --popular), the most supported proposal gets exactly --popular
(200) comments and is the most commented, and --replies (20 %) of them answer an earlier
top-level comment of the same proposal. Each
proposal's `comments_count` is recomputed with one UPDATE; the command prints the URL of the
most commented proposal. Running it again adds comments to those already there.
"""

from __future__ import annotations

import itertools
import random
import time
from collections import Counter
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_scopes import scopes_disabled

from tessera.accounts.models import User
from tessera.comments.models import Comment
from tessera.contributions.models import Contribution
from tessera.core.richtext import render_markdown
from tessera.organizations.models import Host
from tessera.proposals.models import Proposal

BATCH = 5000
PHRASES = (
    "Très bonne idée, je soutiens !",
    "Il faudrait penser à l'entretien sur la durée.",
    "Et pourquoi pas **aussi** devant l'école ?",
    "Le quartier en a vraiment besoin, surtout l'été.",
    "Attention au coût de fonctionnement.",
    "Je passe tous les jours par là : c'est urgent.",
    "On pourrait associer les habitants à la réalisation.",
    "Avez-vous pensé aux personnes à mobilité réduite ?",
    "Bonne idée, mais l'emplacement me semble mal choisi.",
    "Les enfants de l'école voisine seraient ravis.",
    "Cela existe déjà dans la ville voisine, et ça marche.",
    "Il faut *vraiment* prévoir de l'ombre.",
)


def zipf_weights(count: int, exponent: float = 1.1) -> list[float]:
    """Weight of the proposal of rank r (1-based) ∝ 1 / r^exponent."""
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


class Command(BaseCommand):
    help = "Add many comments (and replies) to the proposals of a step or of an organisation."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--comments", type=int, default=50_000)
        parser.add_argument("--step", type=int, help="a collect step's id")
        parser.add_argument("--organization", default="bench", help="an organisation's slug")
        parser.add_argument("--popular", type=int, default=200, help="comments on the top one")
        parser.add_argument("--replies", type=float, default=0.2, help="share of replies")
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        rng = random.Random(options["seed"])
        with scopes_disabled():
            proposals = Proposal.objects.all()
            if options["step"] is not None:
                proposals = proposals.filter(step_id=options["step"])
            else:
                proposals = proposals.filter(organization__slug=options["organization"])
            ranked = list(
                proposals.order_by("-contribution__positive_count", "pk").values_list(
                    "pk", "organization_id"
                )
            )
            if not ranked:
                raise CommandError("No proposals there: run seed_bench first, or give --step.")
            organization_ids = {organization_id for _pk, organization_id in ranked}
            users = list(
                User.objects.filter(organization_id__in=organization_ids, is_active=True)
                .order_by("pk")
                .values_list("pk", flat=True)[:5000]
            )
            if not users:
                raise CommandError("No users in that organisation to write the comments.")
            per_proposal = self._allocate(ranked, options["comments"], options["popular"], rng)
            with transaction.atomic():
                created = self._insert(ranked, per_proposal, users, options["replies"], rng)
                self._recount([pk for pk, _organization_id in ranked])
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE comments_comment")
                    cursor.execute("ANALYZE contributions_contribution")
            self._report(ranked, created, started)

    def _allocate(
        self, ranked: list[tuple[int, int]], total: int, popular: int, rng: random.Random
    ) -> Counter[int]:
        """How many comments each proposal gets: the top one exactly `popular` (when there
        are enough), the others Zipf-like by their supports rank, each below `popular` (what
        a pure Zipf law gives beyond it goes to random others), so the top one is the most
        commented and its page is the "popular proposal" the benchmarks measure."""
        counts: Counter[int] = Counter()
        first, others = ranked[0][0], [pk for pk, _organization_id in ranked[1:]]
        counts[first] = min(popular, total)
        left = total - counts[first]
        if not others:
            counts[first] += left
            return counts
        cap = max(popular - 1, 1)
        left_over = max(0, left - cap * len(others))  # more comments than the caps allow
        left -= left_over
        counts[first] += left_over
        weights = list(itertools.accumulate(zipf_weights(len(others))))
        overflow = 0
        for pk in rng.choices(others, cum_weights=weights, k=left):
            if counts[pk] < cap:
                counts[pk] += 1
            else:
                overflow += 1
        while overflow:
            pk = rng.choice(others)
            if counts[pk] < cap:
                counts[pk] += 1
                overflow -= 1
        return counts

    def _insert(
        self,
        ranked: list[tuple[int, int]],
        per_proposal: Counter[int],
        users: list[int],
        reply_share: float,
        rng: random.Random,
    ) -> int:
        bodies = [(text, render_markdown(text)) for text in PHRASES]
        organization_of = dict(ranked)
        target_of = dict(
            Proposal.objects.filter(pk__in=list(per_proposal)).values_list("pk", "contribution_id")
        )
        now = timezone.now()
        tops: list[Comment] = []
        reply_plan: list[tuple[int, int]] = []  # (proposal, replies to write)
        for proposal_id, count in per_proposal.items():
            # Rounded at random, so that small threads give 20 % replies on average too.
            replies = min(int(count * reply_share + rng.random()), count - 1)
            reply_plan.append((proposal_id, replies))
            for _ in range(count - replies):
                body, body_html = rng.choice(bodies)
                tops.append(
                    Comment(
                        organization_id=organization_of[proposal_id],
                        target_id=target_of[proposal_id],
                        author_id=rng.choice(users),
                        body=body,
                        body_html=body_html,
                        created_at=now - timedelta(minutes=rng.randrange(60, 60 * 24 * 30)),
                    )
                )
        self._bulk_create(tops)
        parents: dict[int, list[Comment]] = {}
        for comment in tops:
            parents.setdefault(comment.target_id, []).append(comment)
        replies_rows = []
        for proposal_id, replies in reply_plan:
            for _ in range(replies):
                parent = rng.choice(parents[target_of[proposal_id]])
                body, body_html = rng.choice(bodies)
                replies_rows.append(
                    Comment(
                        organization_id=parent.organization_id,
                        target_id=parent.target_id,
                        parent_id=parent.pk,
                        author_id=rng.choice(users),
                        body=body,
                        body_html=body_html,
                        created_at=min(
                            now, parent.created_at + timedelta(minutes=rng.randrange(1, 3000))
                        ),
                    )
                )
        self._bulk_create(replies_rows)
        return len(tops) + len(replies_rows)

    def _bulk_create(self, comments: list[Comment]) -> None:
        """Each comment with its own contribution (kind "comment", its proposal's step)."""
        steps = dict(
            Contribution.objects.filter(
                pk__in={comment.target_id for comment in comments}
            ).values_list("pk", "step_id")
        )
        contributions = Contribution.objects.bulk_create(
            (
                Contribution(
                    organization_id=comment.organization_id,
                    step_id=steps[comment.target_id],
                    kind="comment",
                    author_id=comment.author_id,
                    created_at=comment.created_at,
                )
                for comment in comments
            ),
            batch_size=BATCH,
        )
        for comment, contribution in zip(comments, contributions, strict=True):
            comment.contribution = contribution
        Comment.objects.bulk_create(comments, batch_size=BATCH)

    def _recount(self, proposal_ids: list[int]) -> None:
        counts = (
            Comment.objects.filter(target=OuterRef("pk"), deleted=False)
            .values("target")
            .annotate(total=Count("pk"))
            .values("total")
        )
        # One UPDATE … SET comments_count = (SELECT COUNT(*) …) over the seeded proposals.
        Contribution.objects.filter(proposal__pk__in=proposal_ids).update(
            comments_count=Coalesce(Subquery(counts), 0)
        )

    def _report(self, ranked: list[tuple[int, int]], created: int, started: float) -> None:
        top = (
            Proposal.objects.filter(pk__in=[pk for pk, _organization_id in ranked])
            .select_related("contribution", "step__process")
            .order_by("-contribution__comments_count", "pk")
            .first()
        )
        assert top is not None
        host = (
            Host.objects.filter(organization_id=top.organization_id)
            .order_by("-is_primary", "pk")
            .values_list("name", flat=True)
            .first()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {created} comments on {len(ranked)} proposals "
                f"in {time.monotonic() - started:.1f} s"
            )
        )
        self.stdout.write(
            f"most commented: http://{host or 'localhost'}:8000{top.get_absolute_url()}"
            f"  ({top.comments_count} comments)"
        )
