from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tessera.accounts.models import User
from tessera.contributions.forms import ReportForm
from tessera.contributions.models import ReactionValue
from tessera.contributions.moderation import report_create
from tessera.contributions.selectors import active_ban, reacted_values
from tessera.contributions.services import ReactionResult, reaction_set
from tessera.processes.models import Step
from tessera.proposals import hooks
from tessera.proposals.collect_limits import CollectLimitReached, supports_limit_check
from tessera.proposals.models import Proposal
from tessera.proposals.selectors import collect_settings_for, status_history
from tessera.proposals.views.common import collect_step_for, proposal_for


def proposal_detail(request: HttpRequest, slug: str, step_id: int, pk: int) -> HttpResponse:
    step = collect_step_for(request, slug, step_id)
    proposal = proposal_for(request, step, pk)
    user = request.user
    can_view_hidden = user.has_perm("proposals.view_hidden_proposal", proposal)
    show_content = not proposal.hidden or can_view_hidden
    url = request.build_absolute_uri(proposal.get_absolute_url())
    # A hidden proposal's title is not public either: not on its page, nor in its share links.
    title = proposal.title if show_content else _("A proposal hidden by moderation")
    return render(
        request,
        "proposals/detail.html",
        {
            "step": step,
            "process": step.process,
            "proposal": proposal,
            "title": title,
            "ban": active_ban(user),
            "show_content": show_content,
            "images": list(proposal.images.all()) if show_content else [],
            "attachments": list(proposal.attachments.all()) if show_content else [],
            "history": list(status_history(proposal)),
            **_support_context(request, proposal),
            "can_edit": user.has_perm("proposals.change_proposal", proposal),
            "can_withdraw": user.has_perm("proposals.withdraw_proposal", proposal),
            "can_report": user.has_perm("contributions.report", proposal.contribution),
            "can_contact": user.has_perm("proposals.contact_author", proposal),
            "can_see_revisions": user.has_perm("proposals.view_revisions", proposal),
            "sections": hooks.detail_sections(request, proposal) if show_content else [],
            "share": {
                "url": url,
                "quoted_url": quote(url, safe=""),
                "quoted_title": quote(title, safe=""),
            },
        },
    )


def _support_context(request: HttpRequest, proposal: Proposal) -> dict[str, object]:
    user = request.user
    contribution = proposal.contribution
    return {
        "collect_settings": collect_settings_for(proposal.step),
        "supported": contribution.pk in reacted_values(user, [contribution.pk]),
        "can_support": user.has_perm("contributions.react", contribution),
    }


@require_POST
def proposal_support(request: HttpRequest, slug: str, step_id: int, pk: int) -> HttpResponse:
    """Support, or take back a support.

    A plain form button works without JavaScript (the page comes back at the support
    section); contributions/reactions.js posts the same form and gets the section alone.
    """
    step = collect_step_for(request, slug, step_id)
    proposal = proposal_for(request, step, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(proposal.get_absolute_url())
    user = request.user
    assert isinstance(user, User)
    value = None if request.POST.get("action") == "remove" else ReactionValue.POSITIVE
    if value is not None and not user.has_perm("contributions.react", proposal.contribution):
        raise PermissionDenied
    try:
        result = _support_set(user, proposal, value)
    except CollectLimitReached as refused:
        return _support_refused(request, step, proposal, refused)
    if request.headers.get("X-Requested-With") == "fetch":
        context = {"step": step, "process": step.process, "proposal": proposal}
        return render(
            request, "proposals/_support.html", context | _support_context(request, proposal)
        )
    if result.changed:
        messages.success(
            request,
            _("Thank you for your support.") if value else _("Your support is withdrawn."),
        )
    return redirect(f"{proposal.get_absolute_url()}#support")


def _support_set(user: User, proposal: Proposal, value: str | None) -> ReactionResult:
    """Support (within the step's limit per person, checked under a lock) or take back."""
    with transaction.atomic():
        if value is not None:
            settings = collect_settings_for(proposal.step)
            supports_limit_check(user=user, step=proposal.step, settings=settings)
        return reaction_set(contribution=proposal.contribution, user=user, value=value)


def _support_refused(
    request: HttpRequest, step: Step, proposal: Proposal, refused: CollectLimitReached
) -> HttpResponse:
    """The limit's sentence: in the support section (enhanced page) or above the page."""
    if request.headers.get("X-Requested-With") == "fetch":
        context: dict[str, object] = {"step": step, "process": step.process, "proposal": proposal}
        context |= _support_context(request, proposal) | {"support_error": refused.message}
        return render(request, "proposals/_support.html", context, status=409)
    messages.error(request, refused.message)
    return redirect(f"{proposal.get_absolute_url()}#support")


@require_http_methods(["GET", "POST"])
def proposal_report(request: HttpRequest, slug: str, step_id: int, pk: int) -> HttpResponse:
    step = collect_step_for(request, slug, step_id)
    proposal = proposal_for(request, step, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("contributions.report", proposal.contribution):
        raise PermissionDenied
    user = request.user
    assert isinstance(user, User)
    form = ReportForm(request.POST or None, question=_("Why do you report this proposal?"))
    if request.method == "POST" and form.is_valid():
        created = report_create(
            contribution=proposal.contribution,
            reporter=user,
            reason=form.cleaned_data["reason"],
            message=form.cleaned_data["message"],
        )
        if created:
            messages.success(request, _("Thank you: the moderators will look at this proposal."))
        else:
            messages.info(request, _("You had already reported this proposal."))
        return redirect(proposal.get_absolute_url())
    return render(
        request,
        "proposals/report.html",
        {"step": step, "process": step.process, "proposal": proposal, "form": form},
        status=400 if form.errors else 200,
    )
