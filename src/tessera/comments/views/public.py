"""The residents' side: write, reply, edit, delete and report comments (plain forms, no JS)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tessera.accounts.models import User
from tessera.comments.forms import CommentForm
from tessera.comments.models import Comment
from tessera.comments.selectors import page_number_of
from tessera.comments.services import (
    CommentRateLimited,
    comment_create,
    comment_delete,
    comment_edit,
    comment_edit_refusal,
    comment_reply,
)
from tessera.contributions.forms import ReportForm
from tessera.contributions.moderation import report_create
from tessera.core.ratelimit import rate_limited
from tessera.proposals.models import Proposal


def _check_visible(request: HttpRequest, proposal: Proposal) -> None:
    """The same gate as the proposal page: a draft process is 404, a restricted one 403."""
    process = proposal.step.process
    if not request.user.has_perm("processes.view_process", process):
        if not process.is_published:
            raise Http404
        raise PermissionDenied
    if proposal.hidden and not request.user.has_perm("proposals.view_hidden_proposal", proposal):
        raise Http404


def _proposal_for(request: HttpRequest, proposal_id: int) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related("step__process"), pk=proposal_id, step__kind="collect"
    )
    _check_visible(request, proposal)
    return proposal


def _comment_for(request: HttpRequest, pk: int) -> Comment:
    comment = get_object_or_404(
        Comment.objects.select_related(
            "contribution", "proposal__step__process", "author", "parent"
        ),
        pk=pk,
    )
    _check_visible(request, comment.proposal)
    return comment


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _location(comment: Comment) -> str:
    return (
        f"{comment.proposal.get_absolute_url()}?comments={page_number_of(comment)}"
        f"#comment-{comment.pk}"
    )


def _form_page(
    request: HttpRequest,
    *,
    form: CommentForm,
    proposal: Proposal,
    title: str,
    action: str,
    status: int,
    comment: Comment | None = None,
) -> HttpResponse:
    return render(
        request,
        "comments/form.html",
        {
            "form": form,
            "proposal": proposal,
            "comment": comment,
            "title": title,
            "action": action,
            "step": proposal.step,
            "process": proposal.step.process,
        },
        status=status,
    )


def _status_of(error: ValidationError) -> int:
    return 429 if isinstance(error, CommentRateLimited) else 400


@require_POST
@rate_limited("comments:write", per_address=(30, 60), per_user=(120, 3600))
def create(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _proposal_for(request, proposal_id)
    if not request.user.is_authenticated:
        return redirect_to_login(f"{proposal.get_absolute_url()}#comments")
    if not request.user.has_perm("comments.add_comment", proposal):
        raise PermissionDenied
    form = CommentForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            comment = comment_create(
                proposal=proposal, author=_user(request), body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            status = _status_of(error)
        else:
            messages.success(request, _("Your comment is published."))
            return redirect(_location(comment))
    return _form_page(
        request,
        form=form,
        proposal=proposal,
        title=_("Comment this proposal"),
        action=request.path,
        status=status,
    )


@require_http_methods(["GET", "POST"])
@rate_limited("comments:write", per_address=(30, 60), per_user=(120, 3600))
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _comment_for(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("comments.reply_comment", parent):
        raise PermissionDenied
    form = CommentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                comment = comment_reply(
                    parent=parent, author=_user(request), body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = _status_of(error)
            else:
                messages.success(request, _("Your reply is published."))
                return redirect(_location(comment))
    return _form_page(
        request,
        form=form,
        proposal=parent.proposal,
        comment=parent,
        title=_("Reply to a comment"),
        action=request.path,
        status=status,
    )


@require_http_methods(["GET", "POST"])
@rate_limited("comments:write", per_address=(30, 60), per_user=(120, 3600))
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_for(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if comment.author_id != request.user.pk or comment.deleted:
        raise PermissionDenied
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                comment_edit(comment=comment, editor=_user(request), body=form.cleaned_data["body"])
            except ValidationError as error:
                form.add_error(None, error)
                status = 403 if error.code in {"edit_window", "hidden"} else 400
            else:
                messages.success(request, _("Your comment is updated."))
                return redirect(_location(comment))
    elif (refusal := comment_edit_refusal(comment=comment, now=timezone.now())) is not None:
        # Past the 15 minutes (or hidden): say so on the page rather than a bare 403.
        form = CommentForm({"body": comment.body})
        form.is_valid()
        form.add_error(None, refusal)
        status = 403
    return _form_page(
        request,
        form=form,
        proposal=comment.proposal,
        comment=comment,
        title=_("Edit my comment"),
        action=request.path,
        status=status,
    )


@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_for(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("comments.delete_comment", comment):
        raise PermissionDenied
    if request.method == "POST":
        comment_delete(comment=comment, user=_user(request))
        messages.success(request, _("Your comment is deleted."))
        return redirect(f"{comment.proposal.get_absolute_url()}#comments")
    return render(
        request,
        "comments/delete.html",
        {
            "comment": comment,
            "proposal": comment.proposal,
            "process": comment.proposal.step.process,
        },
    )


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_for(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("contributions.report", comment.contribution):
        raise PermissionDenied
    form = ReportForm(request.POST or None, question=_("Why do you report this comment?"))
    if request.method == "POST" and form.is_valid():
        created = report_create(
            contribution=comment.contribution,
            reporter=_user(request),
            reason=form.cleaned_data["reason"],
            message=form.cleaned_data["message"],
        )
        if created:
            messages.success(request, _("Thank you: the moderators will look at this comment."))
        else:
            messages.info(request, _("You had already reported this comment."))
        return redirect(_location(comment))
    return render(
        request,
        "comments/report.html",
        {
            "comment": comment,
            "proposal": comment.proposal,
            "process": comment.proposal.step.process,
            "form": form,
        },
        status=400 if form.errors else 200,
    )
