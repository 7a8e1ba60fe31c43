"""Polite retries (newscrawl.middlewares.backoff.RetryBackoff) on a crawler without a crawl:
what a Retry-After does to the request and the stats, and when no pause is taken. The pauses
themselves are timed, so they are left to whole crawls (tests/test_faults.py); reading
Retry-After is in tests/test_middlewares.py."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Request
from scrapy.utils.defer import deferred_f_from_coro_f
from scrapy.utils.test import get_crawler

from newscrawl import settings as project
from newscrawl.crawl.keys import (
    BACKOFF_WAITS,
    RETRY_AFTER_HONOURED,
    RETRY_AFTER_TOO_LONG,
)
from newscrawl.middlewares.backoff import WAITED_FOR, RetryBackoff


def make_crawler(**settings: Any) -> Crawler:
    """The backoff's settings as newscrawl/settings.py has them, then `settings`."""
    return get_crawler(
        settings_dict={
            "NEWSCRAWL_RETRY_BACKOFF": project.NEWSCRAWL_RETRY_BACKOFF,
            "NEWSCRAWL_RETRY_BACKOFF_MAX": project.NEWSCRAWL_RETRY_BACKOFF_MAX,
            "NEWSCRAWL_RETRY_AFTER_MAX": project.NEWSCRAWL_RETRY_AFTER_MAX,
            "RETRY_HTTP_CODES": project.RETRY_HTTP_CODES,
            **settings,
        }
    )


def answer(request: Request, status: int, retry_after: str | None = None) -> HtmlResponse:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return HtmlResponse(request.url, status=status, headers=headers, body=b"", request=request)


def stats(crawler: Crawler) -> dict[str, Any]:
    assert crawler.stats is not None
    return crawler.stats.get_stats()


def test_a_retry_after_within_the_limit_is_honoured() -> None:
    crawler = make_crawler()
    backoff = RetryBackoff.from_crawler(crawler)
    request = Request("https://example.com/a")
    response = answer(request, 503, "120")
    assert backoff.process_response(request, response) is response
    assert not request.meta.get("dont_retry")
    assert stats(crawler)[RETRY_AFTER_HONOURED] == 1


def test_a_retry_after_past_the_limit_gives_the_url_up() -> None:
    crawler = make_crawler(NEWSCRAWL_RETRY_AFTER_MAX=60)
    backoff = RetryBackoff.from_crawler(crawler)
    request = Request("https://example.com/a")
    response = answer(request, 429, "3600")
    assert backoff.process_response(request, response) is response
    assert request.meta["dont_retry"] is True
    counted = stats(crawler)
    assert counted[RETRY_AFTER_TOO_LONG] == 1
    assert RETRY_AFTER_HONOURED not in counted


@pytest.mark.parametrize(
    ("status", "retry_after", "meta"),
    [
        (200, "120", {}),  # not a code that is retried
        (404, "120", {}),
        (503, None, {}),
        (503, "soon", {}),  # unreadable
        (503, "3600", {"dont_retry": True}),  # not retried anyway
    ],
    ids=["200", "404", "no-header", "unreadable", "dont_retry"],
)
def test_other_responses_are_left_alone(
    status: int, retry_after: str | None, meta: dict[str, Any]
) -> None:
    crawler = make_crawler(NEWSCRAWL_RETRY_AFTER_MAX=60)
    backoff = RetryBackoff.from_crawler(crawler)
    request = Request("https://example.com/a", meta=dict(meta))
    response = answer(request, status, retry_after)
    assert backoff.process_response(request, response) is response
    assert request.meta == meta
    assert not {RETRY_AFTER_HONOURED, RETRY_AFTER_TOO_LONG} & set(stats(crawler))


@deferred_f_from_coro_f
async def test_a_first_attempt_is_not_delayed() -> None:
    crawler = make_crawler()
    backoff = RetryBackoff.from_crawler(crawler)
    request = Request("https://example.com/a")
    await backoff.process_request(request)
    assert WAITED_FOR not in request.meta
    assert BACKOFF_WAITS not in stats(crawler)


@deferred_f_from_coro_f
async def test_a_retry_already_waited_for_is_not_delayed_again() -> None:
    """The pause of retry 2 was taken (the request passes the middleware again, say after a
    redirect): it is not taken twice."""
    crawler = make_crawler()
    backoff = RetryBackoff.from_crawler(crawler)
    request = Request("https://example.com/a", meta={"retry_times": 2, WAITED_FOR: 2})
    await backoff.process_request(request)
    assert BACKOFF_WAITS not in stats(crawler)


@deferred_f_from_coro_f
async def test_a_retry_with_no_backoff_is_marked_without_a_pause() -> None:
    crawler = make_crawler(NEWSCRAWL_RETRY_BACKOFF=0)
    backoff = RetryBackoff.from_crawler(crawler)
    request = Request("https://example.com/a", meta={"retry_times": 1})
    await backoff.process_request(request)
    assert request.meta[WAITED_FOR] == 1
    assert BACKOFF_WAITS not in stats(crawler)
