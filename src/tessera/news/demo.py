"""Demo news: two posts on the 2026 participatory budget (one with a picture drawn here, so
the demo needs no file) and one for the whole site; the home page's news section.

Idempotent: a post is created once per title, the section once.
"""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from tessera.accounts.models import User
from tessera.branding.models import HomeSection, SectionKind
from tessera.branding.services import home_section_save
from tessera.news import services
from tessera.news.models import Post
from tessera.organizations.models import Organization
from tessera.processes.models import Process

# (title, on the budget or site-wide, days ago, with a picture, text)
POSTS = [
    (
        "Les ateliers de quartier ont réuni 240 personnes",
        True,
        20,
        True,
        "Merci aux habitantes et habitants venus aux **six ateliers** de lancement. "
        "Les idées notées sur les panneaux sont en ligne : chacun peut les reprendre et les "
        "déposer.\n\n- Prochain rendez-vous : la médiathèque, samedi à 10 h\n"
        "- Une aide est proposée pour déposer une idée en ligne",
    ),
    (
        "Plus que deux semaines pour déposer vos idées",
        True,
        2,
        False,
        "Le dépôt des idées ferme bientôt. Une idée tient en quelques lignes : un titre, "
        "une description, un quartier. Les services de la ville l’étudieront ensuite.",
    ),
    (
        "Le site de la participation fait peau neuve",
        False,
        7,
        False,
        "Toutes les démarches de la ville sont désormais réunies ici : budget participatif, "
        "questionnaires et suivi des projets réalisés. Suivez une démarche pour être "
        "prévenu·e de ses nouvelles.",
    ),
]
IMAGE_ALT = "Dessin d’un atelier : des habitants autour d’une table couverte de plans."


def _picture() -> ContentFile[bytes]:
    image = Image.new("RGB", (1200, 675), "#fbf1df")
    draw = ImageDraw.Draw(image)
    draw.rectangle((300, 380, 900, 460), fill="#0f5d57")
    for x in (360, 520, 680, 840):
        draw.ellipse((x - 45, 250, x + 45, 340), fill="#f3c677")
        draw.rectangle((x - 40, 330, x + 40, 390), fill="#c2410c")
    draw.rectangle((420, 360, 780, 380), fill="#ffffff")
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=85)
    return ContentFile(output.getvalue(), name="atelier.jpg")


def load_demo_news(*, organization: Organization, budget: Process) -> str:
    """Create the demo's news and its home section; returns a line for the demo's output."""
    author = User.objects.filter(email="manager@demo.test").first()
    now = timezone.now()
    created = 0
    for title, on_budget, days_ago, with_image, body in POSTS:
        if Post.objects.filter(title=title).exists():
            continue
        post = services.post_save(
            organization=organization,
            author=author,
            process=budget if on_budget else None,
            title=title,
            body=body,
            image=_picture() if with_image else None,
            image_alt=IMAGE_ALT if with_image else "",
            publish_at=now - timedelta(days=days_ago),
        )
        services.post_publish(post=post)
        created += 1
    if not HomeSection.objects.filter(kind=SectionKind.NEWS).exists():
        # After the current processes (branding's demo gives them position 1, the figures 2
        # and creates them after this one).
        home_section_save(
            section=HomeSection(
                organization=organization, kind=SectionKind.NEWS, position=2, title="Actualités"
            )
        )
    return f"Demo news created: {created}"
