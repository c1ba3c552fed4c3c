"""The back office's view of notifications: deliveries (failed ones first to look at), events."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tessera.notifications import deliveries, tasks
from tessera.notifications.models import Delivery, DeliveryStatus, Event


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    list_display = ["key", "user", "status", "attempts", "created_at", "sent_at", "last_error"]
    list_filter = ["status", "frequency"]
    search_fields = ["key", "user__email"]
    list_select_related = ["user"]
    readonly_fields = [field.name for field in Delivery._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Send the failed e-mails again"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        for delivery in queryset.filter(status=DeliveryStatus.FAILED):
            deliveries.delivery_retry_now(delivery=delivery)
            tasks.deliveries_send.enqueue(delivery_ids=[delivery.pk])


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ["key", "kind", "family", "created_at", "fanned_out_at"]
    list_filter = ["kind", "family"]
    search_fields = ["key"]
    readonly_fields = [field.name for field in Event._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
