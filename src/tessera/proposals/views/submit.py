from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tessera.accounts.models import User
from tessera.contributions.selectors import active_ban
from tessera.core.ratelimit import rate_limited
from tessera.processes.models import Step
from tessera.proposals.collect_limits import CollectLimitReached, limits_message
from tessera.proposals.forms import ProposalForm
from tessera.proposals.models import PendingUpload, Proposal
from tessera.proposals.selectors import collect_settings_for, similar_proposals
from tessera.proposals.services import (
    NewFile,
    pending_upload_store,
    pending_uploads_take,
)
from tessera.proposals.services import (
    proposal_submit as submit_service,
)
from tessera.proposals.views.common import collect_step_for


def pending_uploads_for(request: HttpRequest) -> list[PendingUpload]:
    """The files this browser session sent with a form it has not completed yet."""
    if not request.session.session_key or not request.user.is_authenticated:
        return []
    return list(
        PendingUpload.objects.filter(
            session_key=request.session.session_key, user_id=request.user.pk
        )
    )


def keep_valid_uploads(request: HttpRequest, form: ProposalForm) -> None:
    """The form failed: keep the files that were fine so the resident does not send them again."""
    user = request.user
    assert isinstance(user, User)
    if not request.session.session_key:
        request.session.save()
    session_key = str(request.session.session_key)
    kept = [
        pending_upload_store(user=user, session_key=session_key, kind=kind, new_file=new_file)
        for kind, files in (
            (PendingUpload.Kind.IMAGE, form.new_images),
            (PendingUpload.Kind.ATTACHMENT, form.new_attachments),
        )
        for new_file in files
    ]
    if kept:
        form.add_pending(kept)


def split_files(
    form: ProposalForm,
) -> tuple[list[NewFile], list[NewFile]]:
    """The new images and documents: the ones kept from a previous try, then today's."""
    taken = pending_uploads_take(uploads=form.kept_pending())
    images = [new for kind, new in taken if kind == PendingUpload.Kind.IMAGE]
    attachments = [new for kind, new in taken if kind == PendingUpload.Kind.ATTACHMENT]
    return images + form.new_images, attachments + form.new_attachments


def submission_refused(request: HttpRequest, step: Step) -> HttpResponse:
    return render(
        request,
        "proposals/cannot_submit.html",
        {
            "step": step,
            "process": step.process,
            "phase": step.phase(),
            "ban": active_ban(request.user),
        },
        status=403,
    )


@require_http_methods(["GET", "POST"])
# Each submission may carry files and is read by staff: a script must not bury them.
@rate_limited("proposals:submit", per_address=(30, 3600), per_user=(10, 3600))
def proposal_submit(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    step = collect_step_for(request, slug, step_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("proposals.submit", step):
        return submission_refused(request, step)
    user = request.user
    assert isinstance(user, User)
    collect_settings = collect_settings_for(step)
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        collect_settings=collect_settings,
        pending=pending_uploads_for(request),
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                proposal = _submit(user, step, form)
            except CollectLimitReached as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("Your proposal is published. Thank you!"))
                return redirect(proposal.get_absolute_url())
        keep_valid_uploads(request, form)
    return render(
        request,
        "proposals/form.html",
        {
            "step": step,
            "process": step.process,
            "form": form,
            "proposal": None,
            "suggestions_url": True,
            "limits_message": limits_message(user, step, collect_settings),
        },
        status=400 if form.errors else 200,
    )


def _submit(user: User, step: Step, form: ProposalForm) -> Proposal:
    """Publish the proposal with its kept and new files (refused whole at a collect limit:
    the kept files stay kept)."""
    data = form.cleaned_data
    with transaction.atomic():
        images, attachments = split_files(form)
        return submit_service(
            author=user,
            step=step,
            title=data["title"],
            description=data["description"],
            theme=data.get("theme"),
            district=data.get("district"),
            estimated_cost=data.get("estimated_cost"),
            address=data.get("address") or "",
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            on_behalf_of=data.get("on_behalf_of") or "",
            images=images,
            attachments=attachments,
        )


@require_GET
def title_suggestions(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """An HTML fragment: proposals of the step that look like the title being typed."""
    step = collect_step_for(request, slug, step_id)
    title = request.GET.get("title", "")[:200]
    return render(
        request,
        "proposals/_suggestions.html",
        {"step": step, "process": step.process, "suggestions": similar_proposals(step, title)},
    )
