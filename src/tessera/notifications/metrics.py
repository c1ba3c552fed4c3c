"""Failed e-mail deliveries on the operator's metrics page (core.metrics)."""

from __future__ import annotations

from tessera.core import metrics
from tessera.notifications.models import Delivery, DeliveryStatus


def failed_deliveries() -> float:
    return float(Delivery.objects.filter(status=DeliveryStatus.FAILED).count())


def register() -> None:
    metrics.register(
        "tessera_deliveries_failed", "E-mail deliveries that failed for good.", failed_deliveries
    )
