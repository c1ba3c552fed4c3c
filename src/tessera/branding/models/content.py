"""What staff write for the site: content pages, home page sections, newsletter sign-ups."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tessera.branding.models.identity import branding_upload_to
from tessera.organizations.models import OrganizationOwned


class PageKind(models.TextChoices):
    LEGAL_NOTICE = "legal", _("Legal notice")
    PERSONAL_DATA = "personal-data", _("Personal data")
    ACCESSIBILITY = "accessibility", _("Accessibility statement")
    FAQ = "faq", _("Frequently asked questions")
    OTHER = "other", _("Other page")


class Placement(models.TextChoices):
    HEADER = "header", _("Header menu")
    FOOTER = "footer", _("Footer")
    NONE = "none", _("Reachable by its address only")


class ContentPage(OrganizationOwned):
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(
        _("address"), max_length=80, help_text=_("The page answers on /pages/<address>/.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PageKind.choices)
    body = models.TextField(_("text"), help_text=_("Markdown: **bold**, lists, links, ## titles."))
    body_html = models.TextField(editable=False, default="")
    placement = models.CharField(
        _("shown in"), max_length=10, choices=Placement.choices, default=Placement.FOOTER
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")
        ordering = ["placement", "position", "title"]
        constraints = [
            models.UniqueConstraint("organization", "slug", name="unique_content_page_slug"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("branding:page", kwargs={"slug": self.slug})


class SectionKind(models.TextChoices):
    HERO = "hero", _("Banner (image, title, text, call to action)")
    PROCESSES = "processes", _("Current processes")
    PROPOSALS = "proposals", _("Highlighted proposals")
    FIGURES = "figures", _("Figures (participants, proposals, votes)")
    REALISATIONS = "realisations", _("Latest realisations")
    NEWS = "news", _("Latest news")
    TEXT = "text", _("Free text")
    NEWSLETTER = "newsletter", _("Newsletter sign-up")


class HomeSection(OrganizationOwned):
    """One block of the home page; staff order and toggle them."""

    kind = models.CharField(_("kind"), max_length=20, choices=SectionKind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_enabled = models.BooleanField(_("shown"), default=True)
    title = models.CharField(
        _("title"), max_length=150, blank=True, help_text=_("Empty: the section's usual title.")
    )
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
    body_html = models.TextField(editable=False, default="")
    image = models.FileField(_("image"), upload_to=branding_upload_to, blank=True, max_length=200)
    image_alt = models.CharField(
        _("image description"),
        max_length=200,
        blank=True,
        help_text=_("For people who cannot see the image; empty if it is only decorative."),
    )
    action_label = models.CharField(_("button label"), max_length=60, blank=True)
    action_url = models.CharField(
        _("button link"), max_length=500, blank=True, help_text=_("/processes/ or https://…")
    )

    class Meta:
        verbose_name = _("home page section")
        verbose_name_plural = _("home page sections")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title or str(self.get_kind_display())


class NewsletterSubscription(OrganizationOwned):
    """An address given on the home page, with the consent the visitor ticked.

    Single opt-in for now: the address is not confirmed by e-mail before it is stored (see
    docs/decisions/0004-white-label.md); the organisation's mailing tool should confirm it.
    """

    email = models.EmailField(_("e-mail address"))
    consented_at = models.DateTimeField(_("consent given at"))
    language = models.CharField(_("language"), max_length=8, default="fr")

    class Meta:
        verbose_name = _("newsletter subscription")
        verbose_name_plural = _("newsletter subscriptions")
        ordering = ["-consented_at"]
        constraints = [
            models.UniqueConstraint("organization", Lower("email"), name="unique_newsletter_email"),
        ]

    def __str__(self) -> str:
        return self.email
