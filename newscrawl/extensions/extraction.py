"""Both cores: `-s NEWSCRAWL_EXTRACT_PROCESSES=N` moves parsing and extraction (page_draft,
the consensus of extractors included) off the reactor into N worker processes, so that the
engine keeps fetching while pages are read. 0, the default, extracts in the crawl's own
process.

A worker that dies (killed, out of memory) takes its pool with it: the pool is replaced and
the page tried once more; a page that kills a second pool too is skipped as
`extraction_failed`, never left without an outcome.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl import Mode, page_draft, steps
from newscrawl.extensions.heap import PeriodicTrim
from newscrawl.extract.draft import ArticleDraft
from newscrawl.sites import Site

logger = logging.getLogger(__name__)


class ExtractionFailed(Exception):
    """The page's extraction killed its worker twice."""


# Each worker process has its own (this module is imported in each spawned worker).
_worker_heap = PeriodicTrim()


def draft_in_worker(
    body: bytes, url: str, site: Site, content_type: str, mode: Mode
) -> ArticleDraft:
    """What runs in a worker: page_draft, made fit to cross back to the crawl."""
    draft = page_draft(body, url, site, content_type=content_type, mode=mode)
    _worker_heap.page_done()
    return steps.portable(draft)


class ExtractionProcesses:
    def __init__(self, processes: int) -> None:
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        processes = crawler.settings.getint("NEWSCRAWL_EXTRACT_PROCESSES")
        if processes <= 0:
            raise NotConfigured
        extension = cls(processes)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # Spawned, not forked: a fork of a process running the reactor's threads may
            # inherit a lock some thread held.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.processes, mp_context=context)
        return self._pool

    async def draft(
        self, body: bytes, url: str, site: Site, content_type: str, mode: Mode
    ) -> ArticleDraft:
        for attempt in (1, 2):
            pool = self._executor()
            try:
                future = pool.submit(draft_in_worker, body, url, site, content_type, mode)
                return await asyncio.wrap_future(future)
            except BrokenProcessPool:
                logger.warning("an extraction worker died on %s (attempt %d)", url, attempt)
                if self._pool is pool:
                    self._pool = None
                pool.shutdown(wait=False, cancel_futures=True)
        raise ExtractionFailed(url)

    def spider_closed(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
