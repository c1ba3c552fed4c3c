"""Forms of news: the public list's filter and the back office's post form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tessera.core.images import reencode_image
from tessera.news.models import Post
from tessera.processes.models import Process

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class NewsFilterForm(forms.Form):
    """The public list's filter (GET): one process by its slug. An unknown slug is an error
    the page shows (400), not an empty list."""

    process = forms.ModelChoiceField(
        label=_("Process"),
        required=False,
        queryset=Process.objects.none(),
        empty_label=_("All news"),
        to_field_name="slug",
    )

    def __init__(self, *args: Any, processes: QuerySet[Process], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = processes  # type: ignore[attr-defined]


class PostForm(forms.Form):
    process = forms.ModelChoiceField(
        label=_("Process"),
        required=False,
        queryset=Process.objects.none(),
        empty_label=_("The whole site (not tied to a process)"),
        help_text=_("Followers of the process are told when the post is published."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: **bold**, *italics*, lists, links, ## headings."),
    )
    image = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_(
            "JPEG, PNG, WebP or GIF, 8 MB at most. Its metadata (place, camera) is removed."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)
    image_alt = forms.CharField(
        label=_("Image description"),
        max_length=200,
        required=False,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )
    publish_at = forms.DateTimeField(
        label=_("Publication date"),
        required=False,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        help_text=_("Empty: now. A later date keeps a published post hidden until then."),
    )

    def __init__(self, *args: Any, post: Post | None = None, **kwargs: Any) -> None:
        self.post = post
        if post is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "process": post.process_id,
                "title": post.title,
                "body": post.body,
                "image_alt": post.image_alt,
                "publish_at": post.publish_at,
            }
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = Process.objects.filter(  # type: ignore[attr-defined]
            archived_at__isnull=True
        ).order_by("title")
        if post is None or not post.image:
            del self.fields["remove_image"]

    def clean_image(self) -> Any:
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        # Re-encoded here, so a bad file is refused next to its field and only clean pixels
        # reach the storage.
        return reencode_image(upload)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        keeps_image = bool(self.post and self.post.image and not data.get("remove_image"))
        has_image = bool(data.get("image")) or keeps_image
        if has_image and not data.get("image_alt", "").strip() and "image" not in self.errors:
            self.add_error(
                "image_alt",
                forms.ValidationError(
                    _("Describe the image for people who cannot see it."), code="alt_missing"
                ),
            )
        return data
