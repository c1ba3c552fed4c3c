"""Fill a benchmark organisation with a collect step of many proposals, quickly (bulk inserts).

    manage.py seed_bench --users 5000 --proposals 5000 --supports 100000 --comments 50000
                         [--ballots 500000]

Popularity is skewed as on real sites (Zipf-like: a few proposals draw most supports). The
organisation "bench" answers on --host (bench.localhost by default) and is rebuilt on every
run. Prints the URLs of the list page, a median proposal and the most popular one.

--ballots N then adds a vote step with N anonymous ballots: the voting app's `seed_ballots`
command does it (bulk COPY on PostgreSQL), called by name, since proposals sits below voting.
"""

from __future__ import annotations

import itertools
import random
import time
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_scopes import scopes_disabled

from tessera.accounts.models import User
from tessera.contributions.models import Contribution, Reaction, ReactionValue
from tessera.core.richtext import render_markdown
from tessera.organizations.models import District, Host, Organization, Theme
from tessera.organizations.services import hosts_cache_clear
from tessera.processes.models import Process, Step
from tessera.processes.services import timeline_save
from tessera.proposals.models import Proposal
from tessera.proposals.services import search_vector_refresh

WORDS = tuple(
    [
        "jardin",
        "banc",
        "arbre",
        "vélo",
        "piste",
        "école",
        "cour",
        "fontaine",
        "kiosque",
        "parc",
        "square",
        "fresque",
        "terrain",
        "basket",
        "compost",
        "rue",
        "place",
        "marché",
        "lumière",
        "trottoir",
        "abri",
        "jeux",
        "enfants",
        "musique",
        "bibliothèque",
        "verger",
        "ombre",
        "eau",
        "potable",
        "sécurité",
        "passage",
        "piéton",
        "quartier",
        "solidarité",
        "sport",
        "agrès",
    ]
)
BATCH = 2000
# The tables it fills, analysed at the end so that plans come from real statistics.
BENCH_TABLES = (
    "contributions_contribution",
    "contributions_reaction",
    "proposals_proposal",
    "accounts_user",
)


def _organization_rows_delete(organization: Organization) -> None:
    """Remove a previous bench organisation and every row it owns, fast and in one go.

    A plain delete stops on protected keys (a theme its proposals use, a proposal a ballot
    chose) and collects millions of rows in memory. Every organisation-owned row says whose
    it is, and foreign keys are checked at commit (Django creates them deferrable), so each
    table is emptied of the organisation's rows by one DELETE, in any order.
    """
    with transaction.atomic():
        for model in apps.get_models():
            field = next((f for f in model._meta.concrete_fields if f.name == "organization"), None)
            if field is not None and field.related_model is Organization:
                rows = model._base_manager.filter(organization=organization)
                rows._raw_delete(rows.db)
        Organization.objects.filter(pk=organization.pk).delete()


def zipf_weights(count: int, exponent: float = 1.1) -> list[float]:
    """Weight of the proposal of rank r (1-based) ∝ 1 / r^exponent."""
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


