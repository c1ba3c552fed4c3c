"""The news back office (/manage/news/): list, write, preview, publish, unpublish, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tessera.accounts.requests import require, user_of
from tessera.news import services
from tessera.news.forms import PostForm
from tessera.news.models import Post
from tessera.news.rules import PostState
from tessera.news.views.public import _detail_context
from tessera.organizations.selectors import current_organization

PER_PAGE = 50
PUBLISH = "publish"


@login_required
@require_GET
def post_list(request: HttpRequest) -> HttpResponse:
    require(request, "news.manage")
    posts = Post.objects.select_related("process", "author").defer("body", "body_html")
    page = Paginator(posts, PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    return render(
        request,
        "news/manage_list.html",
        {
            "section": "news",
            "page": page,
            "rows": [(post, post.state(now)) for post in page.object_list],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_create(request: HttpRequest) -> HttpResponse:
    require(request, "news.add_post")
    return _form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("process"), pk=pk)
    require(request, "news.change_post", post)
    return _form_page(request, post)


def _form_page(request: HttpRequest, post: Post | None) -> HttpResponse:
    if request.method != "POST":
        return _render_form(request, post, PostForm(post=post))
    form = PostForm(request.POST, request.FILES, post=post)
    if not form.is_valid():
        return _render_form(request, post, form, status=400)
    data = form.cleaned_data
    organization = current_organization(request)
    assert organization is not None
    saved = services.post_save(
        post=post,
        organization=organization,
        author=user_of(request),
        process=data["process"],
        title=data["title"],
        body=data["body"],
        image=data["image"],
        remove_image=data.get("remove_image", False),
        image_alt=data["image_alt"],
        publish_at=data["publish_at"] or (timezone.now() if post is None else None),
    )
    if request.POST.get("action") == PUBLISH and not saved.is_published:
        require(request, "news.publish_post", saved)
        services.post_publish(post=saved)
    messages.success(request, _state_message(saved))
    return redirect("news:manage_edit", pk=saved.pk)


def _render_form(
    request: HttpRequest, post: Post | None, form: PostForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "news/manage_form.html",
        {
            "section": "news",
            "post": post,
            "form": form,
            "state": post.state() if post else PostState.DRAFT,
            "image_not_kept": bool(form.errors and request.FILES),
        },
        status=status,
    )


def _state_message(post: Post) -> str:
    state = post.state()
    if state is PostState.PUBLISHED:
        return _("“%(title)s” is saved and published.") % {"title": post.title}
    if state is PostState.SCHEDULED:
        return _("“%(title)s” is saved; it will be published on %(date)s.") % {
            "title": post.title,
            "date": date_format(timezone.localtime(post.publish_at), "SHORT_DATETIME_FORMAT"),
        }
    return _("“%(title)s” is saved as a draft: the public does not see it.") % {"title": post.title}


@login_required
@require_GET
def post_preview(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("process"), pk=pk)
    require(request, "news.change_post", post)
    return render(request, "news/detail.html", _detail_context(post, preview=True))


@login_required
@require_POST
def post_publish(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    require(request, "news.publish_post", post)
    services.post_publish(post=post)
    messages.success(request, _state_message(post))
    return redirect("news:manage")


@login_required
@require_POST
def post_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    require(request, "news.publish_post", post)
    services.post_unpublish(post=post)
    messages.success(request, _state_message(post))
    return redirect("news:manage")


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    require(request, "news.delete_post", post)
    if request.method == "POST":
        title = post.title
        services.post_delete(post=post)
        messages.success(request, _("“%(title)s” is deleted.") % {"title": title})
        return redirect("news:manage")
    return render(request, "news/manage_delete.html", {"section": "news", "post": post})
