"""Raw Scrapy, for bench/crawl.py: a sitemap index, its sitemaps and every page they list,
fetched with Scrapy's defaults (no newscrawl component) and nothing parsed.

    python -m bench.rawfetch http://127.0.0.1:PORT/sitemap.xml
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap


class RawFetch(scrapy.Spider):
    name = "rawfetch"

    def __init__(self, entry: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entry = entry

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.entry, callback=self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        sitemap = Sitemap(response.body)
        callback = self.parse_sitemap if sitemap.type == "sitemapindex" else self.parse_page
        for entry in sitemap:
            yield scrapy.Request(entry["loc"], callback=callback)

    def parse_page(self, response: Response) -> Iterator[Any]:
        yield from ()


def main() -> None:
    settings = {
        "LOG_LEVEL": "WARNING",
        "ROBOTSTXT_OBEY": False,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "TELNETCONSOLE_ENABLED": False,
    }
    process = CrawlerProcess(settings)
    process.crawl(RawFetch, entry=sys.argv[1])
    process.start()


if __name__ == "__main__":
    main()
