"""The notifications' clock: steps opening, vote reminders, daily and weekly digests."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from tessera.notifications.clock import clock_tick

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Record the time-based notifications once, or every N seconds with --every."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            help="Tick every this many seconds until stopped (default: tick once).",
        )

    def handle(self, *args: Any, every: int = 0, **options: Any) -> None:
        while True:
            try:
                tick = clock_tick()
            except Exception:
                # A database that is briefly away must not stop the clock for good.
                if not every:
                    raise
                logger.exception("notifications clock tick failed")
            else:
                self.stdout.write(
                    f"steps opened: {tick.steps_opened}, steps closing: {tick.steps_closing}, "
                    f"digest tasks: {tick.digest_tasks}, news announced: {tick.news_announced}"
                )
            if not every:
                return
            close_old_connections()
            time.sleep(every)
