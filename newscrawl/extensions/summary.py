"""The end-of-crawl summary: what a person (or a cron mail) wants to know about a run.

The counts come from the books (newscrawl.crawl.ledger): every URL the crawl saw is
an exported or rejected article, a page followed for its links, or a skip with its reason.
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl import drift
from newscrawl.crawl.keys import (
    EXPORTED,
    FOLLOWED,
    INCREMENTAL_CHANGED,
    INCREMENTAL_NEW,
    NO_ARTICLES,
    QUEUED,
    REDIS_UNAVAILABLE_ERRORS,
    REDIS_UNAVAILABLE_STAT,
    REJECTED,
    REJECTED_FEED,
    UNACCOUNTED,
    URLS_SEEN,
    feed_failures,
    skipped,
    skipped_counts,
    stat,
)
from newscrawl.items import ArticleItem


class CrawlSummary:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.languages: Counter[str] = Counter()
        self.boilerplate: Counter[str] = Counter()
        self.feeds: list[str] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSCRAWL_SUMMARY"):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.feed_slot_closed, signal=signals.feed_slot_closed)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        # Feeds close in their own spider_closed handlers; print once they all have.
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, ArticleItem):
            self.languages[item.language] += 1
            for segment in item.boilerplate:
                self.boilerplate[segment["reason"].split(":")[-1]] += 1

    def feed_slot_closed(self, slot: Any) -> None:
        self.feeds.append(f"{slot.uri} ({slot.itemcount} articles)")

    def spider_closed(self, reason: str) -> None:
        self.reason = reason

    def engine_stopped(self) -> None:
        reason = getattr(self, "reason", "unknown")
        assert self.crawler.stats is not None and self.crawler.spider is not None
        stats = self.crawler.stats.get_stats()
        lines = [
            f"newscrawl: {self.crawler.spider.name} finished ({reason})",
            *self._counts(stats),
            *(f"  feed: {feed}" for feed in self.feeds),
            *self._sites(stats),
            *_errors(stats),
        ]
        print("\n".join(lines), file=sys.stdout, flush=True)

    def _counts(self, stats: dict[str, Any]) -> list[str]:
        """The books' totals, what was exported and what was split off, and skipped."""
        skips = skipped_counts(stats)
        rejected = stats.get(stat(REJECTED), 0)
        lines = [
            f"  URLs seen: {stats.get(URLS_SEEN, 0)}"
            f"  = exported {stats.get(stat(EXPORTED), 0)} + rejected {rejected}"
            f" + followed {stats.get(stat(FOLLOWED), 0)} (feeds, sitemaps, listings)"
            f" + skipped {sum(skips.values())}"
            # Distributed: handed to the job's queue, counted by the worker that takes it.
            + (
                f" + queued {stats[stat(QUEUED)]} (for the job's workers)"
                if stat(QUEUED) in stats
                else ""
            ),
            f"  articles exported: {sum(self.languages.values())}"
            + (f"  by language: {dict(sorted(self.languages.items()))}" if self.languages else ""),
            f"  boilerplate segments split off: {sum(self.boilerplate.values())}"
            + (f"  {dict(sorted(self.boilerplate.items()))}" if self.boilerplate else ""),
            f"  rejected: {rejected}"
            + (f"  -> {stats[REJECTED_FEED]}" if REJECTED_FEED in stats else ""),
            f"  skipped: {sum(skips.values())}" + (f"  {skips}" if skips else ""),
        ]
        # A job's line, also on a run that found nothing new: that is its news.
        job_keys = (INCREMENTAL_NEW, INCREMENTAL_CHANGED, stat(skipped("unchanged")))
        if any(key in stats for key in job_keys):
            lines.insert(
                2,
                f"  incremental: {stats.get(INCREMENTAL_NEW, 0)} new, "
                f"{stats.get(INCREMENTAL_CHANGED, 0)} changed, "
                f"{stats.get(stat(skipped('unchanged')), 0)} unchanged not fetched",
            )
        return lines

    def _sites(self, stats: dict[str, Any]) -> list[str]:
        """Each declared site's counts, and how it drifted from its declaration."""
        drifted = drift.verdict(self.crawler.settings, stats)
        lines = [f"  site {drift.site_line(stats, name)}" for name in drift.counted_sites(stats)]
        lines += [f"  drift: {breach}" for breach in drifted]
        if drifted:
            lines.append(
                "  ERROR: a site drifted from its declaration; `scrapy crawl` exits 5 (unless"
                " it could not start, was stopped or exported nothing: 1, 4, 3)"
            )
        return lines


def _errors(stats: dict[str, Any]) -> list[str]:
    lines = []
    if feed_failures(stats):
        lines.append(
            f"  ERROR: a feed could not be written ({feed_failures(stats)} articles or files"
            " lost, see the log); `scrapy crawl` exits with status 6"
        )
    if stats.get(UNACCOUNTED):
        lines.append(f"  ERROR: {stats[UNACCOUNTED]} URLs have no outcome (a newscrawl bug)")
    if stats.get(REDIS_UNAVAILABLE_STAT):
        in_flight = stats.get(REDIS_UNAVAILABLE_ERRORS, 0)
        lines.append(
            "  ERROR: the job's Redis server stopped answering: this worker stopped (run it"
            " again once Redis is back); `scrapy crawl` exits with status 7"
            + (f"; {in_flight} calls in flight failed with it, not logged" if in_flight else "")
        )
    elif stats.get(NO_ARTICLES):
        lines.append(
            "  ERROR: no articles exported: the site may have changed its layout or blocked"
            " the crawler (see skipped); `scrapy crawl` exits with status 3"
        )
    return lines
