"""The demo organisation's identity, pages, home sections and a short URL (idempotent)."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

from tessera.branding.images import sanitize_svg
from tessera.branding.models import (
    ContentPage,
    HomeSection,
    Menu,
    MenuItem,
    Redirect,
    SectionKind,
)
from tessera.branding.selectors import site_settings_for
from tessera.branding.services import branding_cache_forget, home_section_save, menu_item_save
from tessera.branding.services_content import content_page_save, redirect_save
from tessera.organizations.models import Organization

LOGO_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48">
<title>D\xc3\xa9mo participe</title>
<circle cx="24" cy="24" r="22" fill="#0f5d57"/>
<path d="M14 30 L24 12 L34 30 Z" fill="#f3c677"/>
<rect x="14" y="32" width="20" height="4" rx="2" fill="#ffffff"/>
</svg>"""

PAGES = [
    (
        "mentions-legales",
        "Mentions légales",
        "legal",
        Menu.FOOTER,
        "## Éditeur\n\nVille de Démo, 1 place de la Mairie, 75000 Démo.\n\n"
        "Directrice de la publication : la maire de Démo.\n\n## Hébergement\n\n"
        "Le site est hébergé en France.",
    ),
    (
        "donnees-personnelles",
        "Données personnelles",
        "personal-data",
        Menu.FOOTER,
        "La ville ne collecte que ce qui est nécessaire à votre participation : votre adresse "
        "électronique, un nom affiché et, si vous le souhaitez, votre quartier.\n\n"
        "Vous pouvez supprimer votre compte à tout moment depuis **Mon compte**.",
    ),
    (
        "accessibilite",
        "Accessibilité : partiellement conforme",
        "accessibility",
        Menu.FOOTER,
        "La Ville de Démo s’engage à rendre ce site accessible conformément au RGAA.\n\n"
        "Signalez-nous toute difficulté : nous vous répondrons sous 15 jours.",
    ),
    (
        "questions-frequentes",
        "Questions fréquentes",
        "faq",
        Menu.HEADER,
        "### Qui peut participer ?\n\nToute personne qui habite, étudie ou travaille à Démo.\n\n"
        "### Comment est choisi un projet ?\n\nPar le vote des habitantes et des habitants, "
        "après l’étude de chaque idée par les services de la ville.",
    ),
]

SECTIONS = [
    (
        SectionKind.HERO,
        "Vous proposez, vous choisissez, nous réalisons",
        "500 000 € pour les projets des habitantes et des habitants : proposez vos idées, "
        "puis votez pour vos préférées.",
    ),
    (SectionKind.PROCESSES, "", ""),
    (SectionKind.FIGURES, "La participation en chiffres", ""),
    (
        SectionKind.TEXT,
        "Participer, même sans ordinateur",
        "Des permanences ont lieu chaque samedi matin à la médiathèque : les agents vous aident "
        "à déposer une idée ou à voter.",
    ),
    (SectionKind.NEWSLETTER, "Restez informé·e", ""),
]


def _favicon() -> bytes:
    image = Image.new("RGBA", (512, 512), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((16, 16, 496, 496), fill="#0f5d57")
    draw.polygon([(150, 340), (256, 140), (362, 340)], fill="#f3c677")
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def _hero() -> bytes:
    """A town under a morning sky: drawn here so that the demo needs no photo of its own."""
    width, height = 1200, 640
    image = Image.new("RGB", (width, height), "#fbf1df")
    draw = ImageDraw.Draw(image)
    for y in range(height // 2):  # the sky, lighter towards the horizon
        shade = int(200 + 55 * y / (height / 2))
        draw.line([(0, y), (width, y)], fill=(shade - 40, shade - 10, shade))
    draw.ellipse((880, 70, 1000, 190), fill="#f3c677")
    draw.polygon([(0, 380), (300, 250), (620, 360), (900, 270), (1200, 360), (1200, 640), (0, 640)],
                 fill="#7fb39b")  # fmt: skip
    draw.rectangle((0, 470, width, height), fill="#0f5d57")
    for left, top, roof in ((140, 330, "#c8553d"), (330, 300, "#f3c677"), (560, 340, "#c8553d"),
                            (760, 310, "#fbf1df"), (960, 335, "#c8553d")):  # fmt: skip
        draw.rectangle((left, top, left + 130, 470), fill="#ffffff")
        draw.polygon([(left - 15, top), (left + 65, top - 60), (left + 145, top)], fill=roof)
        draw.rectangle((left + 50, top + 70, left + 80, 470), fill="#1f2933")
    for x in (60, 510, 720, 1120):
        draw.rectangle((x - 6, 400, x + 6, 480), fill="#5b3a29")
        draw.ellipse((x - 45, 330, x + 45, 420), fill="#2f7d4f")
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def _stored(name: str, data: bytes) -> str:
    """Save once under a fixed name, so that running the demo again reuses the file."""
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return name


def demo_branding(organization: Organization) -> None:
    """Give the demo a pleasant identity and the pages a French city's site has."""
    settings = site_settings_for(organization)
    prefix = f"{organization.slug}/branding"
    settings.site_name = "Démo participe"
    settings.tagline = "Proposez, débattez, votez : la ville se construit avec vous."
    settings.logo.name = _stored(f"{prefix}/demo-logo.svg", sanitize_svg(LOGO_SVG))
    favicon = Image.open(io.BytesIO(_favicon()))
    for size in (32, 180, 192, 512):
        output = io.BytesIO()
        favicon.resize((size, size)).save(output, format="PNG")
        _stored(f"{prefix}/demo-favicon-{size}.png", output.getvalue())
    settings.favicon.name = f"{prefix}/demo-favicon-512.png"
    settings.primary_color = "#0f5d57"
    settings.secondary_color = "#fbf1df"
    settings.background_color = "#ffffff"
    settings.text_color = "#1f2933"
    settings.title_font = "source-serif-4"
    settings.body_font = "source-sans-3"
    settings.save()
    branding_cache_forget(organization.pk)

    for slug, title, kind, menu, body in PAGES:
        page = ContentPage.objects.filter(organization=organization, slug=slug).first()
        page = page or ContentPage(organization=organization, slug=slug)
        page.title, page.kind, page.body = title, kind, body
        content_page_save(page=page)
        if not MenuItem.objects.filter(organization=organization, page=page).exists():
            menu_item_save(item=MenuItem(organization=organization, menu=menu, page=page))

    existing = {
        section.kind: section for section in HomeSection.objects.filter(organization=organization)
    }
    for position, (kind, title, body) in enumerate(SECTIONS):
        section = existing.get(kind) or HomeSection(organization=organization, kind=kind)
        section.position, section.title, section.body = position, title, body
        if kind == SectionKind.HERO:
            section.action_label, section.action_url = "Découvrir le budget", "/budget"
            section.image.name = _stored(f"{prefix}/demo-hero.png", _hero())
            section.image_alt = "Une rue de la ville, ses maisons et ses arbres, au petit matin"
        home_section_save(section=section)

    if not Redirect.objects.filter(organization=organization, path="/budget").exists():
        redirect_save(
            redirect=Redirect(
                organization=organization,
                path="/budget",
                target="/processes/budget-participatif-2026/",
                is_permanent=False,
            )
        )