class Command(BaseCommand):
    help = "Create a benchmark organisation with many proposals, supports (and comments)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--users", type=int, default=5000)
        parser.add_argument("--proposals", type=int, default=5000)
        parser.add_argument("--supports", type=int, default=100_000)
        parser.add_argument("--comments", type=int, default=50_000)
        parser.add_argument(
            "--ballots", type=int, default=0, help="then a vote step with N ballots (seed_ballots)"
        )
        parser.add_argument("--host", default="bench.localhost")
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        rng = random.Random(options["seed"])
        with scopes_disabled():
            organization = self._organization(options["host"])
            with transaction.atomic():
                step = self._step(organization)
                themes, districts = self._taxonomy(organization)
                users = self._users(organization, options["users"])
                proposals = self._proposals(
                    organization, step, users, themes, districts, options["proposals"], rng
                )
                self._supports(organization, proposals, users, options["supports"], rng)
                search_vector_refresh(proposal_ids=None)
            if connection.vendor == "postgresql":
                # What autovacuum would soon do on a live site: plans from real statistics.
                # VACUUM cannot run inside a transaction (a caller's, or a test's): ANALYZE can.
                vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
                with connection.cursor() as cursor:
                    for table in BENCH_TABLES:
                        cursor.execute(f"{vacuum} {table}")
            self._comments(options["comments"])
            self._report(options["host"], step, started)
        self._ballots(options["ballots"], options["seed"])

    def _organization(self, host: str) -> Organization:
        old = Organization.objects.filter(slug="bench").first()
        if old is not None:
            _organization_rows_delete(old)
        organization = Organization.objects.create(slug="bench", name="Ville de Banc d’Essai")
        Host.objects.filter(name=host).delete()
        Host.objects.create(organization=organization, name=host, is_primary=True)
        hosts_cache_clear([host])
        return organization

    def _step(self, organization: Organization) -> Step:
        process = Process.objects.create(
            organization=organization,
            slug="budget",
            title="Budget participatif (banc d’essai)",
            summary="Des milliers de propositions pour mesurer les pages.",
            is_published=True,
        )
        now = timezone.now()
        step = Step(
            kind="collect",
            title="Dépôt des idées",
            starts_at=now - timedelta(days=10),
            ends_at=now + timedelta(days=20),
        )
        timeline_save(process=process, saved=[step])
        return step

    def _taxonomy(self, organization: Organization) -> tuple[list[Theme], list[District]]:
        themes = Theme.objects.bulk_create(
            Theme(organization=organization, name=f"Thème {n}", slug=f"theme-{n}", position=n)
            for n in range(8)
        )
        districts = District.objects.bulk_create(
            District(organization=organization, name=f"Quartier {n}", slug=f"q-{n}", position=n)
            for n in range(6)
        )
        return themes, districts

    def _users(self, organization: Organization, count: int) -> list[User]:
        password = make_password(None)  # unusable: bench accounts never log in
        now = timezone.now()
        return User.objects.bulk_create(
            (
                User(
                    organization=organization,
                    email=f"bench{n}@bench.invalid",
                    display_name=f"Habitant {n}",
                    password=password,
                    email_verified=True,
                    terms_accepted_at=now,
                )
                for n in range(count)
            ),
            batch_size=BATCH,
        )

    def _proposals(
        self,
        organization: Organization,
        step: Step,
        users: list[User],
        themes: list[Theme],
        districts: list[District],
        count: int,
        rng: random.Random,
    ) -> list[Proposal]:
        now = timezone.now()
        contributions = Contribution.objects.bulk_create(
            (
                Contribution(
                    organization=organization,
                    step=step,
                    kind="proposal",
                    author=users[n % len(users)] if users else None,
                    created_at=now,
                )
                for n in range(count)
            ),
            batch_size=BATCH,
        )
        rows = []
        for n in range(count):
            words = rng.sample(WORDS, 6)
            description = f"Proposition {n} : " + " ".join(rng.choices(WORDS, k=60)) + "."
            rows.append(
                Proposal(
                    organization=organization,
                    contribution=contributions[n],
                    step=step,
                    author=users[n % len(users)] if users else None,
                    title=f"{words[0].capitalize()} {' '.join(words[1:4])} n°{n}",
                    description=description,
                    description_html=render_markdown(description),
                    theme=themes[n % len(themes)],
                    district=districts[n % len(districts)] if n % 7 else None,
                    estimated_cost=rng.randrange(1_000, 150_000, 500),
                )
            )
        return Proposal.objects.bulk_create(rows, batch_size=BATCH)

    def _supports(
        self,
        organization: Organization,
        proposals: list[Proposal],
        users: list[User],
        count: int,
        rng: random.Random,
    ) -> None:
        if not proposals or not users:
            return
        count = min(count, len(proposals) * len(users))
        ranked = proposals[:]
        rng.shuffle(ranked)  # which proposals are popular is random; how popular is Zipf
        weights = list(itertools.accumulate(zipf_weights(len(ranked))))
        pairs: set[tuple[int, int]] = set()
        while len(pairs) < count:
            for proposal in rng.choices(ranked, cum_weights=weights, k=count - len(pairs)):
                pairs.add((proposal.pk, rng.choice(users).pk))
        contribution_of = {proposal.pk: proposal.contribution_id for proposal in proposals}
        Reaction.objects.bulk_create(
            (
                Reaction(
                    organization=organization,
                    contribution_id=contribution_of[proposal_id],
                    user_id=user_id,
                    value=ReactionValue.POSITIVE,
                )
                for proposal_id, user_id in pairs
            ),
            batch_size=5000,
        )
        counts = (
            Reaction.objects.filter(contribution=OuterRef("pk"))
            .values("contribution")
            .annotate(total=Count("pk"))
            .values("total")
        )
        Contribution.objects.filter(step=proposals[0].step_id).update(
            positive_count=Coalesce(Subquery(counts), 0)
        )

    def _comments(self, count: int) -> None:
        if count:
            call_command("seed_comments", comments=count, organization="bench", stdout=self.stdout)

    def _ballots(self, count: int, seed: int) -> None:
        # proposals sits below voting (layers): the voting app's own command writes the vote
        # step and its ballots, called by name so that this app never imports it.
        if not count:
            return
        if apps.is_installed("tessera.voting"):
            call_command(
                "seed_ballots", ballots=count, organization="bench", seed=seed, stdout=self.stdout
            )
        else:
            self.stdout.write(f"No voting app: {count} ballots skipped.")

    def _report(self, host: str, step: Step, started: float) -> None:
        proposals = list(
            Proposal.objects.filter(step=step)
            .order_by("-contribution__positive_count", "pk")
            .values_list("pk", "contribution__positive_count")
        )
        base = f"http://{host}:8000/processes/{step.process.slug}/steps/{step.pk}"
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {len(proposals)} proposals in {time.monotonic() - started:.1f} s"
            )
        )
        self.stdout.write(f"list:     {base}/")
        if proposals:
            median = proposals[len(proposals) // 2]
            popular = proposals[0]
            self.stdout.write(f"median:   {base}/proposals/{median[0]}/  ({median[1]} supports)")
            self.stdout.write(f"popular:  {base}/proposals/{popular[0]}/  ({popular[1]} supports)")
