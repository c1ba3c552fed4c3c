"""The follow button on the proposal and process pages, registered in their apps' hooks."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from tessera.followup import hooks as realisation_hooks
from tessera.followup.models import Realisation
from tessera.notifications import selectors
from tessera.processes import hooks as process_hooks
from tessera.processes.models import Process
from tessera.proposals import hooks as proposal_hooks
from tessera.proposals.models import Proposal


def _section(
    request: HttpRequest, target: str, obj: Process | Proposal | Realisation, **follow: int
) -> str:
    user = request.user
    can_follow = user.is_authenticated and user.has_perm("notifications.follow", obj)
    if user.is_authenticated and not can_follow:
        return ""
    following = bool(can_follow and selectors.is_following(user, **follow))  # type: ignore[arg-type]
    return render_to_string(
        "notifications/_follow.html",
        {
            "target": target,
            "object": obj,
            "following": following,
            "can_follow": can_follow,
        },
        request=request,
    )


def proposal_follow_section(request: HttpRequest, proposal: Proposal) -> str:
    return _section(request, "proposal", proposal, contribution_id=proposal.contribution_id)


def process_follow_section(request: HttpRequest, process: Process) -> str:
    return _section(request, "process", process, process_id=process.pk)


def realisation_follow_section(request: HttpRequest, realisation: Realisation) -> str:
    return _section(request, "realisation", realisation, realisation_id=realisation.pk)


proposal_hooks.register_detail_section(proposal_follow_section)
realisation_hooks.register_detail_section(realisation_follow_section)
process_hooks.register_detail_section(process_follow_section)
