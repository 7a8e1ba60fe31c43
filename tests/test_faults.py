"""Hostile and broken sites: the real engine, with newscrawl's settings, against the Fault
Gazette (tests/faultsite), one crawl per fault case.

Every crawl must: not crash, finish well within a bound, settle every URL it saw in exactly
one outcome (the books balance), count the case under the expected reason, never request
another host or a path robots.txt disallows, and still export the site's healthy articles.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from scrapy.spiders import Spider
from scrapy.utils.defer import deferred_f_from_coro_f

from newscrawl.crawl.keys import is_outcome
from newscrawl.items import ArticleItem
from newscrawl.sites.base import Site
from newscrawl.spiders.base import NewsSpider
from newscrawl.spiders.generic import GenericSpider
from tests.crawl_support import FAST, Collector, run_crawl
from tests.faultsite.pages import (
    EN_FROST,
    EN_HARBOUR,
    EN_LIBRARY,
    HEALTHY,
    RU_MRI,
    RU_OLYMPIAD,
    RU_SNOW,
    STORIES,
    Story,
)
from tests.faultsite.server import CANARY, CASES, DISALLOWED, LISTED, case, entry
from tests.mockserver import ServerProcess
from tests.scrapy_runner import run_scrapy

# Whole crawls and subprocesses: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

# Small limits keep the slow cases short; everything else is newscrawl's defaults (run_crawl
# adds FAST and no summary), including DOWNLOAD_MAXSIZE, NEWSCRAWL_SITEMAP_MAXSIZE,
# REDIRECT_MAX_TIMES and the retried codes.
SETTINGS = {
    "DOWNLOAD_TIMEOUT": 2,
    "RETRY_TIMES": 1,
    "NEWSCRAWL_RETRY_BACKOFF": 0.1,
    "NEWSCRAWL_RETRY_BACKOFF_MAX": 0.5,
    "NEWSCRAWL_RETRY_AFTER_MAX": 2,
    "FEEDS": {},
}
# No crawl of one case may take longer; the slowest (two timeouts in a row) takes about 5 s.
BOUND_SECONDS = 30


class FaultSite(ServerProcess):
    """The fault site, a process of its own on 127.0.0.1, one per test: its request log and
    hit counts then belong to that test alone."""

    def __init__(self) -> None:
        super().__init__("tests.faultsite", name="the fault site")
        self.host = self.origin.removeprefix("http://")

    def requests(self) -> list[dict[str, str]]:
        """Every request the server received: {"path", "host"}."""
        with urllib.request.urlopen(self.url("/__log"), timeout=10) as answer:
            logged: list[dict[str, str]] = json.load(answer)
        return logged


@pytest.fixture
def fault_site() -> Iterator[FaultSite]:
    site = FaultSite()
    yield site
    site.stop()


@dataclass
class Crawl:
    """What one crawl did, gathered from the engine's own signals and stats."""

    site: FaultSite
    collected: Collector
    stats: dict[str, Any]

    @property
    def items(self) -> list[ArticleItem]:
        return self.collected.items

    @property
    def fetched(self) -> list[str]:
        return self.collected.requested

    @property
    def seconds(self) -> float:
        return self.collected.seconds

    def exported(self, path: str) -> list[ArticleItem]:
        return [item for item in self.items if item.url == self.site.url(path)]

    def outcome(self, key: str) -> int:
        value: int = self.stats.get(f"newscrawl/{key}", 0)
        return value


async def crawl(
    site: FaultSite,
    tmp_path: Path,
    spider: type[Spider] = GenericSpider,
    settings: dict[str, Any] | None = None,
    **args: str,
) -> Crawl:
    rejected = tmp_path / "rejected.jsonl"
    merged = {**SETTINGS, "NEWSCRAWL_REJECTED_FEED": str(rejected), **(settings or {})}
    collected, stats = await run_crawl(spider, merged, **args)
    return Crawl(site, collected, stats)


def assert_sound(result: Crawl) -> None:
    """What every crawl of a hostile site must guarantee, whatever the fault."""
    stats, site = result.stats, result.site
    assert result.seconds < BOUND_SECONDS
    assert "spider_exceptions/count" not in stats
    assert stats.get("log_count/ERROR", 0) == 0
    assert stats.get("finish_reason") == "finished"
    assert_books_balance(stats)
    assert "newscrawl/accounting/counted_twice" not in stats
    assert stats.get("newscrawl/exported", 0) == len(result.items)
    # Never another host, never a disallowed path: as the crawler saw it and as the server did.
    assert all(url.startswith(site.origin + "/") for url in result.fetched)
    served = site.requests()
    assert {r["host"] for r in served} == {site.host}
    assert not [r for r in served if r["path"].startswith((DISALLOWED, CANARY))]
    # The healthy articles of the same site are still exported.
    for story in HEALTHY:
        assert len(result.exported(story.path)) == 1, story.path


