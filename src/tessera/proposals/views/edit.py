from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tessera.accounts.models import User
from tessera.core.ratelimit import rate_limited
from tessera.proposals.forms import ProposalForm
from tessera.proposals.models import Proposal
from tessera.proposals.selectors import collect_settings_for, revisions_of, status_history
from tessera.proposals.services import EDITABLE_FIELDS, proposal_update
from tessera.proposals.services import proposal_withdraw as withdraw_service
from tessera.proposals.views.common import collect_step_for, proposal_for
from tessera.proposals.views.submit import keep_valid_uploads, pending_uploads_for, split_files


def _allowed(request: HttpRequest, proposal: Proposal, permission: str) -> User | None:
    """The user if they hold the permission; None if they must log in first."""
    if not request.user.is_authenticated:
        return None
    if not request.user.has_perm(permission, proposal):
        raise PermissionDenied
    user = request.user
    assert isinstance(user, User)
    return user


def _initial(proposal: Proposal) -> dict[str, object]:
    return {name: getattr(proposal, name) for name in EDITABLE_FIELDS}


@require_http_methods(["GET", "POST"])
@rate_limited("proposals:edit", per_address=(120, 3600), per_user=(60, 3600))
def proposal_edit(request: HttpRequest, slug: str, step_id: int, pk: int) -> HttpResponse:
    """The author edits while the collect runs (or a revision is asked); staff at any time."""
    step = collect_step_for(request, slug, step_id)
    proposal = proposal_for(request, step, pk)
    user = _allowed(request, proposal, "proposals.change_proposal")
    if user is None:
        return redirect_to_login(request.get_full_path())
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        initial=_initial(proposal),
        collect_settings=collect_settings_for(step),
        pending=pending_uploads_for(request),
        proposal=proposal,
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            changes = {name: data[name] for name in EDITABLE_FIELDS if name in form.fields}
            try:
                with transaction.atomic():
                    images, attachments = split_files(form)
                    revision = proposal_update(
                        proposal=proposal,
                        editor=user,
                        changes=changes,
                        new_images=images,
                        removed_image_ids=[int(pk) for pk in data.get("remove_images") or []],
                        new_attachments=attachments,
                        removed_attachment_ids=[
                            int(pk) for pk in data.get("remove_attachments") or []
                        ],
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if revision is None:
                    messages.info(request, _("Nothing was changed."))
                else:
                    messages.success(request, _("Your changes are saved."))
                return redirect(proposal.get_absolute_url())
        keep_valid_uploads(request, form)
    return render(
        request,
        "proposals/form.html",
        {"step": step, "process": step.process, "form": form, "proposal": proposal},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def proposal_withdraw(request: HttpRequest, slug: str, step_id: int, pk: int) -> HttpResponse:
    step = collect_step_for(request, slug, step_id)
    proposal = proposal_for(request, step, pk)
    user = _allowed(request, proposal, "proposals.withdraw_proposal")
    if user is None:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        withdraw_service(proposal=proposal, user=user)
        messages.success(request, _("Your proposal is withdrawn."))
        return redirect(proposal.get_absolute_url())
    return render(
        request,
        "proposals/withdraw.html",
        {"step": step, "process": step.process, "proposal": proposal},
    )


@require_GET
def proposal_history(request: HttpRequest, slug: str, step_id: int, pk: int) -> HttpResponse:
    """Every edit and status change of a proposal, for staff."""
    step = collect_step_for(request, slug, step_id)
    proposal = proposal_for(request, step, pk)
    if _allowed(request, proposal, "proposals.view_revisions") is None:
        return redirect_to_login(request.get_full_path())
    return render(
        request,
        "proposals/history.html",
        {
            "step": step,
            "process": step.process,
            "proposal": proposal,
            "revisions": list(revisions_of(proposal)),
            "history": list(status_history(proposal)),
        },
    )
