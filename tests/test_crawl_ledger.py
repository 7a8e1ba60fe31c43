"""The books (newscrawl.crawl.ledger, keys, reasons) on a crawler without a crawl: every URL
seen gets one outcome, a second one is refused, and the close checks the balance and that
articles were found. What tests/test_middlewares.py already checks of `reason_for` and
`is_outcome` is not repeated here; tests/test_faults.py runs the books in whole crawls."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from scrapy import Spider
from scrapy.core.engine import ExecutionEngine
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DropItem,
)
from scrapy.http import HtmlResponse, Request
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import deferred_f_from_coro_f
from scrapy.utils.test import get_crawler
from twisted.internet import error as tx_error

from newscrawl import settings as project
from newscrawl.crawl.keys import (
    COUNTED_TWICE,
    NO_ARTICLES,
    TICKET,
    UNACCOUNTED,
    URLS_SEEN,
    is_outcome,
    skipped,
    skipped_counts,
    stat,
)
from newscrawl.crawl.ledger import Ledger, StatsOnly, books
from newscrawl.crawl.reasons import SkipRequest, reason_for
from newscrawl.exceptions import RejectedArticle, SkippedArticle


class BooksSpider(Spider):
    name = "books"


def make_crawler(**settings: Any) -> Crawler:
    """A crawler with a spider and the books' settings as newscrawl/settings.py has them."""
    crawler = get_crawler(
        BooksSpider,
        {
            "NEWSCRAWL_FAIL_ON_NO_ARTICLES": project.NEWSCRAWL_FAIL_ON_NO_ARTICLES,
            "NEWSCRAWL_ARTICLE_SKIPS": project.NEWSCRAWL_ARTICLE_SKIPS,
            **settings,
        },
    )
    crawler.spider = BooksSpider.from_crawler(crawler)
    return crawler


def stats_of(ledger: Ledger) -> dict[str, Any]:
    return ledger.stats.get_stats()


def response_to(request: Request) -> HtmlResponse:
    return HtmlResponse(request.url, body=b"<html></html>", request=request)


def test_each_request_opened_is_a_new_sighting_with_its_own_ticket() -> None:
    ledger = Ledger(make_crawler())
    first = Request("https://example.com/a")
    ledger.open(first)
    # A request built from the first one's meta carries its ticket: it gets a new one.
    second = Request("https://example.com/b", meta=dict(first.meta))
    ledger.open(second)
    assert first.meta[TICKET] != second.meta[TICKET]
    ledger.settle(first, "exported")
    ledger.settle(second, skipped("http_404"))
    stats = stats_of(ledger)
    assert stats[URLS_SEEN] == 2
    assert stats["newscrawl/exported"] == 1
    assert stats["newscrawl/skipped/http_404"] == 1


def test_an_outcome_is_counted_once() -> None:
    ledger = Ledger(make_crawler())
    request = Request("https://example.com/a")
    ledger.open(request)
    ledger.settle(request, "exported")
    ledger.settle(request, "rejected")
    stats = stats_of(ledger)
    assert stats[COUNTED_TWICE] == 1
    assert stats["newscrawl/exported"] == 1
    assert "newscrawl/rejected" not in stats
    assert stats[URLS_SEEN] == 1


def test_urls_the_spider_did_not_yield_are_seen_when_settled() -> None:
    ledger = Ledger(make_crawler())
    ledger.settle(Request("https://example.com/robots.txt"), skipped("http_500"))
    ledger.settle(None, skipped("item_error"))
    ledger.settle_unrequested("not_article_url")
    stats = stats_of(ledger)
    assert stats[URLS_SEEN] == 3
    assert skipped_counts(stats) == {"http_500": 1, "item_error": 1, "not_article_url": 1}


