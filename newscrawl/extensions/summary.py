"""The end-of-crawl summary: what a person (or a cron mail) wants to know about a run.

The counts come from the books (newscrawl.middlewares.accounting): every URL the crawl saw is
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
from newscrawl.items import ArticleItem
from newscrawl.middlewares.accounting import skipped_counts


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
        skipped = skipped_counts(stats)
        rejected = stats.get("newscrawl/rejected", 0)
        lines = [
            f"  URLs seen: {stats.get('newscrawl/urls_seen', 0)}"
            f"  = exported {stats.get('newscrawl/exported', 0)} + rejected {rejected}"
            f" + followed {stats.get('newscrawl/followed', 0)} (feeds, sitemaps, listings)"
            f" + skipped {sum(skipped.values())}",
            f"  articles exported: {sum(self.languages.values())}"
            + (f"  by language: {dict(sorted(self.languages.items()))}" if self.languages else ""),
            f"  boilerplate segments split off: {sum(self.boilerplate.values())}"
            + (f"  {dict(sorted(self.boilerplate.items()))}" if self.boilerplate else ""),
            f"  rejected: {rejected}"
            + (
                f"  -> {stats['newscrawl/rejected_feed']}"
                if "newscrawl/rejected_feed" in stats
                else ""
            ),
            f"  skipped: {sum(skipped.values())}" + (f"  {skipped}" if skipped else ""),
        ]
        if "newscrawl/incremental/new" in stats or "newscrawl/incremental/changed" in stats:
            lines.insert(
                2,
                f"  incremental: {stats.get('newscrawl/incremental/new', 0)} new, "
                f"{stats.get('newscrawl/incremental/changed', 0)} changed, "
                f"{stats.get('newscrawl/skipped/unchanged', 0)} unchanged not fetched",
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
    if stats.get("newscrawl/unaccounted"):
        lines.append(
            f"  ERROR: {stats['newscrawl/unaccounted']} URLs have no outcome (a newscrawl bug)"
        )
    if stats.get("newscrawl/no_articles"):
        lines.append(
            "  ERROR: no articles exported: the site may have changed its layout or blocked"
            " the crawler (see skipped); `scrapy crawl` exits with status 3"
        )
    return lines
