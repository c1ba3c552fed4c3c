"""The figures' clock: store the participation figures once, or every N seconds."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from tessera.stats.stored import figures_refresh_all

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Compute and store the participation figures once, or every N seconds with --every."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            help="Refresh every this many seconds until stopped (default: once).",
        )

    def handle(self, *args: Any, every: int = 0, **options: Any) -> None:
        while True:
            started = time.monotonic()
            try:
                stored = figures_refresh_all()
            except Exception:
                # A database that is briefly away must not stop the clock for good.
                if not every:
                    raise
                logger.exception("figures refresh failed")
            else:
                seconds = time.monotonic() - started
                self.stdout.write(f"figures stored: {stored} in {seconds:.1f} s")
            if not every:
                return
            close_old_connections()
            time.sleep(every)
