"""A site's own template learned while crawling, against a local site whose pages carry
template strings that no phrase list holds (tests/templatesite.py), with the real engine."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from newscrawl.incremental.sqlite_store import SqliteSeenStore
from newscrawl.items import ArticleItem
from newscrawl.spiders.generic import GenericSpider
from tests.crawl_support import run_crawl
from tests.mockserver import ServerProcess
from tests.templatesite import BACKGROUND, BRIDGE_STORIES, PROMO, RECOMMENDS, closing

# Whole crawls and subprocesses: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow


@pytest.fixture
def site() -> Iterator[ServerProcess]:
    server = ServerProcess("tests.templatesite", name="the template site")
    yield server
    server.stop()


async def crawl(site: ServerProcess, tmp_path: Path, **settings: object) -> list[ArticleItem]:
    merged = {"FEEDS": {}, "NEWSCRAWL_REJECTED_FEED": str(tmp_path / "rejected.jsonl"), **settings}
    collector, _ = await run_crawl(GenericSpider, merged, url=site.url("/sitemap.xml"))
    return collector.items


def number(item: ArticleItem) -> int:
    return int(item.url.rsplit("/", 1)[1])


def carries_template(item: ArticleItem) -> bool:
    return PROMO in item.body or RECOMMENDS in item.body


@deferred_f_from_coro_f
async def test_the_first_crawl_learns_the_template_before_it_exports(
    site: ServerProcess, tmp_path: Path
) -> None:
    items = await crawl(site, tmp_path, JOBDIR=str(tmp_path / "job"))
    assert len(items) == 150
    assert sum(map(carries_template, items)) <= 150 * 0.05  # measured: 0
    for item in items:
        # The site's template goes to `boilerplate` with its reason; the article stays whole.
        reasons = {b["reason"] for b in item.boilerplate if PROMO in b["text"]}
        assert reasons <= {"site_template"}
        assert item.body.endswith(closing(number(item)))
        # A paragraph five articles share is article text, not template.
        assert (BACKGROUND in item.body) == (number(item) in BRIDGE_STORIES)
    assert sum("site_template" in {b["reason"] for b in i.boilerplate} for i in items) >= 140

    # The next run with the same JOBDIR starts knowing the template: the new articles carry
    # none of it, with no warm-up needed.
    urllib.request.urlopen(site.url("/_admin/articles?count=170"), timeout=10).read()
    later = await crawl(site, tmp_path, JOBDIR=str(tmp_path / "job"), NEWSCRAWL_TEMPLATE_WARMUP=0)
    assert sorted(map(number, later)) == list(range(151, 171))
    assert not any(map(carries_template, later))


@deferred_f_from_coro_f
async def test_without_learning_the_template_stays_in_every_body(
    site: ServerProcess, tmp_path: Path
) -> None:
    items = await crawl(site, tmp_path, NEWSCRAWL_SITE_TEMPLATE=False)
    assert len(items) == 150
    assert all(map(carries_template, items))


@deferred_f_from_coro_f
async def test_held_articles_go_when_their_pages_fill_the_scraper(
    site: ServerProcess, tmp_path: Path
) -> None:
    # With room for only a few pages in the scraper, the engine stops fetching while the
    # warm-up holds articles: the warm-up must end there, or the crawl would wait for ever.
    items = await crawl(site, tmp_path, SCRAPER_SLOT_MAX_ACTIVE_SIZE=20_000)
    assert len(items) == 150


@deferred_f_from_coro_f
async def test_a_crawl_stopped_while_articles_wait_for_the_warmup_still_ends(
    site: ServerProcess, tmp_path: Path
) -> None:
    # CLOSESPIDER_PAGECOUNT stops the crawl with fewer pages than the warm-up wants and
    # requests still scheduled: the articles held are let go, the crawl closes.
    items = await crawl(site, tmp_path, CLOSESPIDER_PAGECOUNT=8, CONCURRENT_REQUESTS=2)
    assert 1 <= len(items) < 20  # all of them held by the warm-up when the crawl stopped


@deferred_f_from_coro_f
async def test_what_the_last_pages_taught_is_saved_when_the_crawl_ends(
    site: ServerProcess, tmp_path: Path
) -> None:
    urllib.request.urlopen(site.url("/_admin/articles?count=30"), timeout=10).read()
    items = await crawl(site, tmp_path, JOBDIR=str(tmp_path / "job"))
    assert len(items) == 30
    store = SqliteSeenStore(tmp_path / "job" / "seen.sqlite3")
    try:
        [learned] = store.templates().values()
    finally:
        store.close()
    assert learned["pages"] == 30  # not a multiple of the periodic save's 50
