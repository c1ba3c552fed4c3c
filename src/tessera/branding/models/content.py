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


class Menu(models.TextChoices):
    HEADER = "header", _("Header menu")
    FOOTER = "footer", _("Footer menu")


class ContentPage(OrganizationOwned):
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(
        _("address"), max_length=80, help_text=_("The page answers on /pages/<address>/.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PageKind.choices)
    body = models.TextField(_("text"), help_text=_("Markdown: **bold**, lists, links, ## titles."))
    body_html = models.TextField(editable=False, default="")
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint("organization", "slug", name="unique_content_page_slug"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("branding:page", kwargs={"slug": self.slug})


class SectionKind(models.TextChoices):
    HERO = "hero", _("Banner (image, title, text, call to action)")
    INTRODUCTION = "introduction", _("Introduction")
    PROCESSES = "processes", _("Current processes")
    PROPOSALS = "proposals", _("Highlighted proposals")
    FIGURES = "figures", _("Figures (participants, proposals, votes)")
    NEWS = "news", _("Latest news")
    REALISATIONS = "realisations", _("Latest realisations")
    TEXT = "text", _("Free text")
    NEWSLETTER = "newsletter", _("Newsletter sign-up")
    VIDEO = "video", _("Video (loaded only when the visitor asks)")


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
    video_url = models.URLField(
        _("video address"),
        max_length=500,
        blank=True,
        help_text=_("The address of the video on YouTube, Vimeo or a PeerTube site."),
    )

    class Meta:
        verbose_name = _("home page section")
        verbose_name_plural = _("home page sections")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title or str(self.get_kind_display())


class MenuItem(OrganizationOwned):
    """A link of the header or footer menu: to a content page (it follows the page's address
    and disappears with it) or to any address (a process, another site)."""

    menu = models.CharField(_("menu"), max_length=10, choices=Menu.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(
        _("label"),
        max_length=80,
        blank=True,
        help_text=_("Empty: the title of the page or process."),
    )
    page = models.ForeignKey(
        ContentPage,
        verbose_name=_("content page"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="menu_items",
    )
    url = models.CharField(_("address"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("menu link")
        verbose_name_plural = _("menu links")
        ordering = ["menu", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(page__isnull=True) & ~models.Q(url=""))
                | (models.Q(page__isnull=False) & models.Q(url="")),
                name="menu_item_page_or_url",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if self.label:
            return self.label
        return self.page.title if self.page is not None else self.url

    @property
    def href(self) -> str:
        return self.page.get_absolute_url() if self.page is not None else self.url


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
