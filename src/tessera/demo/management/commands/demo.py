"""Load the demo: "Ville de Démo" with its districts, themes, processes and one user per role.

Idempotent: every object is looked up by a stable key before it is created, so running the
command twice leaves the same data (dates are re-centred on today each time).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tessera.accounts.models import Role, Service, User
from tessera.analysis.demo import load_demo_analysis
from tessera.branding.demo import demo_branding
from tessera.branding.models import SiteSettings
from tessera.followup.demo import load_demo_followup
from tessera.news.demo import load_demo_news
from tessera.organizations.models import District, Host, Organization, Theme
from tessera.organizations.services import hosts_cache_clear
from tessera.processes.models import Process, Step, Visibility
from tessera.processes.services import process_save, timeline_save
from tessera.proposals.demo import load_demo_proposals
from tessera.proposals.demo_comments import load_demo_comments
from tessera.proposals.models import Proposal
from tessera.questionnaires.demo import load_demo_questionnaire
from tessera.stats.demo import load_demo_participation
from tessera.stats.stored import figures_refresh
from tessera.votations.demo import load_demo_votation
from tessera.voting.demo import load_demo_open_vote, load_demo_vote
from tessera.voting.models import Results

DISTRICTS = [
    ("Centre-ville", "centre-ville", "75001"),
    ("Les Coteaux", "les-coteaux", "75002"),
    ("La Gare", "la-gare", "75003"),
    ("Bords de Marne", "bords-de-marne", "75004"),
    ("Le Plateau", "le-plateau", "75005"),
    ("Les Jardins", "les-jardins", "75006"),
]
THEMES = [
    "Nature en ville",
    "Mobilités",
    "Culture et patrimoine",
    "Sport et loisirs",
    "Solidarité",
    "Éducation et jeunesse",
    "Cadre de vie",
    "Transition écologique",
]
ACCOUNTS = [
    # (email, display name, role, service, password)
    ("admin@demo.test", "Awa Admin", Role.ADMINISTRATOR, None, "demo-admin-2026"),
    ("manager@demo.test", "Marc Pilote", Role.MANAGER, None, "demo-manager-2026"),
    ("moderator@demo.test", "Mona Modération", Role.MODERATOR, None, "demo-moderator-2026"),
    (
        "analyst@demo.test",
        "Anissa Voirie",
        Role.RESIDENT,
        "Voirie et espaces publics",
        "demo-analyst-2026",
    ),
    ("resident@demo.test", "Rémi Habitant", Role.RESIDENT, None, "demo-resident-2026"),
]
SERVICES = ["Voirie et espaces publics", "Espaces verts", "Culture", "Sports", "Éducation"]

BUDGET_DESCRIPTION = """\
Le budget participatif permet aux habitantes et habitants de **proposer des projets** pour la
ville et de **choisir** ceux qui seront réalisés.

- 500 000 € d’investissement, dont 150 000 € réservés aux projets de quartier ;
- toute personne de plus de 11 ans habitant, étudiant ou travaillant à Démo peut participer ;
- les services de la ville étudient chaque idée avant le vote.

