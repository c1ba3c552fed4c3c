"""The "proposal" contribution kind: what a proposal shares with every contribution."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext_lazy as _

from tessera.contributions import kinds
from tessera.proposals.models import Proposal
from tessera.proposals.services import KIND

if TYPE_CHECKING:
    from tessera.accounts.models import User


def _supports_open(proposal: Proposal) -> bool:
    """Supports are taken while the collect step runs, if its settings allow them."""
    from tessera.proposals.rules import collect_is_open, supports_enabled

    return bool(collect_is_open.test(None, proposal) and supports_enabled.test(None, proposal))


def _comments_open(proposal: Proposal, now: datetime) -> bool:
    from tessera.proposals.rules import proposal_takes_comments

    return proposal_takes_comments(proposal, now)


def _gdpr_export(user: User) -> list[dict[str, object]]:
    return [
        {"title": title, "description": description, "created_at": created_at.isoformat()}
        for title, description, created_at in Proposal.objects.filter(author=user).values_list(
            "title", "description", "created_at"
        )
    ]


def _title(proposal: Any) -> str:
    return str(proposal.title)


PROPOSAL = kinds.register(
    kinds.ContributionKind(
        identifier=KIND,
        label=_("Proposal"),
        model=Proposal,
        related_name="proposal",
        title=_title,
        excerpt=lambda proposal: str(truncatechars(proposal.description, 400)),
        related=("proposal__step__process",),
        features=frozenset(
            {
                kinds.Feature.COMMENT,
                kinds.Feature.REACT,
                kinds.Feature.REPORT,
                kinds.Feature.ANSWER,
                kinds.Feature.FOLLOW,
                kinds.Feature.CONTACT_AUTHOR,
            }
        ),
        reaction_scheme=kinds.ReactionScheme.SUPPORT,
        reactions_open=_supports_open,
        comments_open=_comments_open,
        export_columns=(
            kinds.ExportColumn(_("title"), _title),
            kinds.ExportColumn(_("status"), lambda proposal: proposal.get_status_display()),
            kinds.ExportColumn(_("supports"), lambda proposal: proposal.supports_count),
        ),
        api_type="Proposal",
        gdpr_export=_gdpr_export,
    )
)
