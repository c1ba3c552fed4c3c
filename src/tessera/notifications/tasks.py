"""Background tasks (django.tasks, run by `manage.py db_worker`): thin calls to the services.

Each can run twice without harm: the fan-out inserts nothing the second time (unique
constraints) and a delivery already claimed or sent is not sent again.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.tasks import task
from django_scopes import scopes_disabled

from tessera.notifications import deliveries, fanout
from tessera.notifications.models import Delivery, Event


def deliveries_enqueue(deliveries_to_send: QuerySet[Delivery]) -> int:
    """Enqueue the send tasks of these deliveries, fanout.SEND_BATCH per task; how many tasks."""
    count = 0
    for batch in fanout.pending_batches(deliveries_to_send):
        deliveries_send.enqueue(delivery_ids=batch)
        count += 1
    return count


@task()
def event_fan_out(event_id: int) -> None:
    with scopes_disabled():
        event = Event.objects.get(pk=event_id)
        with transaction.atomic():
            fanout.event_fan_out(event)
        deliveries_enqueue(Delivery.objects.filter(key=fanout.immediate_key(event)))


@task()
def deliveries_send(delivery_ids: list[int]) -> None:
    with scopes_disabled():
        for delivery_id in delivery_ids:
            retry_at = deliveries.delivery_send(delivery_id=delivery_id)
            if retry_at is not None:
                deliveries_send.using(run_after=retry_at).enqueue(delivery_ids=[delivery_id])
