from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tessera.comments.models import BODY_MAX_LENGTH


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=BODY_MAX_LENGTH,
        help_text=_("Plain text; Markdown for **bold**, *italics*, lists and links."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write your comment before sending it."),
            "max_length": _(
                "A comment is at most %(limit_value)d characters long "
                "(this one has %(show_value)d)."
            ),
        },
    )
