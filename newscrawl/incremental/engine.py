"""What a job needs of Scrapy's engine beyond its public API: the requests it is still
working on, and a nudge to ask the scheduler now. Both live on `ExecutionEngine._slot`
(Scrapy 2.13-2.19; pyproject pins the range, and `check_engine` fails a job at its start,
and tests/test_incremental_engine.py the build, when a Scrapy release moves them)."""

from __future__ import annotations

from collections.abc import Collection

from scrapy.crawler import Crawler
from scrapy.http import Request

from newscrawl.crawl.ledger import Ledger


def in_progress(crawler: Crawler) -> Collection[Request]:
    """The requests the engine is still working on.

    Scrapy signals no "request fully handled" moment; a request leaves the engine slot's
    in-progress set only after its response went through the spider and the item pipelines
    and every request it yielded reached the scheduler. That is when its ledger entry (or
    Redis lease) may go: earlier, a kill would lose what it would have yielded."""
    engine = crawler.engine
    slot = engine._slot if engine is not None else None
    return slot.inprogress if slot is not None else ()


def wake_engine(crawler: Crawler) -> None:
    """Make the engine ask the scheduler for requests now rather than at its next 5-second
    heartbeat: in distributed mode other workers fill the queue behind its back."""
    engine = crawler.engine
    slot = engine._slot if engine is not None else None
    if slot is not None:
        slot.nextcall.schedule()


def check_engine(crawler: Crawler) -> None:
    """Fail at start, not silently later, if this Scrapy moved the engine internals above."""
    engine = crawler.engine
    if engine is None or not hasattr(engine, "_slot"):
        raise RuntimeError(
            "newscrawl.incremental needs ExecutionEngine._slot.inprogress (Scrapy 2.13-2.19)"
        )


def adopt(crawler: Crawler, request: Request) -> None:
    """Give a request this process did not see the spider yield (resumed from an earlier run,
    taken from the shared queue) a ticket in the books, as the spider's own requests get."""
    books = crawler.get_spider_middleware(Ledger)
    if books is not None:
        books.open(request)
