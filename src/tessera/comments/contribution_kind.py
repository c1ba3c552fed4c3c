"""The "comment" contribution kind: comments and replies are contributions too.

So they are reported, hidden with a public reason and listed in the one moderation queue the
same way as proposals; the author is told when theirs is hidden.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext_lazy as _

from tessera.comments.models import Comment
from tessera.contributions import kinds

if TYPE_CHECKING:
    from tessera.accounts.models import User

KIND = "comment"


def _title(comment: Any) -> str:
    """What staff and the author read to recognise it (the text stays out of public lists)."""
    return str(truncatechars(comment.body, 60)) if comment.body else str(_("Deleted comment"))


def _gdpr_export(user: User) -> list[dict[str, object]]:
    return [
        {"comment": body, "created_at": created_at.isoformat()}
        for body, created_at in Comment.objects.filter(author=user).values_list(
            "body", "created_at"
        )
    ]


COMMENT = kinds.register(
    kinds.ContributionKind(
        identifier=KIND,
        label=_("Comment"),
        model=Comment,
        related_name="comment",
        title=_title,
        excerpt=lambda comment: str(comment.body),
        related=("comment",),
        features=frozenset({kinds.Feature.REPORT}),
        export_columns=(kinds.ExportColumn(_("comment"), lambda comment: comment.body),),
        gdpr_export=_gdpr_export,
    )
)
