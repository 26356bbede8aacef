"""The scheduled daemon: a pass every N minutes and once daily; clean stop on SIGTERM."""

from __future__ import annotations

import logging
import signal
from types import FrameType

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from intake.app import App
from intake.runner import run_once

log = logging.getLogger("intake.daemon")


def _pass(app: App, label: str) -> None:
    try:
        report = run_once(app)
        log.info("%s pass: %d ingested, %d processed, %d source errors", label,
                 len(report.ingested), len(report.processed), len(report.errors))
    except Exception:  # the daemon outlives a bad pass; the next one retries
        log.exception("%s pass failed", label)


def build_scheduler(app: App) -> BlockingScheduler:
    sched = app.config.schedule
    hour, minute = (int(x) for x in sched.daily_at.split(":"))
    scheduler = BlockingScheduler(timezone="Asia/Tokyo")
    # One pass at a time: a slow pass makes the next one wait rather than overlap.
    common = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 3600}
    scheduler.add_job(_pass, IntervalTrigger(minutes=sched.interval_minutes),
                      args=(app, "interval"), id="interval", **common)
    scheduler.add_job(_pass, CronTrigger(hour=hour, minute=minute), args=(app, "daily"),
                      id="daily", **common)
    return scheduler


def run(app: App) -> None:
    scheduler = build_scheduler(app)

    def stop(signum: int, _frame: FrameType | None) -> None:
        log.info("signal %s: finishing the current pass, then stopping", signum)
        scheduler.shutdown(wait=True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    _pass(app, "start")
    log.info("scheduler started: every %s min, daily at %s", app.config.schedule.interval_minutes,
             app.config.schedule.daily_at)
    scheduler.start()
    log.info("stopped")
