"""Scrapy's FeedExporter, counting what it could not write.

Scrapy logs a feed that cannot be opened or written (a full disk, a folder removed under a
running crawl) from inside its `item_scraped` signal handler, and goes on: the crawl counts
the article as exported and `scrapy crawl` would exit 0. Here each such article is counted
(`newscrawl/feed_write_errors`), so that the summary says so and the crawl exits with status
6. The first failure Scrapy logs with its traceback; the rest are only counted, since a full
disk would otherwise log one traceback per article. Feed files Scrapy could not store it
counts itself (`feedexport/failed_count/<storage>`).
"""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.extensions.feedexport import FeedExporter

from newscrawl.crawl.keys import FEED_WRITE_ERRORS


class CountedFeedExporter(FeedExporter):
    def item_scraped(self, item: Any, spider: Spider) -> None:
        try:
            super().item_scraped(item, spider)
        except Exception:
            stats = self.crawler.stats
            first = not stats.get_value(FEED_WRITE_ERRORS)
            stats.inc_value(FEED_WRITE_ERRORS)
            if first:
                raise
