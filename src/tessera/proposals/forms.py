from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from altcha_django import AltchaField, AltchaMixin
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.utils.translation import gettext_lazy as _

from tessera.core.images import reencode_image
from tessera.organizations.forms import ThemeDistrictFilterForm
from tessera.organizations.models import District, Theme
from tessera.proposals.models import (
    MAX_ATTACHMENTS,
    MAX_IMAGES,
    TITLE_MAX_LENGTH,
    TITLE_MIN_LENGTH,
    CollectSettings,
    FieldMode,
    PendingUpload,
    Proposal,
)
from tessera.proposals.selectors import SORTS
from tessera.proposals.services import NewFile
from tessera.proposals.statuses import LISTED, ProposalStatus
from tessera.proposals.uploads import clean_pdf, safe_filename

DESCRIPTION_MIN_LENGTH = 30
DESCRIPTION_MAX_LENGTH = 10_000

SORT_LABELS = {
    "random": _("Random order"),
    "recent": _("Most recent"),
    "comments": _("Most commented"),
    "supports": _("Most supported"),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the form, one error per bad file."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ProposalFilterForm(ThemeDistrictFilterForm):
    """The list's search, filters and sort, sent by GET so that a list has its own URL."""

    field_order = ["q", "theme", "district", "status", "sort"]

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort"), required=False, choices=[(key, SORT_LABELS[key]) for key in SORTS]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *[(status.value, status.label) for status in LISTED],
        ]