def test_the_item_signals_settle_the_article_request() -> None:
    ledger = Ledger(make_crawler())
    requests = [Request(f"https://example.com/{n}") for n in range(4)]
    for request in requests:
        ledger.open(request)
    responses = [response_to(request) for request in requests]
    ledger.item_scraped(responses[0])
    ledger.item_dropped(responses[1], RejectedArticle(["body: empty"], {"url": "x"}))
    ledger.item_dropped(responses[2], SkippedArticle("duplicate", "x"))
    ledger.item_dropped(responses[3], DropItem("someone else's pipeline"))
    stats = stats_of(ledger)
    assert stats["newscrawl/exported"] == 1
    assert stats["newscrawl/rejected"] == 1
    assert skipped_counts(stats) == {"dropped": 1, "duplicate": 1}
    assert ledger.articles_found == 2  # the exported one and the duplicate


def test_a_request_dropped_by_the_scheduler_is_a_duplicate_or_a_redirect_loop() -> None:
    ledger = Ledger(make_crawler())
    again = Request("https://example.com/a")
    loop = Request("https://example.com/b", meta={"redirect_urls": ["https://example.com/b"]})
    for request in (again, loop):
        ledger.open(request)
        ledger.request_dropped(request)
    assert skipped_counts(stats_of(ledger)) == {"duplicate_request": 1, "redirect_loop": 1}


@deferred_f_from_coro_f
async def test_a_page_that_yields_only_requests_was_followed() -> None:
    ledger = Ledger(make_crawler())
    listing, article = Request("https://example.com/news/"), Request("https://example.com/1")
    ledger.open(listing)

    async def links() -> AsyncIterator[Any]:
        yield Request("https://example.com/1")
        yield Request("https://example.com/2")

    async def page() -> AsyncIterator[Any]:
        yield {"an": "article draft"}

    out = [x async for x in ledger.process_spider_output(response_to(listing), links())]
    ledger.open(article)
    [item] = [x async for x in ledger.process_spider_output(response_to(article), page())]
    assert item == {"an": "article draft"}
    assert all(TICKET in request.meta for request in out)
    stats = stats_of(ledger)
    assert stats[URLS_SEEN] == 4
    assert stats["newscrawl/followed"] == 1  # the listing; the article waits for its item


def test_the_close_settles_what_never_reached_the_scheduler_and_checks_the_balance() -> None:
    crawler = make_crawler(URLLENGTH_LIMIT=40)
    ledger = Ledger(crawler)
    dropped = Request("https://example.com/a")
    too_long = Request("https://example.com/" + "x" * 40)
    lost = Request("https://example.com/lost")
    for request in (dropped, too_long, lost):
        ledger.open(request)
    ledger.request_scheduled(lost)  # scheduled and never settled: a newscrawl bug
    ledger.settle_unrequested("not_article_url")  # an article is what this crawl lacks
    ledger.spider_closed("finished")
    stats = stats_of(ledger)
    assert skipped_counts(stats) == {
        "dropped_by_middleware": 1,
        "not_article_url": 1,
        "url_too_long": 1,
    }
    assert stats[UNACCOUNTED] == 1
    assert stats[URLS_SEEN] == 4
    assert stats["log_count/ERROR"] == 2  # the balance, and no articles


def test_a_stopped_crawl_settles_every_open_ticket() -> None:
    ledger = Ledger(make_crawler())
    for n in range(3):
        request = Request(f"https://example.com/{n}")
        ledger.open(request)
        ledger.request_scheduled(request)
    ledger.spider_closed("shutdown")
    stats = stats_of(ledger)
    assert skipped_counts(stats) == {"crawl_stopped": 3}
    assert UNACCOUNTED not in stats