def assert_books_balance(stats: dict[str, Any]) -> None:
    """The books balance: every URL seen has exactly one outcome."""
    assert "newscrawl/unaccounted" not in stats
    settled = sum(value for key, value in stats.items() if is_outcome(key))
    assert stats["newscrawl/urls_seen"] == settled


def assert_readable(item: ArticleItem, story: Story) -> None:
    assert item.title == story.title
    for paragraph in story.paragraphs:
        assert paragraph in item.body
    assert item.language == story.language


def hits(site: FaultSite, path: str) -> int:
    return sum(1 for r in site.requests() if r["path"] == path)


@dataclass(frozen=True)
class Case:
    name: str
    # Outcome stats (under newscrawl/) and their exact values.
    outcomes: dict[str, int] = field(default_factory=dict)
    # Articles of the case itself that must be exported, by path.
    exported: tuple[tuple[str, Story], ...] = ()
    args: dict[str, str] = field(default_factory=dict)
    check: Callable[[Crawl], None] | None = None


def _served_once(name: str, slug: str) -> Callable[[Crawl], None]:
    def check(result: Crawl) -> None:
        assert hits(result.site, case(name, slug)) == 1

    return check


def _stat_at_least(stat: str) -> Callable[[Crawl], None]:
    def check(result: Crawl) -> None:
        assert result.stats.get(stat, 0) >= 1

    return check


def _once(path: str) -> Callable[[Crawl], None]:
    def check(result: Crawl) -> None:
        assert len(result.exported(path)) == 1
        assert len(result.items) == len({item.url for item in result.items})

    return check


def _bounded(prefix: str, most: int) -> Callable[[Crawl], None]:
    def check(result: Crawl) -> None:
        assert len([u for u in result.fetched if u.startswith(result.site.url(prefix))]) <= most

    return check


