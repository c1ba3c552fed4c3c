"""The residents' side: write, reply, edit, delete and report comments (plain forms, no JS).

Keyed by the commented contribution, whatever its kind: a new tool includes the comment
section on its page (`{% comment_section contribution %}`) and gets these pages with it.
"""

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
from tessera.contributions import kinds
from tessera.contributions.forms import ReportForm
from tessera.contributions.models import Contribution
from tessera.contributions.moderation import report_create
from tessera.core.ratelimit import rate_limited


def _check_visible(request: HttpRequest, target: Contribution) -> None:
    """The same gate as the contribution's page: a draft process is 404, a restricted one 403,
    hidden content is for the moderators and its author."""
    process = target.step.process
    if not request.user.has_perm("processes.view_process", process):
        if not process.is_published:
            raise Http404
        raise PermissionDenied
    if target.is_hidden and not request.user.has_perm("contributions.view_hidden", target):
        raise Http404


def _target_for(request: HttpRequest, contribution_id: int) -> Contribution:
    """A contribution of a kind that offers comments (any other is not found)."""
    commentable = [
        kind.identifier for kind in kinds.all_kinds() if kind.offers(kinds.Feature.COMMENT)
    ]
    target = get_object_or_404(
        Contribution.objects.select_related("step__process"),
        pk=contribution_id,
        kind__in=commentable,
    )
    _check_visible(request, target)
    return target


def _comment_for(request: HttpRequest, pk: int) -> Comment:
    comment = get_object_or_404(
        Comment.objects.select_related("contribution", "target__step__process", "author", "parent"),
        pk=pk,
    )
    _check_visible(request, comment.target)
    return comment


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _location(comment: Comment) -> str:
    """The page of the commented contribution where this comment is shown."""
    return (
        f"{comment.target.get_absolute_url()}?comments={page_number_of(comment)}"
        f"#comment-{comment.pk}"
    )


def _target_context(target: Contribution) -> dict[str, object]:
    """What the comment pages say of the commented contribution (breadcrumb, quote)."""
    owner = target.owner
    return {
        "target": target,
        "target_title": kinds.get(target.kind).title(owner),
        "target_url": owner.get_absolute_url(),
        "step": target.step,
        "process": target.step.process,
    }


def _form_page(
    request: HttpRequest,
    *,
    form: CommentForm,
    target: Contribution,
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
            "comment": comment,
            "title": title,
            "action": action,
            **_target_context(target),
        },
        status=status,
    )


def _status_of(error: ValidationError) -> int:
    return 429 if isinstance(error, CommentRateLimited) else 400


@require_POST
@rate_limited("comments:write", per_address=(30, 60), per_user=(120, 3600))
def create(request: HttpRequest, contribution_id: int) -> HttpResponse:
    target = _target_for(request, contribution_id)
    if not request.user.is_authenticated:
        return redirect_to_login(f"{target.get_absolute_url()}#comments")
    if not request.user.has_perm("comments.add_comment", target):
        raise PermissionDenied
    form = CommentForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            comment = comment_create(
                target=target, author=_user(request), body=form.cleaned_data["body"]
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
        target=target,
        title=_("Comment"),
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
        target=parent.target,
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
        target=comment.target,
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
        return redirect(f"{comment.target.get_absolute_url()}#comments")
    return render(
        request, "comments/delete.html", {"comment": comment, **_target_context(comment.target)}
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
        {"comment": comment, "form": form, **_target_context(comment.target)},
        status=400 if form.errors else 200,
    )


def show(request: HttpRequest, pk: int) -> HttpResponse:
    """A comment's permalink (notifications, the moderation queue): the page of its thread."""
    return redirect(_location(_comment_for(request, pk)))
