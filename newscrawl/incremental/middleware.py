"""Skip unchanged articles before they are fetched, or even scheduled.

A spider middleware rather than a downloader middleware: a request dropped here never reaches
the scheduler (no queue entry, no dupefilter entry, no Redis round trip in distributed mode)
and never calls the spider's errback. What is dropped is decided by the job's store: a request
whose story was exported, and whose discovery date (request.meta["newscrawl_lastmod"]) is not
newer than what we exported, or, without a date, was fetched less than
NEWSCRAWL_REFETCH_AFTER seconds ago. A page we do fetch again goes out conditional.

Spiders should put the sitemap <lastmod> / Atom <updated> of each entry into
request.meta["newscrawl_lastmod"] (None when the entry has none); for a request without the
key, the middleware reads them off the sitemap or Atom response that produced it. NewsSpider
sets it for sitemap entries; Atom feeds, small, are still read here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Self

from parsel import Selector
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.utils.sitemap import Sitemap

from newscrawl.crawl.keys import CONDITIONAL, LASTMOD
from newscrawl.incremental.extension import require_job
from newscrawl.incremental.identity import story_key
from newscrawl.incremental.job import IncrementalJob

_SNIFF_BYTES = 512


def discovery_dates(response: Response) -> dict[str, str]:
    """story key -> modification date, for the entries of a sitemap or an Atom feed. RSS
    pubDate is a publication date: an edit does not change it, so it tells us nothing here."""
    head = response.body[:_SNIFF_BYTES].lstrip().lower()
    dates: dict[str, str] = {}
    if b"<urlset" in head:
        for entry in Sitemap(response.body):
            if entry.get("loc") and entry.get("lastmod"):
                dates[story_key(response.urljoin(entry["loc"].strip()))] = entry["lastmod"]
    elif b"<feed" in head:
        atom = Selector(text=response.text, type="xml")
        atom.remove_namespaces()
        for node in atom.xpath("//entry"):
            link = node.xpath("link[not(@rel) or @rel='alternate']/@href").get()
            updated = node.xpath("updated/text()").get()
            if link and updated:
                dates[story_key(response.urljoin(link.strip()))] = updated.strip()
    return dates


class IncrementalMiddleware:
    """SPIDER_MIDDLEWARES entry; place it before HttpErrorMiddleware (50) so that it sees the
    304 answers to its conditional requests."""

    def __init__(self, job: IncrementalJob) -> None:
        self.job = job

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(require_job(crawler))

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for entry in start:
            if isinstance(entry, Request):
                entry = self.job.decide(entry)
            if entry is not None:
                yield entry

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        dates: dict[str, str] | None = None
        async for entry in result:
            if isinstance(entry, Request):
                if LASTMOD not in entry.meta:
                    if dates is None:
                        dates = discovery_dates(response)
                    lastmod = dates.get(story_key(entry.url))
                    if lastmod:
                        entry.meta[LASTMOD] = lastmod
                entry = self.job.decide(entry)
            if entry is not None:
                yield entry

    def process_spider_input(self, response: Response) -> None:
        if response.status == 304 and response.meta.get(CONDITIONAL):
            self.job.not_modified(response)
