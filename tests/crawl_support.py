"""One in-process crawl with the real Scrapy engine and newscrawl's project settings, and what
its signals tell: the crawl runner every crawling test module shares."""

from __future__ import annotations

import time
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import AsyncCrawlerRunner, Crawler
from scrapy.spiders import Spider
from scrapy.utils.project import get_project_settings

from newscrawl.items import ArticleItem

# Politeness delays off (every site under test is ours, on 127.0.0.1) and a quiet log.
FAST: dict[str, Any] = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "LOG_LEVEL": "WARNING"}


class Collector:
    """What one crawl did, from the engine's own signals. The receivers are bound methods
    because signal receivers are weak references: the collector must outlive the crawl."""

    def __init__(self) -> None:
        self.items: list[ArticleItem] = []
        self.dropped: list[tuple[Any, BaseException]] = []
        self.requested: list[str] = []
        self.seconds = 0.0  # how long the crawl itself took, set by run_crawl
        self.crawler: Crawler | None = None

    def connect(self, crawler: Crawler) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.reached, signal=signals.request_reached_downloader)

    def scraped(self, item: Any) -> None:
        self.items.append(item)

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        self.dropped.append((item, exception))

    def reached(self, request: Request) -> None:
        self.requested.append(request.url)


async def run_crawl(
    spider_cls: type[Spider], settings: dict[str, Any], **spider_args: str
) -> tuple[Collector, dict[str, Any]]:
    """Crawl with the project's settings, FAST, no end-of-crawl summary, then `settings` (all at
    command-line priority); return what the signals told and the final stats."""
    merged = get_project_settings()
    merged.setdict({**FAST, "NEWSCRAWL_SUMMARY": False, **settings}, priority="cmdline")
    crawler = AsyncCrawlerRunner(merged).create_crawler(spider_cls)
    collector = Collector()
    collector.connect(crawler)
    started = time.monotonic()
    await crawler.crawl_async(**spider_args)
    collector.seconds = time.monotonic() - started
    assert crawler.stats is not None
    return collector, crawler.stats.get_stats()