CASES_EXPECTED = [
    Case("slow-headers", {"skipped/timeout": 1}, check=_stat_at_least("retry/count")),
    Case("slow-body", {"skipped/timeout": 1}),
    Case("dropped-connection", {"skipped/connection_lost": 1}, check=_stat_at_least("retry/count")),
    Case("truncated-body", {"skipped/truncated": 1}, check=_stat_at_least("retry/count")),
    Case("http-500", {"skipped/http_500": 1}, check=_stat_at_least("retry/count")),
    Case("http-502", {"skipped/http_502": 1}, check=_stat_at_least("retry/count")),
    Case("http-503", {"skipped/http_503": 1}, check=_stat_at_least("newscrawl/backoff/waits")),
    Case(
        "http-503-retry-after",
        {"exported": 3},
        exported=((case("http-503-retry-after", EN_LIBRARY.slug), EN_LIBRARY),),
        check=_stat_at_least("newscrawl/retry_after/honoured"),
    ),
    Case(
        "http-429", {"skipped/http_429": 1}, check=_stat_at_least("newscrawl/retry_after/honoured")
    ),
    Case(
        "http-429-long-retry-after",
        {"skipped/http_429": 1, "retry_after/too_long": 1},
        check=_served_once("http-429-long-retry-after", "2026-11-20-come-back-tomorrow"),
    ),
    Case(
        "http-403",
        {"skipped/http_403": 1},
        check=_served_once("http-403", "2026-11-20-forbidden"),
    ),
    Case(
        "http-404-in-listing",
        {"skipped/http_404": 1, "exported": 3},
        exported=((case("http-404-in-listing", EN_FROST.slug), EN_FROST),),
    ),
    Case("redirect-loop", {"skipped/redirect_loop": 1}),
    Case("redirect-to-itself", {"skipped/redirect_loop": 1}),
    Case(
        "redirect-chains",
        {"skipped/too_many_redirects": 1, "exported": 3},
        exported=((case("redirect-chains", EN_FROST.slug), EN_FROST),),
    ),
    Case("redirect-offsite", {"skipped/offsite": 1}),
    Case("redirect-to-file", {"skipped/unsupported_scheme": 1}),
    Case("challenge-javascript", {"skipped/blocked": 1}),
    Case("challenge-captcha", {"skipped/blocked": 1}),
    Case(
        "challenge-interstitial",
        {"skipped/blocked": 1},
        check=_served_once("challenge-interstitial", "2026-11-20-checking-browser"),
    ),
    Case("empty-200", {"skipped/empty": 1}),
    Case(
        "cp1251-labelled-utf8",
        {"exported": 3},
        exported=((case("cp1251-labelled-utf8", RU_MRI.slug), RU_MRI),),
    ),
    Case(
        "koi8r-labelled-utf8",
        {"exported": 3},
        exported=((case("koi8r-labelled-utf8", RU_SNOW.slug), RU_SNOW),),
    ),
    Case(
        "utf8-labelled-cp1251",
        {"exported": 3},
        exported=((case("utf8-labelled-cp1251", RU_OLYMPIAD.slug), RU_OLYMPIAD),),
    ),
    Case(
        "utf8-labelled-koi8r",
        {"exported": 3},
        exported=((case("utf8-labelled-koi8r", RU_SNOW.slug), RU_SNOW),),
    ),
    Case(
        "koi8r-labelled-cp1251",
        {"exported": 3},
        exported=((case("koi8r-labelled-cp1251", RU_MRI.slug), RU_MRI),),
    ),
    Case(
        "cp1251-undeclared",
        {"exported": 3},
        exported=((case("cp1251-undeclared", RU_SNOW.slug), RU_SNOW),),
    ),
    Case("binary-as-html", {"skipped/unsupported_content_type": 1}),
    Case("pdf-document", {"skipped/unsupported_content_type": 1}),
    Case("oversized-declared", {"skipped/too_large": 1}),
    Case("oversized-streamed", {"skipped/too_large": 1}),
    Case("gzip-bomb", {"skipped/too_large": 1}),
    Case("sitemap-external-entity", {"skipped/unsafe_xml": 1, "followed": 2}),
    Case("sitemap-billion-laughs", {"skipped/unsafe_xml": 1, "followed": 2}),
    Case("sitemap-index-self", {"skipped/duplicate_request": 1, "followed": 2}),
    Case("sitemap-gigabyte", {"skipped/too_large": 1, "followed": 2}),
    Case("sitemap-invalid", {"skipped/invalid_xml": 1, "followed": 2}),
    Case("sitemap-gzip-bomb", {"skipped/too_large": 1, "followed": 2}),
    Case("feed-external-entity", {"skipped/unsafe_xml": 1, "followed": 1}),
    Case(
        "endless-pagination",
        {"skipped/page_limit": 1, "followed": 3},
        args={"max_pages": "3"},
        check=_bounded(case("endless-pagination"), 3),
    ),
    Case(
        "calendar-trap",
        {"skipped/page_limit": 1, "followed": 3},
        args={"max_pages": "3"},
        check=_bounded(case("calendar-trap"), 6),
    ),
    Case(
        "malformed-html",
        {"exported": 3, "skipped/invalid_url": 1, "skipped/offsite": 1},
        exported=((case("malformed-html", EN_HARBOUR.slug), EN_HARBOUR),),
    ),
    Case(
        "huge-inline-script",
        {"exported": 3},
        exported=((case("huge-inline-script", EN_LIBRARY.slug), EN_LIBRARY),),
    ),
    Case(
        "tracking-duplicates",
        {"skipped/duplicate_request": 3, "exported": 3},
        exported=((case("tracking-duplicates", EN_HARBOUR.slug), EN_HARBOUR),),
        check=_once(case("tracking-duplicates", EN_HARBOUR.slug)),
    ),
    Case("robots-disallowed", {"skipped/robots": 2}),
    Case("offsite-links", {"skipped/offsite": 2}),
    Case("not-an-article", {"skipped/not_article": 1}),
    Case("overlong-url", {"skipped/url_too_long": 1}, check=_bounded(case("overlong-url"), 1)),
]


def test_every_case_is_tested() -> None:
    assert sorted([*(c.name for c in CASES_EXPECTED), "invalid-utf8"]) == CASES


@pytest.mark.parametrize("expected", CASES_EXPECTED, ids=lambda c: c.name)
@deferred_f_from_coro_f
async def test_fault(expected: Case, fault_site: FaultSite, tmp_path: Path) -> None:
    result = await crawl(
        fault_site, tmp_path, url=fault_site.url(entry(expected.name)), **expected.args
    )
    assert_sound(result)
    for key, count in expected.outcomes.items():
        assert result.outcome(key) == count, (key, result.stats)
    for path, story in expected.exported:
        [item] = result.exported(path)
        assert_readable(item, story)
    if expected.check:
        expected.check(result)


@deferred_f_from_coro_f
async def test_invalid_utf8_bytes_are_replaced_not_mojibake(
    fault_site: FaultSite, tmp_path: Path
) -> None:
    result = await crawl(fault_site, tmp_path, url=fault_site.url(entry("invalid-utf8")))
    assert_sound(result)
    [item] = result.exported(case("invalid-utf8", RU_OLYMPIAD.slug))
    assert item.title == RU_OLYMPIAD.title
    first, second, third, fourth = RU_OLYMPIAD.paragraphs
    for intact in (first, third, fourth):
        assert intact in item.body
    # Each of the three broken spots becomes one U+FFFD; the half character is lost.
    broken = item.body.split("\n\n")[1]
    assert broken.count("\ufffd") == 3
    assert broken.replace("\ufffd", "") == second[:30] + second[31:]
    assert "Ð" not in item.body and "Ñ" not in item.body  # UTF-8 read as Latin-1