class ProposalForm(forms.Form):
    """Submit or edit a proposal; the step's settings require, allow or hide each field.

    Files are checked here (images re-encoded, PDFs read); valid ones are kept in
    `new_images` / `new_attachments` even when another field fails, so the view can keep them.
    """

    title = forms.CharField(
        label=_("Title"),
        min_length=TITLE_MIN_LENGTH,
        max_length=TITLE_MAX_LENGTH,
        help_text=_(
            "Between 10 and 120 characters: say what you propose, e.g. “A shaded bench "
            "square on Place Carnot”."
        ),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 10}),
        validators=[
            MinLengthValidator(DESCRIPTION_MIN_LENGTH),
            MaxLengthValidator(DESCRIPTION_MAX_LENGTH),
        ],
        help_text=_("What, where, for whom, why. Markdown: **bold**, *italics*, lists, links."),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=_("Choose a theme"),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("The whole city"),
    )
    estimated_cost = forms.IntegerField(
        label=_("Estimated cost (€)"),
        required=False,
        min_value=0,
        help_text=_("Your estimate in euros; the city's services will check it."),
    )
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=255,
        help_text=_("Where the project would take place, if it has a precise place."),
    )
    latitude = forms.DecimalField(
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        widget=forms.HiddenInput,
    )
    longitude = forms.DecimalField(
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        widget=forms.HiddenInput,
    )
    on_behalf_of = forms.CharField(
        label=_("On behalf of an association or collective"),
        required=False,
        max_length=200,
        help_text=_("Its name, if you propose for an association or a collective."),
    )
    images = MultipleFileField(
        label=_("Images"),
        required=False,
        help_text=_(
            "Up to 5 images (JPEG, PNG, WebP or GIF, 8 MB each). Their metadata, such "
            "as the place they were taken, is removed."
        ),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    attachments = MultipleFileField(
        label=_("PDF documents"),
        required=False,
        help_text=_("Up to 3 PDF documents, 5 MB each."),
        widget=MultipleFileInput(attrs={"accept": "application/pdf"}),
    )
    pending = forms.MultipleChoiceField(
        label=_("Files already sent"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kept from your previous try; untick a file to leave it out."),
    )
    remove_images = forms.MultipleChoiceField(
        label=_("Remove images"), required=False, widget=forms.CheckboxSelectMultiple
    )
    remove_attachments = forms.MultipleChoiceField(
        label=_("Remove documents"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        collect_settings: CollectSettings,
        pending: Sequence[PendingUpload] = (),
        proposal: Proposal | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.collect_settings = collect_settings
        self.proposal = proposal
        self.pending_uploads = {str(upload.token): upload for upload in pending}
        self.new_images: list[NewFile] = []
        self.new_attachments: list[NewFile] = []
        fields = self.fields
        fields["theme"].queryset = Theme.objects.all()  # type: ignore[attr-defined]
        fields["district"].queryset = District.objects.all()  # type: ignore[attr-defined]
        self._apply_mode("estimated_cost", collect_settings.cost_mode)
        self._apply_mode("address", collect_settings.address_mode)
        self._apply_mode("district", collect_settings.district_mode)
        self._apply_mode("theme", collect_settings.theme_mode)
        if collect_settings.district_mode == FieldMode.REQUIRED:
            fields["district"].empty_label = _("Choose a district")  # type: ignore[attr-defined]
        if not collect_settings.accepts_associations:
            del fields["on_behalf_of"]
        if not collect_settings.images_enabled:
            del fields["images"]
        if not collect_settings.attachments_enabled:
            del fields["attachments"]
        self._set_pending_choices()
        existing_images = list(proposal.images.all()) if proposal else []
        existing_attachments = list(proposal.attachments.all()) if proposal else []
        self.existing_images = existing_images
        self.existing_attachments = existing_attachments
        if existing_images:
            fields["remove_images"].choices = [  # type: ignore[attr-defined]
                (str(image.pk), image.alt_text or _("Image %(number)s") % {"number": index})
                for index, image in enumerate(existing_images, start=1)
            ]
        else:
            del fields["remove_images"]
        if existing_attachments:
            fields["remove_attachments"].choices = [  # type: ignore[attr-defined]
                (str(attachment.pk), attachment.title) for attachment in existing_attachments
            ]
        else:
            del fields["remove_attachments"]

    def _apply_mode(self, name: str, mode: str) -> None:
        if mode == FieldMode.HIDDEN:
            del self.fields[name]
        elif mode == FieldMode.REQUIRED:
            self.fields[name].required = True

    def _set_pending_choices(self) -> None:
        self.fields["pending"].choices = [  # type: ignore[attr-defined]
            (token, upload.original_name) for token, upload in self.pending_uploads.items()
        ]
        if not self.pending_uploads:
            self.fields["pending"].widget = forms.MultipleHiddenInput()

    def add_pending(self, uploads: Sequence[PendingUpload]) -> None:
        """Offer files just kept (on a failed try) as ticked in the form shown again."""
        for upload in uploads:
            self.pending_uploads[str(upload.token)] = upload
        self._set_pending_choices()
        self.fields["pending"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["pending"].choices  # type: ignore[attr-defined]
        )
        data: Any = self.data
        data = data.copy()
        tokens = [*data.getlist("pending"), *(str(upload.token) for upload in uploads)]
        data.setlist("pending", tokens)
        self.data = data

    # -- field checks --------------------------------------------------------------------

    def clean_estimated_cost(self) -> int | None:
        cost = self.cleaned_data.get("estimated_cost")
        minimum, maximum = self.collect_settings.cost_min, self.collect_settings.cost_max
        if cost is not None and minimum is not None and cost < minimum:
            raise ValidationError(
                _("The estimated cost must be at least %(min)s €."),
                code="min_value",
                params={"min": _euros(minimum)},
            )
        if cost is not None and maximum is not None and cost > maximum:
            raise ValidationError(
                _("The estimated cost must be at most %(max)s €."),
                code="max_value",
                params={"max": _euros(maximum)},
            )
        return cost

    def clean_images(self) -> list[NewFile]:
        errors = []
        for upload in self.cleaned_data.get("images") or []:
            try:
                content = reencode_image(upload)
            except ValidationError as error:
                errors.append(_file_error(upload, error))
                continue
            self.new_images.append(NewFile(content, _display_name(upload)))
        if errors:
            raise ValidationError(errors)
        return self.new_images

    def clean_attachments(self) -> list[NewFile]:
        errors = []
        for upload in self.cleaned_data.get("attachments") or []:
            try:
                content = clean_pdf(upload)
            except ValidationError as error:
                errors.append(_file_error(upload, error))
                continue
            self.new_attachments.append(NewFile(content, str(content.name)))
        if errors:
            raise ValidationError(errors)
        return self.new_attachments

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kept = self.kept_pending()
        kept_images = [u for u in kept if u.kind == PendingUpload.Kind.IMAGE]
        kept_attachments = [u for u in kept if u.kind == PendingUpload.Kind.ATTACHMENT]
        removed_images = set(cleaned.get("remove_images") or [])
        removed_attachments = set(cleaned.get("remove_attachments") or [])
        image_count = (
            len(self.existing_images)
            - len(removed_images)
            + len(kept_images)
            + len(self.new_images)
        )
        attachment_count = (
            len(self.existing_attachments)
            - len(removed_attachments)
            + len(kept_attachments)
            + len(self.new_attachments)
        )
        if image_count > MAX_IMAGES and "images" in self.fields:
            self.add_error(
                "images",
                ValidationError(
                    _("At most %(max)s images: you sent %(count)s."),
                    code="too_many",
                    params={"max": MAX_IMAGES, "count": image_count},
                ),
            )
        if attachment_count > MAX_ATTACHMENTS and "attachments" in self.fields:
            self.add_error(
                "attachments",
                ValidationError(
                    _("At most %(max)s documents: you sent %(count)s."),
                    code="too_many",
                    params={"max": MAX_ATTACHMENTS, "count": attachment_count},
                ),
            )
        return cleaned

    def kept_pending(self) -> list[PendingUpload]:
        tokens = self.cleaned_data.get("pending") or [] if hasattr(self, "cleaned_data") else []
        return [self.pending_uploads[token] for token in tokens if token in self.pending_uploads]


def _euros(amount: int) -> str:
    """12 000 with a narrow no-break space, as French typography writes amounts."""
    return f"{amount:,}".replace(",", "\u202f")


def _display_name(upload: UploadedFile) -> str:
    name = str(upload.name or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else "jpg"
    return safe_filename(name, extension)


def _file_error(upload: UploadedFile, error: ValidationError) -> ValidationError:
    message = " ".join(str(text) for text in error.messages)
    return ValidationError(
        _("“%(name)s”: %(message)s"),
        code=getattr(error, "code", None) or "invalid",
        params={"name": upload.name, "message": message},
    )


class ContactForm(AltchaMixin, forms.Form):
    """Write to a proposal's author: the message goes by e-mail, the address stays hidden."""

    message = forms.CharField(
        label=_("Your message"),
        min_length=10,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    sender_name = forms.CharField(label=_("Your name"), max_length=100)
    sender_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The author answers you at this address."),
    )
    phone = forms.CharField(
        label=_("Your phone number (optional)"),
        required=False,
        max_length=30,
    )
    altcha = AltchaField(
        label=_("Anti-robot check"),
        help_text=_("Your browser solves a small computation; no third party is involved."),
    )

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data.get("phone") or "").strip()
        if phone and not all(char.isdigit() or char in " +.-()" for char in phone):
            raise ValidationError(_("Enter a phone number with digits only."), code="phone")
        return phone


class StatusChangeForm(forms.Form):
    """Staff move a proposal to one of the statuses the table allows from its current one."""

    to_status = forms.ChoiceField(label=_("New status"))
    public_answer = forms.CharField(
        label=_("Public answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the proposal's page and e-mailed to its author."),
    )

    def __init__(self, *args: Any, allowed: Sequence[ProposalStatus], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [  # type: ignore[attr-defined]
            (status.value, status.label) for status in allowed
        ]