Vous proposez, vous choisissez, nous réalisons.
"""


def _at(now: datetime, days: int) -> datetime:
    return (now + timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)


class Command(BaseCommand):
    help = "Create or refresh the demo organisation, its processes and one account per role."

    def handle(self, *args: Any, **options: Any) -> None:
        with scopes_disabled(), transaction.atomic():
            organization = self._organization()
        with scope(organization=organization), transaction.atomic():
            districts = self._districts(organization)
            themes = self._themes(organization)
            self._accounts(organization)
            self._processes(organization, districts, themes)
            demo_branding(organization)
        # The back office's figures at once, before the refresh's first tick (make run).
        figures_refresh(organization=organization)
        hosts_cache_clear(settings.TESSERA_DEMO_HOSTS)
        self._print_accounts()

    def _organization(self) -> Organization:
        organization, _ = Organization.objects.get_or_create(
            slug="ville-de-demo", defaults={"name": "Ville de Démo"}
        )
        for index, host in enumerate(settings.TESSERA_DEMO_HOSTS):
            Host.objects.get_or_create(
                name=host, defaults={"organization": organization, "is_primary": index == 0}
            )
        SiteSettings.objects.get_or_create(
            organization=organization,
            defaults={
                "site_name": "Démo participe",
                "tagline": "Proposez, débattez, votez : la ville se construit avec vous.",
            },
        )
        return organization

    def _districts(self, organization: Organization) -> list[District]:
        return [
            District.objects.update_or_create(
                organization=organization,
                slug=slug,
                defaults={"name": name, "postal_codes": code, "position": position},
            )[0]
            for position, (name, slug, code) in enumerate(DISTRICTS)
        ]

    def _themes(self, organization: Organization) -> list[Theme]:
        from django.utils.text import slugify

        return [
            Theme.objects.update_or_create(
                organization=organization,
                slug=slugify(name),
                defaults={"name": name, "position": position},
            )[0]
            for position, name in enumerate(THEMES)
        ]

    def _accounts(self, organization: Organization) -> None:
        services = {
            name: Service.objects.get_or_create(organization=organization, name=name)[0]
            for name in SERVICES
        }
        for email, display_name, role, service, password in ACCOUNTS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email,
                    password,
                    organization=organization,
                    display_name=display_name,
                    role=role,
                    email_verified=True,
                    terms_accepted_at=timezone.now(),
                )
            if user.is_superuser:  # older demos made the administrator an operator
                user.is_superuser = False
                user.save(update_fields=["is_superuser"])
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            if service:
                services[service].members.add(user)

    def _processes(
        self, organization: Organization, districts: list[District], themes: list[Theme]
    ) -> None:
        budget = self._process(
            organization,
            "budget-participatif-2026",
            "Budget participatif 2026",
            "500 000 € pour réaliser vos projets : proposez vos idées, "
            "puis votez pour vos préférées.",
            BUDGET_DESCRIPTION,
            themes,
            districts,
        )
        self._timeline(
            budget,
            [
                ("presentation", "Lancement et ateliers", -60, -45),
                # Open now, so that a visitor can submit an idea (README's journey).
                ("collect", "Dépôt des idées", -45, 14),
                ("analysis", "Analyse par les services", 14, 40),
                ("vote", "Vote", 40, 61),
                ("results", "Résultats", 61, 400),
            ],
        )
        created = load_demo_proposals(
            organization=organization,
            step=budget.steps.get(title="Dépôt des idées"),
            themes=themes,
            districts=districts,
        )
        self.stdout.write(f"Demo proposals created: {created}")
        self.stdout.write(f"Demo assignments created: {load_demo_analysis(process=budget)}")
        created = load_demo_comments(step=budget.steps.get(title="Dépôt des idées"))
        self.stdout.write(f"Demo comments created: {created}")
        created = load_demo_participation(
            organization=organization, step=budget.steps.get(title="Dépôt des idées")
        )
        self.stdout.write(f"Demo residents who took part created: {created}")
        self.stdout.write(load_demo_news(organization=organization, budget=budget))
        survey = self._process(
            organization,
            "questionnaire-mobilites",
            "Questionnaire : vos déplacements",
            "Comment vous déplacez-vous en ville ? Dix minutes pour préparer le plan vélo.",
            "Le questionnaire est clos : merci pour vos réponses, les résultats sont publics.",
            themes[1:2],
            districts,
        )
        self._timeline(survey, [("questionnaire", "Questionnaire", -40, -5)])
        self.stdout.write(
            load_demo_questionnaire(
                step=survey.steps.get(title="Questionnaire"), districts=districts
            )
        )
        closed = self._process(
            organization,
            "budget-participatif-2025",
            "Budget participatif 2025",
            "La première édition et ses projets lauréats en cours de réalisation.",
            "Merci aux votantes et votants de la première édition.",
            themes,
            districts,
        )
        self._timeline(
            closed,
            [
                ("collect", "Dépôt des idées", -420, -380),
                ("vote", "Vote", -360, -340),
            ],
        )
        self.stdout.write(
            load_demo_vote(current=budget, past=closed, themes=themes, districts=districts)
        )
        self.stdout.write(load_demo_followup(past=closed))
        self._edition_texts(closed)
        small = self._process(
            organization,
            "petits-projets-2026",
            "Petits projets 2026",
            "Vote en cours : 150 000 € pour des petits projets près de chez vous.",
            "Douze petites idées d’habitants, toutes jugées recevables : choisissez celles "
            "que la ville réalisera cette année, dans la limite de l’enveloppe.",
            themes,
            districts,
        )
        self._timeline(
            small,
            [
                ("collect", "Dépôt des idées", -60, -30),
                ("vote", "Vote", -5, 16),
            ],
        )
        self.stdout.write(load_demo_open_vote(process=small, themes=themes, districts=districts))
        agreement = self._process(
            organization,
            "accord-villeneuve",
            "Votation : l’accord avec Villeneuve-sur-Marne",
            "Les habitantes et habitants ont voté sur l’accord de coopération : voici le résultat.",
            "Une question, trois réponses, un vote secret en ligne, par code ou au bureau de vote.",
            themes[6:7],
            districts,
        )
        self._timeline(agreement, [("votation", "Votation", -30, -2)])
        self.stdout.write(load_demo_votation(step=agreement.steps.get(title="Votation")))

    def _edition_texts(self, process: Process) -> None:
        """Say in the 2025 edition's texts what its data holds (winners, voters)."""
        results = Results.objects.get(step__process=process)
        voters = results.figures.get("turnout", {}).get("voters", 0)
        proposals = Proposal.objects.filter(step__process=process).count()
        process.summary = (
            f"La première édition : {proposals} projets soumis au vote, "
            f"{len(results.winners)} lauréats en cours de réalisation."
        )
        process.description = (
            f"Merci aux {voters:,} votantes et votants de la première édition.".replace(
                ",", "\u202f"
            )
        )
        process_save(process=process)

    def _process(
        self,
        organization: Organization,
        slug: str,
        title: str,
        summary: str,
        description: str,
        themes: list[Theme],
        districts: list[District],
    ) -> Process:
        process = Process.objects.filter(slug=slug).first() or Process(
            organization=organization, slug=slug
        )
        process.title, process.summary, process.description = title, summary, description
        process.visibility, process.is_published = Visibility.PUBLIC, True
        process_save(process=process)
        process.themes.set(themes)
        process.districts.set(districts)
        return process

    def _timeline(self, process: Process, steps: list[tuple[str, str, int, int]]) -> None:
        # Dates move with today, so the demo always has past, current and upcoming steps;
        # steps are kept (matched by title) so that what hangs on them survives a re-run.
        now = timezone.now()
        existing = {step.title: step for step in process.steps.all()}
        saved = []
        for kind, title, start, end in steps:
            step = existing.pop(title, None) or Step(title=title)
            step.kind, step.starts_at, step.ends_at = kind, _at(now, start), _at(now, end)
            saved.append(step)
        timeline_save(process=process, saved=saved, deleted=list(existing.values()))

    def _print_accounts(self) -> None:
        self.stdout.write(self.style.SUCCESS("Demo data ready: Ville de Démo"))
        self.stdout.write("Demo accounts (e-mail / password):")
        for email, _name, role, service, password in ACCOUNTS:
            label = "analyst" if service else role.value
            self.stdout.write(f"  {label:<14} {email:<24} {password}")
