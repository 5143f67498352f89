"""The optional in-process scheduler: sweeps the rules every N minutes in a background thread
with its own event loop and driver (off by default; cron + `taggraph run-rules` does the same)."""

from __future__ import annotations

import asyncio
import logging
import threading

from graph.database import Database
from graph.rules.engine import run_rules
from settings import Settings

log = logging.getLogger(__name__)


class RuleScheduler:
    """Runs a rule sweep every `minutes` until stopped."""

    def __init__(self, settings: Settings, minutes: float) -> None:
        self.settings = settings
        self.minutes = minutes
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._main, name="rule-scheduler", daemon=True)

    def start(self) -> None:
        """Start sweeping in the background."""
        self._thread.start()

    def stop(self) -> None:
        """Stop after the current sweep."""
        self._stop.set()
        self._thread.join(timeout=5)

    def _main(self) -> None:
        asyncio.run(self._loop())

    async def _loop(self) -> None:
        db = Database.connect(self.settings)
        try:
            while not self._stop.wait(self.minutes * 60):
                try:
                    report = await run_rules(db)
                    log.info(
                        "rule sweep: %d customers, %d added, %d removed in %.1f s",
                        report.customers, report.added, report.removed, report.seconds,
                    )  # fmt: skip
                except Exception:  # the next sweep tries again; the reason goes to the log
                    log.exception("rule sweep failed")
        finally:
            await db.close()


def start_rule_scheduler(settings: Settings) -> RuleScheduler | None:
    """The scheduler of these settings, started; None when `rule_sweep_minutes` is 0."""
    if settings.rule_sweep_minutes <= 0:
        return None
    scheduler = RuleScheduler(settings, settings.rule_sweep_minutes)
    scheduler.start()
    return scheduler
