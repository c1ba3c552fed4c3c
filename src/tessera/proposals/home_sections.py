"""What proposals add to the home page: highlighted proposals and the proposals figure.

Registered with branding's registries (branding sits below proposals; see
docs/decisions/0004-white-label.md).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from tessera.branding.home import Figure, register_figure, register_section
from tessera.branding.models import HomeSection, SectionKind
from tessera.contributions.models import ContributionState
from tessera.organizations.models import Organization
from tessera.processes.models import Visibility
from tessera.processes.selectors import processes_listed_for
from tessera.proposals.models import Proposal
from tessera.proposals.selectors import visible
from tessera.proposals.statuses import LISTED

HIGHLIGHTED = 6


def highlighted_proposals(request: HttpRequest, section: HomeSection) -> str:
    """The most supported visible proposals of the listed processes; nothing if none yet."""
    proposals = list(
        visible(
            Proposal.objects.filter(
                step__process__in=processes_listed_for(request.user), status__in=LISTED
            )
        )
        .select_related("contribution", "theme", "district", "step__process")
        .order_by("-contribution__positive_count", "-created_at")[:HIGHLIGHTED]
    )
    if not proposals:
        return ""
    return render_to_string(
        "proposals/_home_highlighted.html",
        {"section": section, "proposals": proposals},
        request=request,
    )


def _submitted_proposals(organization: Organization) -> int:
    """Proposals anyone can see: of published processes open to all, not hidden."""
    return (
        Proposal.objects.filter(organization=organization, status__in=LISTED)
        .exclude(contribution__state=ContributionState.HIDDEN)
        .filter(step__process__is_published=True)
        .exclude(step__process__visibility=Visibility.RESTRICTED)
        .count()
    )


def register() -> None:
    register_section(SectionKind.PROPOSALS, highlighted_proposals)
    register_figure(Figure("proposals", _("proposals submitted"), _submitted_proposals, 10))
