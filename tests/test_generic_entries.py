"""The generic spider fetches what a sitemap or a feed lists, whatever its URLs look like, and
lets each page say whether it is an article; only links on listing pages are guessed at from
their URL. Crawled against tests/entrysite.py, a site whose articles live at short ids."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from newscrawl.crawl.keys import is_outcome
from newscrawl.spiders.generic import GenericSpider
from tests.crawl_support import FAST, Collector, run_crawl
from tests.entrysite import ARTICLES, DISALLOWED, OFFSITE_PATH
from tests.mockserver import ServerProcess
from tests.scrapy_runner import run_scrapy

# Whole crawls and subprocesses: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

EVERY_ARTICLE = {article.path for article in ARTICLES}
SINCE = "2026-03-11"  # the 11th article's day: the first ten are older


@pytest.fixture(scope="module")
def site() -> Iterator[ServerProcess]:
    server = ServerProcess("tests.entrysite", name="the short-id site")
    yield server
    server.stop()


async def crawl(
    site: ServerProcess, tmp_path: Path, entry: str, **args: str
) -> tuple[Collector, dict[str, Any]]:
    """A crawl of the generic spider from `entry`, whose books must balance."""
    settings = {"FEEDS": {}, "NEWSCRAWL_REJECTED_FEED": str(tmp_path / "rejected.jsonl")}
    collector, stats = await run_crawl(GenericSpider, settings, url=site.url(entry), **args)
    assert_books_balance(stats)
    return collector, stats


def assert_books_balance(stats: dict[str, Any]) -> None:
    assert "newscrawl/unaccounted" not in stats
    assert "newscrawl/accounting/counted_twice" not in stats
    assert stats["newscrawl/urls_seen"] == sum(v for k, v in stats.items() if is_outcome(k))


def exported(collector: Collector, site: ServerProcess) -> set[str]:
    return {item.url.removeprefix(site.origin) for item in collector.items}


@deferred_f_from_coro_f
async def test_every_sitemap_entry_is_fetched_and_judged_by_its_page(
    site: ServerProcess, tmp_path: Path
) -> None:
    collector, stats = await crawl(site, tmp_path, "/sitemap.xml")
    assert exported(collector, site) == EVERY_ARTICLE
    assert stats["newscrawl/exported"] == len(ARTICLES)
    # The about page it also lists is fetched, found to be no article, and counted as such.
    assert site.url("/about") in collector.requested
    assert stats["newscrawl/skipped/not_article"] == 1
    assert "newscrawl/skipped/not_article_url" not in stats
    assert "newscrawl/no_articles" not in stats


@pytest.mark.parametrize("entry", ["/news-sitemap.xml", "/rss.xml", "/atom.xml"])
@deferred_f_from_coro_f
async def test_every_news_sitemap_and_feed_entry_is_exported(
    entry: str, site: ServerProcess, tmp_path: Path
) -> None:
    collector, stats = await crawl(site, tmp_path, entry)
    assert exported(collector, site) == EVERY_ARTICLE
    assert stats["newscrawl/followed"] == 1  # the sitemap or feed itself
    assert "newscrawl/no_articles" not in stats


@pytest.mark.parametrize("entry", ["/sitemap.xml", "/rss.xml"])
@deferred_f_from_coro_f
async def test_entries_dated_before_since_are_not_fetched(
    entry: str, site: ServerProcess, tmp_path: Path
) -> None:
    collector, stats = await crawl(site, tmp_path, entry, since=SINCE)
    recent = {a.path for a in ARTICLES if a.published.date().isoformat() >= SINCE}
    assert len(recent) == 10
    assert exported(collector, site) == recent
    assert stats["newscrawl/skipped/filtered_date"] == len(ARTICLES) - len(recent)
    fetched = {url.removeprefix(site.origin) for url in collector.requested}
    assert not (EVERY_ARTICLE - recent) & fetched


@deferred_f_from_coro_f
async def test_max_articles_caps_the_entries_fetched(site: ServerProcess, tmp_path: Path) -> None:
    collector, stats = await crawl(site, tmp_path, "/sitemap.xml", max_articles="5")
    assert exported(collector, site) == {a.path for a in ARTICLES[:5]}
    # The other fifteen articles and the about page, in the sitemap after them.
    assert stats["newscrawl/skipped/over_limit"] == len(ARTICLES) - 5 + 1


@deferred_f_from_coro_f
async def test_entries_out_of_scope_are_counted_not_fetched(
    site: ServerProcess, tmp_path: Path
) -> None:
    collector, stats = await crawl(site, tmp_path, "/scope-sitemap.xml")
    assert exported(collector, site) == {ARTICLES[0].path, ARTICLES[2].path}
    assert stats["newscrawl/skipped/robots"] == 1
    assert stats["newscrawl/skipped/offsite"] == 1
    assert not [url for url in collector.requested if DISALLOWED in url]
    assert not [url for url in collector.requested if url.endswith(OFFSITE_PATH)]


@deferred_f_from_coro_f
async def test_links_on_the_home_page_are_still_guessed_at(
    site: ServerProcess, tmp_path: Path
) -> None:
    collector, _ = await crawl(site, tmp_path, "/")
    # /?p=311 looks like no article and, with its query, like no section: left alone.
    assert not [url for url in collector.requested if "?p=" in url]
    # /news/7 and /news/42.html are one level below the home page, so they are read as
    # sections, and turn out to be articles.
    assert exported(collector, site) == {p for p in EVERY_ARTICLE if p.startswith("/news/")}


def test_scrapy_crawl_of_the_sitemap_exits_0_with_every_article(
    site: ServerProcess, tmp_path: Path
) -> None:
    settings = {**FAST, "NEWSCRAWL_REJECTED_FEED": str(tmp_path / "rejected.jsonl")}
    done = run_scrapy(
        *("crawl", "generic", "-a", f"url={site.url('/sitemap.xml')}"),
        *("-O", str(tmp_path / "out.jsonl")),
        cwd=tmp_path,
        settings=settings,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == len(ARTICLES)
    assert f"= exported {len(ARTICLES)} +" in done.stdout
