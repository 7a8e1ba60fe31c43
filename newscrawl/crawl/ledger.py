"""The books: every URL a crawl sees ends in exactly one outcome, counted in the Scrapy stats.

    newscrawl/exported           an article in the feed
    newscrawl/rejected           an article that failed validation, in the rejected feed
    newscrawl/followed           a feed, sitemap or listing page, read for its links
    newscrawl/skipped/<reason>   everything else, with why (docs/robustness.md lists them)

A URL is seen (`newscrawl/urls_seen`) when the spider yields a request for it, or when it looks
at a URL and decides not to fetch it (`NewsSpider.skip_url`). The request carries a ticket in
its meta through retries and redirects, and whichever component settles its fate closes the
ticket: the spider's errback, the item signals, the scheduler's duplicate filter, the crawl's
scope. The ledger's verbs: `open` a ticket for a request, `settle` a request's outcome, and
`settle_unrequested` for a URL seen and never requested; `books(crawler)` is the ledger of a
crawl. When the crawl ends, seen must equal the sum of the outcomes, or the crawl logs an ERROR.

A crawl that found no article at all (none exported, none dropped as a duplicate or by the
date or language filter, none skipped for a reason in NEWSCRAWL_ARTICLE_SKIPS such as an
incremental crawl's "unchanged") logs an ERROR and sets `newscrawl/no_articles`, on which
`scrapy crawl` exits with status 3: the site changed its layout or blocked the crawler.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.log import LogCounterHandler

from newscrawl.crawl.keys import (
    COUNTED_TWICE,
    EXPORTED,
    FOLLOWED,
    NO_ARTICLES,
    REJECTED,
    TICKET,
    UNACCOUNTED,
    URLS_SEEN,
    is_outcome,
    skipped,
    skipped_counts,
    stat,
)
from newscrawl.crawl.reasons import reason_for
from newscrawl.exceptions import RejectedArticle, SkippedArticle

logger = logging.getLogger(__name__)


@dataclass
class _Ticket:
    url: str
    scheduled: bool = False
    awaiting_item: bool = False


class Ledger:
    """Spider middleware (it sees every request the spider yields) and signal receiver (it
    hears how each one ended). Other components settle outcomes through `books(crawler)`."""

    def __init__(self, crawler: Crawler) -> None:
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats = crawler.stats
        self.fail_on_no_articles = crawler.settings.getbool("NEWSCRAWL_FAIL_ON_NO_ARTICLES")
        self.url_length_limit = crawler.settings.getint("URLLENGTH_LIMIT")
        self.article_skips = {
            skipped(reason) for reason in crawler.settings.getlist("NEWSCRAWL_ARTICLE_SKIPS")
        }
        self.articles_found = 0
        self._issued = 0
        self._open: dict[int, _Ticket] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        books = cls(crawler)
        crawler.signals.connect(books.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(books.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(books.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(books.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(books.item_error, signal=signals.item_error)
        crawler.signals.connect(books.spider_closed, signal=signals.spider_closed)
        return books

    # -- the ledger ------------------------------------------------------------------------

    def open(self, request: Request) -> None:
        self._issued += 1
        # A spider that copies response.meta into a new request copies the old ticket too:
        # every request the spider yields is a new sighting with a ticket of its own.
        request.meta[TICKET] = self._issued
        self._open[self._issued] = _Ticket(request.url)
        self.stats.inc_value(URLS_SEEN)

    def settle(self, request: Request | None, outcome: str) -> None:
        """Record the outcome of `request` (`exported`, `rejected`, `followed`,
        `skipped/<why>`), once."""
        number = request.meta.get(TICKET) if request is not None else None
        if number is None:
            # A request the spider did not yield (made by some other component): seen now.
            self.stats.inc_value(URLS_SEEN)
        elif self._open.pop(number, None) is None:
            self.stats.inc_value(COUNTED_TWICE)
            logger.warning(
                "%s was already accounted for; not counting it again as %s",
                request.url if request is not None else "?",
                outcome,
            )
            return
        self.stats.inc_value(stat(outcome))
        if outcome == EXPORTED or outcome in self.article_skips:
            self.articles_found += 1

    def settle_unrequested(self, reason: str) -> None:
        """Record a URL that was seen and, for `reason`, never requested."""
        self.stats.inc_value(URLS_SEEN)
        self.stats.inc_value(stat(skipped(reason)))

    def _ticket(self, request: Request | None) -> _Ticket | None:
        if request is None:
            return None
        return self._open.get(request.meta.get(TICKET, 0))

    # -- spider middleware -----------------------------------------------------------------

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for thing in start:
            if isinstance(thing, Request):
                self.open(thing)
            yield thing

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        ticket = self._ticket(response.request)
        async for thing in result:
            if isinstance(thing, Request):
                self.open(thing)
            elif ticket is not None:
                ticket.awaiting_item = True
            yield thing
        if ticket is not None and not ticket.awaiting_item and self._ticket(response.request):
            # Neither an article nor skipped by the spider: a page read for its links.
            self.settle(response.request, FOLLOWED)

    def process_spider_exception(self, response: Response, exception: Exception) -> None:
        ticket = self._ticket(response.request)
        if ticket is not None and not ticket.awaiting_item:
            reason = reason_for(exception) if isinstance(exception, IgnoreRequest) else ""
            self.settle(response.request, skipped(reason or "spider_error"))

    # -- signals -----------------------------------------------------------------------------

    def request_scheduled(self, request: Request) -> None:
        ticket = self._ticket(request)
        if ticket is not None:
            ticket.scheduled = True

    def request_dropped(self, request: Request) -> None:
        # The scheduler refuses a request its duplicate filter has seen: a URL fetched before,
        # or, when it is one of the URLs this redirect chain came through, a redirect loop.
        looped = request.url in request.meta.get("redirect_urls", ())
        self.settle(request, skipped("redirect_loop" if looped else "duplicate_request"))

    def item_scraped(self, response: Any) -> None:
        self.settle(getattr(response, "request", None), EXPORTED)

    def item_dropped(self, response: Any, exception: BaseException) -> None:
        if isinstance(exception, RejectedArticle):
            outcome = REJECTED
        elif isinstance(exception, SkippedArticle):
            outcome = skipped(exception.reason)
            self.articles_found += 1  # extracted fine, just not wanted (filtered, duplicate)
        else:
            outcome = skipped("dropped")
        self.settle(getattr(response, "request", None), outcome)

    def item_error(self, response: Any) -> None:
        self.settle(getattr(response, "request", None), skipped("item_error"))

    def spider_closed(self, reason: str) -> None:
        for number, ticket in list(self._open.items()):
            if reason != "finished":
                outcome = "crawl_stopped"
            elif not ticket.scheduled:
                # Yielded by the spider, then dropped by a spider middleware on its way out.
                too_long = self.url_length_limit and len(ticket.url) > self.url_length_limit
                outcome = "url_too_long" if too_long else "dropped_by_middleware"
            else:
                continue  # scheduled and never settled: a newscrawl bug, reported below
            del self._open[number]
            self.stats.inc_value(stat(skipped(outcome)))
        self._check_books()
        self._check_articles()

    def _check_books(self) -> None:
        stats = self.stats.get_stats()
        seen = stats.get(URLS_SEEN, 0)
        settled = sum(value for key, value in stats.items() if is_outcome(key))
        if seen != settled:
            self.stats.set_value(UNACCOUNTED, seen - settled)
            self._error(
                "newscrawl: %d of %d URLs seen have no outcome, e.g. %s",
                seen - settled,
                seen,
                [ticket.url for ticket in list(self._open.values())[:5]],
            )

    def _check_articles(self) -> None:
        if self.articles_found or not self.fail_on_no_articles:
            return
        stats = self.stats.get_stats()
        self.stats.set_value(NO_ARTICLES, True)
        top = sorted(skipped_counts(stats).items(), key=lambda kv: -kv[1])[:5]
        assert self.crawler.spider is not None
        self._error(
            "newscrawl: %s exported no articles (%d URLs seen, %d rejected; most skipped: %s). "
            "The site may have changed its layout or blocked the crawler.",
            self.crawler.spider.name,
            stats.get(URLS_SEEN, 0),
            stats.get(stat(REJECTED), 0),
            ", ".join(f"{reason} {count}" for reason, count in top) or "none",
        )

    def _error(self, message: str, *args: Any) -> None:
        logger.error(message, *args)
        counted = any(
            isinstance(handler, LogCounterHandler) and handler.crawler is self.crawler
            for handler in logging.root.handlers
        )
        if not counted:
            # Scrapy's LogCount stops counting in its own spider_closed receiver, which runs
            # before this one; monitoring reads log_count/ERROR, so count the line here.
            self.stats.inc_value("log_count/ERROR")


class StatsOnly:
    """The books of a crawl that runs without the ledger (switched off in SPIDER_MIDDLEWARES):
    outcomes are still counted, though nobody checks they add up."""

    def __init__(self, crawler: Crawler) -> None:
        assert crawler.stats is not None
        self.stats = crawler.stats

    def open(self, request: Request) -> None:
        """No tickets: a URL is counted as seen when it is settled."""

    def settle(self, request: Request | None, outcome: str) -> None:
        self.stats.inc_value(URLS_SEEN)
        self.stats.inc_value(stat(outcome))

    def settle_unrequested(self, reason: str) -> None:
        self.stats.inc_value(URLS_SEEN)
        self.stats.inc_value(stat(skipped(reason)))


def books(crawler: Crawler) -> Ledger | StatsOnly:
    """The crawl's ledger (its stats alone before the engine is built, or with the ledger
    switched off in SPIDER_MIDDLEWARES)."""
    try:
        ledger = crawler.get_spider_middleware(Ledger)
    except RuntimeError:  # asked before the engine (and its spider middlewares) exists
        ledger = None
    return ledger or StatsOnly(crawler)
