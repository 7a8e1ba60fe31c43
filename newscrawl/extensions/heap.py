"""Memory a crawl freed goes back to the system: every `NEWSCRAWL_MEMORY_TRIM_SECONDS`
(default 30; 0 never) the crawl asks glibc's allocator to return the free pages inside its
heap (`malloc_trim`).

Python's own memory of a long crawl stays flat (tracemalloc: 121 MB at page 1,000, 119 MB at
page 3,000), but its resident set grew about 4 MB every 1,000 pages, since lxml's trees and
the pages' bytes are allocated with malloc, and glibc only gives back the free memory at the
top of the heap, so the holes that a page's parse leaves between live objects stay resident.
Over 8,000 pages of `make bench-crawl`'s mirror: +34 MB from page 2,000 without the trim,
-6 MB with it. A trim takes about 25 ms when 300 MB lie freed in holes, 2 ms when little
does: under a thousandth of a crawl's time at one trim every 30 s.

Processes that read pages without a reactor (the extraction workers of
NEWSCRAWL_EXTRACT_PROCESSES, `scrapy extract`) trim every PAGES_PER_TRIM pages instead
(`PeriodicTrim`): over 2,500 mirror pages in consensus mode a worker's RSS grew +25 MB from
page 500 without it, +8 MB with it.

Where the C library is not glibc (musl, macOS) there is nothing to call, and the extension is
off.
"""

from __future__ import annotations

import ctypes
import time
from collections.abc import Callable
from functools import cache
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from newscrawl.crawl.keys import MEMORY_TRIM_MS, MEMORY_TRIMS

# A trim costs at most ~25 ms; 250 pages take 5 to 10 s to read: well under 1 % of the time.
PAGES_PER_TRIM = 250


@cache
def malloc_trim() -> Callable[[], bool] | None:
    """glibc's malloc_trim(0), answering whether memory was given back; None without glibc."""
    try:
        # The C library the process already has loaded (no ctypes.util.find_library: it runs
        # ldconfig, at every process's start-up).
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return lambda: bool(trim(0))


class ReturnFreedMemory:
    def __init__(self, crawler: Crawler, seconds: float, trim: Callable[[], bool]) -> None:
        self.stats = crawler.stats
        self.seconds = seconds
        self._trim = trim
        self._loop = task.LoopingCall(self.trim)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        seconds = crawler.settings.getfloat("NEWSCRAWL_MEMORY_TRIM_SECONDS")
        if seconds <= 0:
            raise NotConfigured("NEWSCRAWL_MEMORY_TRIM_SECONDS is 0")
        trim = malloc_trim()
        if trim is None:
            raise NotConfigured("no glibc malloc_trim in this C library")
        extension = cls(crawler, seconds, trim)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        self._loop.start(self.seconds, now=False)

    def spider_closed(self) -> None:
        if self._loop.running:
            self._loop.stop()

    def trim(self) -> None:
        started = time.perf_counter()
        self._trim()
        if self.stats is not None:
            self.stats.inc_value(MEMORY_TRIMS)
            self.stats.inc_value(MEMORY_TRIM_MS, round(1000 * (time.perf_counter() - started)))


class PeriodicTrim:
    """Trims once every `pages` calls of `page_done`, where no reactor runs a timer."""

    def __init__(self, pages: int = PAGES_PER_TRIM) -> None:
        self.pages = pages
        self.trims = 0
        self._seen = 0
        self._trim = malloc_trim()

    def page_done(self) -> None:
        self._seen += 1
        if self._trim is not None and self._seen % self.pages == 0:
            self._trim()
            self.trims += 1