# -- the whole site, through a site profile (the path bnews takes) -----------------------------

FAULT_GAZETTE = Site(
    name="fault_gazette",
    domain="fault-gazette.test",
    base_url="http://127.0.0.1",
    timezone="UTC",
    feeds=("/feed.xml", case("feed-external-entity", "feed.xml")),
    sitemaps=("/sitemap.xml",),
    listings=(*(case(name) for name in sorted(LISTED)), "/news/"),
    article_path=r"/\d{4}-\d{2}-\d{2}-[a-z0-9-]+$",
    listing_links=".news-list a::attr(href)",
    next_page="a[rel~=next]::attr(href)",
)


class FaultGazetteSpider(NewsSpider):
    name = "fault_gazette"
    site = FAULT_GAZETTE


@deferred_f_from_coro_f
async def test_the_whole_site(fault_site: FaultSite, tmp_path: Path) -> None:
    result = await crawl(
        fault_site, tmp_path, FaultGazetteSpider, base_url=fault_site.origin, max_pages="3"
    )
    assert_sound(result)
    for story in STORIES:
        assert result.exported(story.path), story.path
    reasons = {
        key.removeprefix("newscrawl/skipped/")
        for key in result.stats
        if key.startswith("newscrawl/skipped/")
    }
    expected = {
        key.removeprefix("skipped/")
        for c in CASES_EXPECTED
        for key in c.outcomes
        if key.startswith("skipped/")
    }
    assert expected <= reasons, expected - reasons


@deferred_f_from_coro_f
async def test_a_crawl_stopped_early_still_balances_its_books(
    fault_site: FaultSite, tmp_path: Path
) -> None:
    result = await crawl(
        fault_site,
        tmp_path,
        FaultGazetteSpider,
        settings={"CLOSESPIDER_ITEMCOUNT": 2, "CONCURRENT_REQUESTS": 2},
        base_url=fault_site.origin,
    )
    stats = result.stats
    assert stats["finish_reason"] == "closespider_itemcount"
    assert_books_balance(stats)
    # What was scheduled but never fetched is counted as such, not lost.
    assert stats["newscrawl/skipped/crawl_stopped"] > 0


# -- the cron contract ---------------------------------------------------------------------------


@deferred_f_from_coro_f
async def test_nothing_new_in_the_date_window_is_a_quiet_day_not_an_alarm(
    fault_site: FaultSite, tmp_path: Path
) -> None:
    result = await crawl(
        fault_site, tmp_path, url=fault_site.url(case("http-403")), since="2030-01-01"
    )
    assert result.items == []
    assert result.outcome("skipped/filtered_date") == 2
    assert "newscrawl/no_articles" not in result.stats
    assert result.stats.get("log_count/ERROR", 0) == 0


@deferred_f_from_coro_f
async def test_a_blocked_site_is_an_alarm(fault_site: FaultSite, tmp_path: Path) -> None:
    blocked = case("challenge-interstitial", "2026-11-20-checking-browser")
    result = await crawl(fault_site, tmp_path, urls=str(_url_file(fault_site, tmp_path, blocked)))
    assert result.stats["newscrawl/no_articles"] is True
    assert result.stats["log_count/ERROR"] == 1
    assert result.outcome("skipped/blocked") == 1


def _url_file(site: FaultSite, tmp_path: Path, *paths: str) -> Path:
    listed = tmp_path / "urls.txt"
    listed.write_text("".join(site.url(p) + "\n" for p in paths))
    return listed


def test_a_crawl_that_exports_nothing_fails_loudly(fault_site: FaultSite, tmp_path: Path) -> None:
    blocked = fault_site.url(case("challenge-javascript", "2026-11-20-please-wait"))
    settings = {**FAST, "NEWSCRAWL_REJECTED_FEED": str(tmp_path / "rejected.jsonl")}
    # Where cron runs it: outside the checkout, settings found by module name.
    done = run_scrapy(
        *("crawl", "generic", "-a", f"url={blocked}", "-O", str(tmp_path / "out.jsonl")),
        cwd=tmp_path,
        settings=settings,
    )
    assert done.returncode == 3, done.stderr[-3000:]
    assert "exported no articles" in done.stderr
    assert "ERROR: no articles exported" in done.stdout
    assert "{'blocked': 1}" in done.stdout
