# ruff: noqa: E501  (demo sentences read better unbroken)
"""Demo proposals for the demo command: ~60 ideas across districts and themes, some analysed.

Idempotent: a proposal is looked up by its step and title before it is created, residents by
their e-mail address.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from django.utils import timezone

from tessera.accounts.models import Role, User
from tessera.contributions.models import ReactionValue
from tessera.contributions.services import reaction_set
from tessera.organizations.models import District, Organization, Theme
from tessera.processes.models import Step
from tessera.proposals.models import CollectSettings, FieldMode, Proposal
from tessera.proposals.services import proposal_status_change, proposal_submit

# (title, theme name, description, estimated cost in euros)
IDEAS = [
    (
        "Des bancs à l’ombre",
        "Cadre de vie",
        "Installer des bancs sous les arbres pour que les personnes âgées puissent se reposer pendant leurs courses.",
        6000,
    ),
    (
        "Un jardin partagé",
        "Nature en ville",
        "Transformer une pelouse peu utilisée en jardin partagé, avec des bacs surélevés accessibles et un composteur.",
        15000,
    ),
    (
        "Un abri à vélos sécurisé",
        "Mobilités",
        "Un abri fermé et couvert de 20 places, près des immeubles, pour encourager le vélo au quotidien.",
        25000,
    ),
    (
        "Une boîte à livres",
        "Culture et patrimoine",
        "Une petite bibliothèque de rue où chacun dépose et emprunte des livres librement.",
        1500,
    ),
    (
        "Un terrain de basket rénové",
        "Sport et loisirs",
        "Refaire le revêtement, changer les paniers et ajouter un éclairage qui s’éteint à 22 h.",
        60000,
    ),
    (
        "Des fontaines à eau",
        "Transition écologique",
        "Deux fontaines d’eau potable pour les promeneurs et les sportifs, l’été surtout.",
        18000,
    ),
    (
        "Un frigo solidaire",
        "Solidarité",
        "Un réfrigérateur en libre accès où commerçants et habitants déposent les invendus consommables.",
        5000,
    ),
    (
        "Des agrès de sport en plein air",
        "Sport et loisirs",
        "Quelques agrès de musculation et d’étirement, accessibles gratuitement à tous les âges.",
        35000,
    ),
    (
        "Végétaliser la cour de l’école",
        "Éducation et jeunesse",
        "Remplacer une partie de l’enrobé par de la terre, des arbres et des jeux en bois pour une cour plus fraîche.",
        120000,
    ),
    (
        "Un passage piéton éclairé",
        "Mobilités",
        "Éclairer le passage piéton devant l’arrêt de bus, très sombre l’hiver en fin de journée.",
        9000,
    ),
    (
        "Des nichoirs et un hôtel à insectes",
        "Nature en ville",
        "Accueillir la biodiversité avec des nichoirs posés avec les enfants du centre de loisirs.",
        2500,
    ),
    (
        "Une fresque participative",
        "Culture et patrimoine",
        "Une fresque peinte avec les habitants sur le mur aveugle du gymnase.",
        12000,
    ),
    (
        "Un espace de jeux inclusif",
        "Éducation et jeunesse",
        "Des jeux accessibles aux enfants en fauteuil roulant, avec un sol souple.",
        80000,
    ),
    (
        "Des toilettes publiques",
        "Cadre de vie",
        "Des toilettes publiques propres et accessibles près du marché.",
        45000,
    ),
    (
        "Des récupérateurs d’eau de pluie",
        "Transition écologique",
        "Récupérer l’eau des toits des équipements municipaux pour arroser les massifs.",
        20000,
    ),
    (
        "Une piste cyclable continue",
        "Mobilités",
        "Relier les deux tronçons existants de piste cyclable par une voie protégée.",
        150000,
    ),
    (
        "Un kiosque à musique rénové",
        "Culture et patrimoine",
        "Rénover le kiosque pour y accueillir des concerts gratuits l’été.",
        70000,
    ),
    (
        "Un verger public",
        "Nature en ville",
        "Planter une vingtaine d’arbres fruitiers où chacun pourra cueillir.",
        10000,
    ),
    (
        "Une table de ping-pong",
        "Sport et loisirs",
        "Une table de ping-pong en béton dans le square, très demandée par les jeunes.",
        4000,
    ),
    (
        "Un point de réparation de vélos",
        "Mobilités",
        "Une borne avec pompe et outils attachés pour réparer son vélo soi-même.",
        3500,
    ),
]
RESIDENTS = [
    ("lea.martin@demo.test", "Léa Martin"),
    ("karim.benali@demo.test", "Karim Benali"),
    ("sophie.nguyen@demo.test", "Sophie Nguyen"),
    ("jules.petit@demo.test", "Jules Petit"),
    ("fatou.diallo@demo.test", "Fatou Diallo"),
    ("marie.durand@demo.test", "Marie Durand"),
]
INELIGIBLE_ANSWER = (
    "Ce projet relève du fonctionnement courant de la ville et non de l’investissement : "
    "il ne peut pas être financé par le budget participatif. Les services l’ont transmis "
    "au service concerné."
)
ELIGIBLE_ANSWER = "Les services ont étudié ce projet : il est réalisable et sera soumis au vote."


def load_demo_proposals(
    *,
    organization: Organization,
    step: Step,
    themes: Sequence[Theme],
    districts: Sequence[District],
) -> int:
    """Fill the demo's collect step; returns how many proposals were created this time."""
    CollectSettings.objects.get_or_create(
        step=step,
        defaults={
            "organization": organization,
            "accepts_associations": True,
            "cost_mode": FieldMode.OPTIONAL,
            "cost_max": 150_000,
        },
    )
    residents = _residents(organization)
    manager = User.objects.filter(role=Role.MANAGER).first()
    themes_by_name = {theme.name: theme for theme in themes}
    rng = random.Random(2026)  # the same demo every time
    existing = set(Proposal.objects.filter(step=step).values_list("title", flat=True))
    created = 0
    for index in range(60):
        title_base, theme_name, description, cost = IDEAS[index % len(IDEAS)]
        district = districts[(index * 5 + index // len(IDEAS)) % len(districts)]
        title = f"{title_base} – {district.name}"
        if title in existing:
            continue
        proposal = proposal_submit(
            author=residents[index % len(residents)],
            step=step,
            title=title,
            description=description,
            theme=themes_by_name.get(theme_name, themes[0]),
            district=district if index % 4 else None,
            estimated_cost=cost if index % 3 else None,
            on_behalf_of="Association des parents d’élèves" if index % 11 == 0 else "",
        )
        created += 1
        for resident in rng.sample(residents, k=rng.randint(0, len(residents))):
            reaction_set(
                contribution=proposal.contribution, user=resident, value=ReactionValue.POSITIVE
            )
        _analyse(proposal, index, manager)
    return created


def _residents(organization: Organization) -> list[User]:
    residents = []
    for email, name in RESIDENTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                None,
                organization=organization,
                display_name=name,
                email_verified=True,
                terms_accepted_at=timezone.now(),
            )
        residents.append(user)
    return residents


def _analyse(proposal: Proposal, index: int, manager: User | None) -> None:
    """About a third under analysis, a third decided, the rest waiting."""
    if index % 3 == 0:
        return
    proposal_status_change(
        proposal=proposal, to_status="under_analysis", changed_by=manager, notify=False
    )
    if index % 3 == 1:
        return
    eligible = index % 5 != 2
    proposal_status_change(
        proposal=proposal,
        to_status="eligible" if eligible else "ineligible",
        changed_by=manager,
        public_answer=ELIGIBLE_ANSWER if eligible else INELIGIBLE_ANSWER,
        notify=False,
    )