@pytest.mark.parametrize(
    ("fail", "outcome", "verdict"),
    [
        (True, skipped("not_article_url"), True),
        (False, skipped("not_article_url"), None),
        (True, "exported", None),
        # An incremental run that found only known articles had a quiet day.
        (True, skipped("unchanged"), None),
    ],
    ids=["nothing-found", "check-off", "one-exported", "only-unchanged"],
)
def test_the_no_articles_verdict(fail: bool, outcome: str, verdict: bool | None) -> None:
    ledger = Ledger(make_crawler(NEWSCRAWL_FAIL_ON_NO_ARTICLES=fail))
    request = Request("https://example.com/1")
    ledger.open(request)
    ledger.settle(request, outcome)
    ledger.spider_closed("finished")
    stats = stats_of(ledger)
    assert stats.get(NO_ARTICLES) is verdict
    assert UNACCOUNTED not in stats


@pytest.fixture
def engine_crawler(request: pytest.FixtureRequest) -> Iterator[Crawler]:
    """A crawler whose engine is built (its middlewares loaded), never started."""
    crawler = make_crawler(SPIDER_MIDDLEWARES=request.param)
    engine = ExecutionEngine(crawler, lambda _: None)
    crawler.engine = engine
    yield crawler
    engine.downloader.close()


@pytest.mark.parametrize("engine_crawler", [{"newscrawl.crawl.ledger.Ledger": 950}], indirect=True)
def test_the_books_of_a_crawl_are_its_ledger(engine_crawler: Crawler) -> None:
    ledger = books(engine_crawler)
    assert isinstance(ledger, Ledger)
    assert books(engine_crawler) is ledger


@pytest.mark.parametrize("engine_crawler", [{}], indirect=True)
def test_without_the_ledger_the_books_still_add_up(engine_crawler: Crawler) -> None:
    ledger = books(engine_crawler)
    assert isinstance(ledger, StatsOnly)
    ledger.open(Request("https://example.com/a"))
    ledger.settle(None, "exported")
    ledger.settle_unrequested("offsite")
    assert engine_crawler.stats is not None
    stats = engine_crawler.stats.get_stats()
    # No tickets: each outcome is a URL seen, so that seen still equals the outcomes.
    assert stats[URLS_SEEN] == 2
    assert stats["newscrawl/exported"] == 1
    assert stats["newscrawl/skipped/offsite"] == 1


def test_outcome_keys() -> None:
    assert skipped("robots") == "skipped/robots"
    assert stat(skipped("robots")) == "newscrawl/skipped/robots"
    assert stat("exported") == "newscrawl/exported"
    assert is_outcome(stat("queued"))
    assert not is_outcome("elsewhere/exported")
    stats = {"newscrawl/skipped/timeout": 2, "newscrawl/skipped/http_404": 1, URLS_SEEN: 9}
    assert list(skipped_counts(stats).items()) == [("http_404", 1), ("timeout", 2)]


def _redirect_to(location: str) -> HttpError:
    response = HtmlResponse("https://example.com/a", status=301, headers={"Location": location})
    return HttpError(response, "ignored")


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (SkipRequest("offsite", "https://elsewhere.org/"), "offsite"),
        (_redirect_to("ftp://example.com/file.txt"), "unsupported_scheme"),
        (_redirect_to("https://example.com/b"), "http_301"),
        (_redirect_to("http://[::1"), "http_301"),  # no URL at all: not a scheme we refuse
        (tx_error.TimeoutError(), "timeout"),
        (tx_error.ConnectionLost(), "connection_lost"),
        (DownloadConnectionRefusedError(), "connection_failed"),
        (CannotResolveHostError(), "connection_failed"),
        (tx_error.ConnectionRefusedError(), "connection_failed"),
        (None, "download_error/unknown"),
    ],
)
def test_skip_reasons_beyond_test_middlewares(error: BaseException | None, reason: str) -> None:
    assert reason_for(error) == reason


def test_books_asked_before_the_engine_exists_still_count() -> None:
    crawler = get_crawler()
    assert isinstance(books(crawler), StatsOnly)
    books(crawler).settle_unrequested("offsite")
    assert crawler.stats is not None
    assert crawler.stats.get_value(URLS_SEEN) == 1
