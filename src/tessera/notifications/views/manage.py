"""Staff: e-mails that could not be sent, with their error, and sending them again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tessera.notifications import deliveries, tasks
from tessera.notifications.models import Delivery, DeliveryStatus

PER_PAGE = 50


def _check(request: HttpRequest, permission: str) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return None


def failures(request: HttpRequest) -> HttpResponse:
    """Failed deliveries, and those waiting for another attempt after an error."""
    if refusal := _check(request, "notifications.view_delivery"):
        return refusal
    troubled = (
        Delivery.objects.filter(status__in=[DeliveryStatus.FAILED, DeliveryStatus.PENDING])
        .exclude(last_error="")
        .select_related("user")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(troubled, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/manage/failures.html", {"page": page})


@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    if refusal := _check(request, "notifications.change_delivery"):
        return refusal
    delivery = get_object_or_404(Delivery, pk=pk, status=DeliveryStatus.FAILED)
    deliveries.delivery_retry_now(delivery=delivery)
    tasks.deliveries_send.enqueue(delivery_ids=[delivery.pk])
    messages.success(request, _("The e-mail will be sent again."))
    return redirect("notifications:failures")
