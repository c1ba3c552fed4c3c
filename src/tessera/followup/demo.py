"""Demo follow-up: the 2025 edition's winners as realisations, at different stages, with a
history of updates and news (one with a picture drawn here, so the demo needs no file).

Idempotent: the follow-up step is added only if the process has none, realisations are
created once per winner, and a realisation is moved forward and given news only the first time.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from tessera.accounts.models import Service, User
from tessera.followup.kinds import FOLLOWUP
from tessera.followup.models import Realisation
from tessera.followup.services import news_post_publish, realisation_update, realisations_create
from tessera.followup.statuses import RealisationStatus as S
from tessera.processes.models import Process, Step
from tessera.processes.services import step_save

FOLLOWUP_TITLE = "Réalisation des projets"
# The stages the winners reach, in turn: (statuses walked through, progress at the end).
STAGES: list[tuple[tuple[S, ...], int]] = [
    ((S.STUDIES, S.WORKS, S.DONE), 100),
    ((S.STUDIES, S.WORKS), 60),
    ((S.STUDIES,), 20),
    ((), 0),
    ((S.WORKS,), 35),
    ((S.STUDIES, S.ABANDONED), 20),
]
ABANDON_REASON = (
    "Le terrain prévu appartient au département, qui y construit un collège : "
    "le projet sera proposé de nouveau au prochain budget participatif."
)


def load_demo_followup(*, past: Process) -> str:
    """Follow the 2025 winners; returns a line for the demo command's output."""
    step = _followup_step(past)
    created = realisations_create(step=step)
    # The demo command rebuilds the timeline it knows, which drops this step: its realisations
    # stay (their step is emptied) and come back to the new one here.
    Realisation.objects.filter(process=past, step__isnull=True).update(step=step)
    manager = User.objects.filter(email="manager@demo.test").first()
    services = list(Service.objects.order_by("name"))
    realisations = Realisation.objects.filter(process=past).order_by("pk")
    for index, realisation in enumerate(realisations):
        if realisation.updates.exists():
            continue
        statuses, progress = STAGES[index % len(STAGES)]
        service = services[index % len(services)] if services else None
        _walk(realisation, statuses, progress, service, manager)
        _news(realisation, manager, with_image=index == 0)
    return f"Demo follow-up: {len(created)} realisations created for the 2025 winners"


def _followup_step(process: Process) -> Step:
    existing = process.steps.filter(kind=FOLLOWUP.identifier).first()
    if existing is not None:
        return existing
    last = process.steps.order_by("-ends_at").first()
    now = timezone.now()
    step = Step(
        process=process,
        kind=FOLLOWUP.identifier,
        title=FOLLOWUP_TITLE,
        description="La ville réalise les projets lauréats et rend compte de leur avancement.",
        starts_at=last.ends_at if last else now - timedelta(days=300),
        ends_at=now + timedelta(days=400),
    )
    return step_save(step=step)


def _walk(
    realisation: Realisation,
    statuses: tuple[S, ...],
    progress: int,
    service: Service | None,
    manager: User | None,
) -> None:
    """Move the realisation through `statuses`, one recorded update each, as staff would."""
    today = timezone.localdate()
    realisation_update(
        realisation=realisation,
        changed_by=manager,
        values={
            "service": service,
            "planned_start": today - timedelta(days=200),
            "planned_end": today + timedelta(days=120),
        },
    )
    for number, status in enumerate(statuses, start=1):
        values: dict[str, Any] = {
            "status": status,
            "progress": progress if number == len(statuses) else min(progress, 10 * number),
        }
        if status == S.WORKS:
            values["actual_start"] = today - timedelta(days=150)
        if status == S.DONE:
            values.update(
                actual_end=today - timedelta(days=20),
                budget_spent=(realisation.budget_voted or 0) * 96 // 100,
            )
        if status == S.ABANDONED:
            values["abandon_reason"] = ABANDON_REASON
        realisation_update(realisation=realisation, changed_by=manager, values=values)


def _news(realisation: Realisation, author: User | None, *, with_image: bool) -> None:
    if realisation.status == S.TO_START:
        return
    now = timezone.now()
    news_post_publish(
        realisation=realisation,
        author=author,
        title="Le projet est lancé",
        body=(
            f"Les services de la ville ont commencé l’étude de « {realisation.title} ». "
            "Une réunion d’information aura lieu sur place : **venez nombreux** !"
        ),
        published_at=now - timedelta(days=180),
    )
    if realisation.status in (S.WORKS, S.DONE):
        news_post_publish(
            realisation=realisation,
            author=author,
            title="Les travaux avancent",
            body="Le chantier suit son calendrier. Merci de votre patience pendant les travaux.",
            image=_picture() if with_image else None,
            image_alt="Dessin du projet : des arbres devant un bâtiment, sous un ciel bleu."
            if with_image
            else "",
            published_at=now - timedelta(days=40),
        )


def _picture() -> ContentFile[bytes]:
    """A small drawing (sky, building, trees) standing for a photo of the works."""
    image = Image.new("RGB", (960, 540), "#8ec5ff")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 400, 960, 540), fill="#5a9e4b")
    draw.rectangle((360, 180, 700, 420), fill="#d9c7a7", outline="#6b5b45", width=6)
    for x in (120, 260, 800):
        draw.rectangle((x - 10, 330, x + 10, 420), fill="#6b4423")
        draw.ellipse((x - 70, 210, x + 70, 350), fill="#2e7d32")
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=85)
    return ContentFile(output.getvalue(), name="travaux.jpg")
