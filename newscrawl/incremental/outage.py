"""What a distributed worker does when its Redis server stops answering mid-crawl: it says so
once and closes (reason `redis_unavailable`; `scrapy crawl` exits 7) instead of retrying
every few seconds with a traceback each, and hanging on its way out.

Nothing more is acked once Redis is gone, so the worker's unfinished requests stay leased and
go back to the queue when their lease times out, and an article whose commit did not land is
cut from its feed's part file when the job runs again: an outage costs what a kill costs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import redis
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import deferred_from_coro

from newscrawl.crawl.keys import REDIS_UNAVAILABLE_ERRORS, REDIS_UNAVAILABLE_STAT

logger = logging.getLogger(__name__)

# What a Redis that stopped answering raises (one still loading its data answers
# BusyLoadingError, a ConnectionError).
REDIS_DOWN = (redis.ConnectionError, redis.TimeoutError)
REDIS_UNAVAILABLE = "redis_unavailable"


def stop_worker(crawler: Crawler, url: str, error: Exception) -> None:
    logger.error(
        "newscrawl distributed: Redis at %s stopped answering (%s); this worker stops "
        "(run it again once Redis is back: its unfinished requests return to the queue)",
        url,
        error,
    )
    if crawler.stats is not None:
        crawler.stats.set_value(REDIS_UNAVAILABLE_STAT, 1)
        _quiet_the_rest(crawler, crawler.stats)
    engine = crawler.engine
    if engine is not None and engine.spider is not None:
        deferred_from_coro(engine.close_spider_async(reason=REDIS_UNAVAILABLE))


class QuietOutage(logging.Filter):
    """Counts, instead of logging, the errors of calls still in flight (a lookup in the
    spider middleware, a pipeline's claim, a commit on item_scraped) that found Redis gone
    after the worker said so: each was a traceback repeating that one line (144 in a test
    outage of a second)."""

    def __init__(self, stats: StatsCollector) -> None:
        super().__init__()
        self.stats = stats

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and _redis_down(record.exc_info[1]):
            # Each root handler asks about the same record: it counts once.
            if not getattr(record, "newscrawl_outage_counted", False):
                record.newscrawl_outage_counted = True
                self.stats.inc_value(REDIS_UNAVAILABLE_ERRORS)
            return False
        return True


def _redis_down(error: BaseException | None) -> bool:
    seen = 0
    while error is not None and seen < 10:  # the error, or what it was raised from
        if isinstance(error, REDIS_DOWN):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def _quiet_the_rest(crawler: Crawler, stats: StatsCollector) -> None:
    # On the root logger's handlers (Scrapy's, and its log counter), which every logger's
    # records reach: a filter on a logger sees only its own records. Taken off when the
    # crawl has closed, so that another crawl in the process logs its own errors.
    quiet = QuietOutage(stats)
    handlers = [h for h in logging.getLogger().handlers if not _quieted(h)]
    for handler in handlers:
        handler.addFilter(quiet)

    def remove() -> None:
        for handler in handlers:
            handler.removeFilter(quiet)

    crawler.signals.connect(remove, signal=signals.engine_stopped, weak=False)


def _quieted(handler: logging.Handler) -> bool:
    return any(isinstance(f, QuietOutage) for f in handler.filters)


class Watched:
    """The job's store, telling `on_down` when a call finds Redis gone (and re-raising): a
    commit or a lookup that failed must stop the worker before it acks the request, or a
    Redis back a moment later would take the ack for an article it never stored."""

    def __init__(self, store: Any, on_down: Callable[[Exception], None]) -> None:
        self._store = store
        self._on_down = on_down

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._store, name)
        if not callable(found):
            return found

        def watched(*args: Any, **kwargs: Any) -> Any:
            try:
                return found(*args, **kwargs)
            except REDIS_DOWN as error:
                self._on_down(error)
                raise

        return watched
