"""The public pages of news: the list (filtered by process) and a post."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tessera.news.forms import NewsFilterForm
from tessera.news.models import Post
from tessera.news.selectors import for_cards, posts_listed_for
from tessera.processes.selectors import processes_listed_for

PER_PAGE = 12


@require_GET
def news_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    form = NewsFilterForm(
        request.GET or None, processes=processes_listed_for(request.user).order_by("title")
    )
    posts = for_cards(posts_listed_for(request.user, now))
    process = None
    if form.is_valid():
        process = form.cleaned_data["process"]
        if process is not None:
            posts = posts.filter(process=process)
    elif form.errors:
        posts = posts.none()
    page = Paginator(posts, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "news/list.html",
        {"form": form, "page": page, "process": process},
        status=400 if form.errors else 200,
    )


@require_GET
def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("process"), pk=pk)
    # A draft, a scheduled post or one of a process this visitor may not see does not exist
    # for them (404, not 403: its title stays unknown).
    if not request.user.has_perm("news.view_post", post):
        raise Http404
    return render(request, "news/detail.html", _detail_context(post))


def _detail_context(post: Post, *, preview: bool = False) -> dict[str, object]:
    now = timezone.now()
    return {"post": post, "state": post.state(now), "preview": preview}
