"""The crawl's scope (newscrawl.middlewares.scope.SiteScope) on a crawler without a crawl: the
spider's hosts and their subdomains pass, any other host or scheme is refused with its skip
reason and settled in the books. tests/test_generic_entries.py runs it in a whole crawl."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from scrapy.core.engine import ExecutionEngine
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.utils.test import get_crawler

from newscrawl.crawl.keys import skipped_counts
from newscrawl.crawl.reasons import SkipRequest
from newscrawl.middlewares.scope import SiteScope
from newscrawl.spiders.generic import GenericSpider


@pytest.fixture
def crawler() -> Iterator[Crawler]:
    """A generic crawl of example.com with its engine built (the ledger among its spider
    middlewares, as in newscrawl/settings.py), never started."""
    crawler = get_crawler(
        GenericSpider,
        {"SPIDER_MIDDLEWARES": {"newscrawl.crawl.ledger.Ledger": 950}},
    )
    crawler.spider = GenericSpider.from_crawler(crawler, url="https://example.com/news/")
    engine = ExecutionEngine(crawler, lambda _: None)
    crawler.engine = engine
    yield crawler
    engine.downloader.close()


def stats(crawler: Crawler) -> dict[str, object]:
    assert crawler.stats is not None
    return crawler.stats.get_stats()


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/news/1",
        "http://example.com/news/1",
        "https://news.example.com/1",
        "https://EXAMPLE.com/news/1",
    ],
)
def test_the_spiders_hosts_and_their_subdomains_pass(crawler: Crawler, url: str) -> None:
    scope = SiteScope.from_crawler(crawler)
    request = Request(url)
    assert scope.out_of_scope(request) is None
    scope.request_scheduled(request)
    scope.process_request(request)  # no SkipRequest
    assert skipped_counts(stats(crawler)) == {}


@pytest.mark.parametrize(
    ("request_", "reason"),
    [
        (Request("https://elsewhere.org/news/1"), "offsite"),
        # A suffix of the host's name is not a subdomain.
        (Request("https://notexample.com/news/1"), "offsite"),
        # Unlike Scrapy's OffsiteMiddleware, dont_filter does not leave the site.
        (Request("https://elsewhere.org/", dont_filter=True), "offsite"),
        (Request("ftp://example.com/file.txt"), "unsupported_scheme"),
        (Request("ftp://example.com/file.txt", meta={"allow_offsite": True}), "unsupported_scheme"),
    ],
    ids=["other-host", "suffix", "dont_filter", "ftp", "ftp-allow_offsite"],
)
def test_out_of_scope_is_refused_with_its_reason(
    crawler: Crawler, request_: Request, reason: str
) -> None:
    scope = SiteScope.from_crawler(crawler)
    with pytest.raises(SkipRequest) as refused:
        scope.process_request(request_)
    assert refused.value.reason == reason
    with pytest.raises(IgnoreRequest):
        scope.request_scheduled(request_)
    # Settled in the books when scheduled; a refusal in the downloader goes to the errback.
    assert skipped_counts(stats(crawler)) == {reason: 1}


def test_allow_offsite_leaves_the_site(crawler: Crawler) -> None:
    scope = SiteScope.from_crawler(crawler)
    request = Request("https://cdn.elsewhere.org/a", meta={"allow_offsite": True})
    assert scope.out_of_scope(request) is None


def test_offsite_stats_count_requests_and_hosts(crawler: Crawler) -> None:
    scope = SiteScope.from_crawler(crawler)
    for url in ("https://a.org/1", "https://a.org/2", "https://b.org/1"):
        with pytest.raises(IgnoreRequest):
            scope.request_scheduled(Request(url))
    counted = stats(crawler)
    assert counted["offsite/filtered"] == 3
    assert counted["offsite/domains"] == 2
    assert counted["newscrawl/urls_seen"] == 3
    assert skipped_counts(counted) == {"offsite": 3}


def test_a_spider_without_allowed_domains_has_no_host_limit() -> None:
    crawler = get_crawler()
    crawler.spider = crawler.spidercls.from_crawler(crawler)
    scope = SiteScope.from_crawler(crawler)
    assert scope.out_of_scope(Request("https://anywhere.org/")) is None
    assert scope.out_of_scope(Request("ftp://anywhere.org/")) == "unsupported_scheme"
