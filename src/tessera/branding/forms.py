"""Forms of the identity editor, the 404 list and the newsletter sign-up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from tessera.branding import color_fields, colors, contrast
from tessera.branding.contrast import ContrastProblem
from tessera.branding.models import (
    ContentPage,
    Font,
    HomeSection,
    IdentityVersion,
    MenuItem,
    Redirect,
    SectionKind,
)
from tessera.branding.redirects import target_problem
from tessera.branding.section_fields import ALWAYS_SHOWN, SECTION_FIELDS
from tessera.branding.video import video_embed
from tessera.core.richtext import MAX_SOURCE_LENGTH

# The browser stops typing at the cap, and the form refuses a longer text with a message.
RICH_TEXT_WIDGET = forms.Textarea(attrs={"maxlength": MAX_SOURCE_LENGTH})

COLOR_FIELDS = {
    "text": "text_color",
    "primary": "primary_color",
    "secondary": "secondary_color",
    "background": "background_color",
}
PAIR_MESSAGES = {
    "text-background": _(
        "The text colour is not readable on the background colour: %(ratio)s:1 where at "
        "least %(minimum)s:1 is needed. Try %(suggestion)s."
    ),
    "primary-background": _(
        "Links and buttons in the primary colour are not readable on the background colour: "
        "%(ratio)s:1 where at least %(minimum)s:1 is needed. Try %(suggestion)s."
    ),
    "text-secondary": _(
        "The text is not readable on the secondary colour: %(ratio)s:1 where at least "
        "%(minimum)s:1 is needed. Try %(suggestion)s."
    ),
}


def contrast_errors(problems: list[ContrastProblem]) -> dict[str, list[ValidationError]]:
    """One message per failing pair, on the colour field to change, with ratio and suggestion."""
    errors: dict[str, list[ValidationError]] = {}
    for problem in problems:
        errors.setdefault(COLOR_FIELDS[problem.field], []).append(
            ValidationError(
                PAIR_MESSAGES[problem.pair],
                code="contrast",
                params={
                    # Rounded down, so that 4.48 never reads as a passing "4.5".
                    "ratio": number_format(int(problem.ratio * 100) / 100, decimal_pos=2),
                    "minimum": number_format(problem.minimum, decimal_pos=1),
                    "suggestion": problem.suggestion,
                },
            )
        )
    return errors


class FontPresetRadio(forms.RadioSelect):
    """The preset fonts as radio buttons, each name drawn in its own font (previews.css)."""

    option_template_name = "branding/staff/font_option.html"


# Built outside any organisation scope at import; querysets are set again per request.
with scopes_disabled():

    class IdentityForm(forms.ModelForm[IdentityVersion]):
        """The draft identity; pictures come as uploads the service cleans."""

        logo_upload = forms.FileField(
            label=_("New logo"),
            required=False,
            help_text=_("SVG, PNG or JPEG. An SVG is cleaned of scripts and links."),
        )
        logo_remove = forms.BooleanField(label=_("Remove the logo"), required=False)
        favicon_upload = forms.ImageField(
            label=_("New favicon"),
            required=False,
            help_text=_("A square image of at least 512 × 512 pixels; every size is made from it."),
        )
        social_image_upload = forms.ImageField(
            label=_("New social sharing image"),
            required=False,
            help_text=_("1200 × 630 pixels is best."),
        )

        class Meta:
            model = IdentityVersion
            fields = [
                "site_name",
                "tagline",
                "primary_color",
                "secondary_color",
                "background_color",
                "text_color",
                "title_font",
                "title_font_file",
                "body_font",
                "body_font_file",
                "custom_css",
            ]
            widgets = {
                "primary_color": color_fields.color_widget(),
                "secondary_color": color_fields.color_widget(),
                "background_color": color_fields.color_widget(),
                "text_color": color_fields.color_widget(),
                "title_font": FontPresetRadio(),
                "body_font": FontPresetRadio(),
                "custom_css": forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
            }

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            for name in ("title_font_file", "body_font_file"):
                field = self.fields[name]
                field.queryset = Font.objects.all()  # type: ignore[attr-defined]
                field.empty_label = _("None: use the preset")  # type: ignore[attr-defined]
            chosen = self.instance.colors or {}
            palette = colors.roles_resolve(color_fields.base_palette(self.instance), chosen)
            self.fields.update(color_fields.role_fields(chosen, palette))
            self.color_groups = color_fields.role_groups()

        def clean(self) -> dict[str, Any]:
            cleaned = super().clean() or {}
            from tessera.branding.contrast import identity_contrast_problems

            base = {key: cleaned.get(name) for key, name in COLOR_FIELDS.items()}
            if all(base.values()):
                problems = identity_contrast_problems(**base)  # type: ignore[arg-type]
                for field, errors in contrast_errors(problems).items():
                    for error in errors:
                        self.add_error(field, error)
                chosen = color_fields.chosen_colors(cleaned)
                palette = contrast.theme_palette(**base)  # type: ignore[arg-type]
                for field, errors in color_fields.role_errors(
                    colors.color_problems(palette, chosen)
                ).items():
                    self.add_error(field, errors)
                # Not a model field of the form: the instance takes it here, saved with the rest.
                self.instance.colors = chosen
            return cleaned

    class FontForm(forms.ModelForm[Font]):
        file = forms.FileField(
            label=_("Font file"), help_text=_("WOFF2, WOFF, TTF or OTF, 2 MB at most.")
        )

        class Meta:
            model = Font
            fields = ["family"]
            labels = {"family": _("Name (optional)")}

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.fields["family"].required = False

    class RedirectForm(forms.ModelForm[Redirect]):
        class Meta:
            model = Redirect
            fields = ["path", "target", "is_permanent"]

    class ContentPageForm(forms.ModelForm[ContentPage]):
        class Meta:
            model = ContentPage
            fields = ["title", "slug", "kind", "body", "is_published"]
            widgets = {"body": RICH_TEXT_WIDGET}

    class HomeSectionForm(forms.ModelForm[HomeSection]):
        class Meta:
            model = HomeSection
            fields = [
                "is_enabled",
                "title",
                "body",
                "image",
                "image_alt",
                "action_label",
                "action_url",
                "video_url",
            ]
            widgets = {"body": RICH_TEXT_WIDGET}

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # Each kind shows only the fields it uses (sections.SECTION_FIELDS).
            used = SECTION_FIELDS.get(self.instance.kind, ())
            for name in list(self.fields):
                if name not in used and name not in ALWAYS_SHOWN:
                    del self.fields[name]
            if "video_url" in self.fields:
                self.fields["video_url"].required = True

        def clean_action_url(self) -> str:
            url: str = self.cleaned_data.get("action_url", "").strip()
            if url and (problem := target_problem(url)):
                raise ValidationError(str(problem))
            return url

        def clean_video_url(self) -> str:
            url: str = self.cleaned_data.get("video_url", "").strip()
            if url and video_embed(url) is None:
                raise ValidationError(
                    _("This address is not a video of YouTube, Vimeo or a PeerTube site."),
                    code="video",
                )
            return url

    class MenuItemForm(forms.ModelForm[MenuItem]):
        """A link to one of the site's pages or processes (`destination`), or to any address."""

        destination = forms.ChoiceField(label=_("Leads to"))

        class Meta:
            model = MenuItem
            fields = ["menu", "label", "url"]
            labels = {"url": _("Other address")}
            help_texts = {
                "url": _("Only with “another address”: /processes/… or https://…"),
            }

        def __init__(
            self, *args: Any, targets: list[tuple[str, str]] | None = None, **kwargs: Any
        ) -> None:
            super().__init__(*args, **kwargs)
            self.targets = {url: label for label, url in targets or []}
            pages = [(f"page:{page.pk}", page.title) for page in ContentPage.objects.all()]
            destination = self.fields["destination"]
            assert isinstance(destination, forms.ChoiceField)
            destination.choices = [
                (str(_("Content pages")), pages),
                (str(_("Processes")), [(f"url:{u}", label) for u, label in self.targets.items()]),
                ("url", _("Another address (below)")),
            ]
            self.order_fields(["menu", "destination", "url", "label"])
            if self.instance.page_id:
                self.initial["destination"] = f"page:{self.instance.page_id}"
            elif self.instance.url in self.targets:
                self.initial["destination"] = f"url:{self.instance.url}"
                self.initial["url"] = ""
            elif self.instance.pk:
                self.initial["destination"] = "url"

        def clean(self) -> dict[str, Any]:
            cleaned = super().clean() or {}
            destination = cleaned.get("destination", "")
            url = (cleaned.get("url") or "").strip()
            self.instance.page = None
            if destination.startswith("page:"):
                self.instance.page = ContentPage.objects.get(pk=int(destination[5:]))
                url = ""
            elif destination.startswith("url:"):
                url = destination[4:]
                # A link to a process is named after it unless staff name it (it has no page
                # whose title the link could follow).
                if not cleaned.get("label"):
                    cleaned["label"] = self.instance.label = self.targets.get(url, "")[:80]
            elif not url:
                self.add_error("url", _("Give the address the link leads to."))
            elif problem := target_problem(url):
                self.add_error("url", str(problem))
            cleaned["url"] = url
            self.instance.url = url
            return cleaned


class SectionAddForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of section"), choices=SectionKind.choices)


class NotFoundRedirectForm(forms.Form):
    """The one action on a row of the 404 list."""

    path = forms.CharField(widget=forms.HiddenInput)
    target = forms.CharField(label=_("Redirect to"), max_length=1000)
    is_permanent = forms.BooleanField(label=_("permanent"), required=False, initial=True)


class NewsletterForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_("I agree to receive the newsletter; I can unsubscribe at any time."),
        error_messages={"required": _("Tick the box to agree to receive the newsletter.")},
    )
