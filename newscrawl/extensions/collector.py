"""Fewer garbage collections during a crawl: `NEWSCRAWL_GC_THRESHOLD` (default 10,000) is
the young-generation threshold while the spider runs; 0 leaves Python's own (700).

Reading a page allocates hundreds of thousands of short-lived objects (selectors, shingles,
the peers' trees), and a crawl keeps a large heap beside them (queues, responses, the books):
with 700, collections ran every few hundred allocations and each survivor was walked again on
its way to the old generation. 10,000 took ~3 ms off each page's CPU in `make bench-crawl` with
the same peak memory (docs/benchmarks.md). Python's threshold is process-wide, so the one that
was there is put back when the spider closes.
"""

from __future__ import annotations

import gc
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class GarbageCollection:
    def __init__(self, young: int) -> None:
        self.young = young
        self._before: tuple[int, int, int] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        young = crawler.settings.getint("NEWSCRAWL_GC_THRESHOLD")
        if young <= 0:
            raise NotConfigured("NEWSCRAWL_GC_THRESHOLD is 0: Python's own thresholds")
        extension = cls(young)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        self._before = gc.get_threshold()
        collect_less(self.young)

    def spider_closed(self) -> None:
        if self._before is not None:
            gc.set_threshold(*self._before)
            self._before = None


def collect_less(young: int) -> None:
    """The young generation's threshold set to `young`, the older ones left as they are."""
    _, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, old)
