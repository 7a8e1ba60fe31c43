"""The generic spider on the BNews.kz mirror, without its site profile: entered through the
home page, a feed, a sitemap and a file of URLs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from newscrawl.spiders.generic import GenericSpider
from tests.conftest import Mirror
from tests.crawl_support import Collector, run_crawl
from tests.test_crawl_bnews import mirror_articles

# Whole crawls and subprocesses: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

WITHDRAWN = "/ru/news/akim_pavlodarskoy_oblasti_provel_vstrechu_s_fermerami"


async def crawl_generic(
    mirror: Mirror, tmp_path: Path, **args: str
) -> tuple[Collector, dict, list[str]]:
    settings = {"FEEDS": {}, "NEWSCRAWL_REJECTED_FEED": str(tmp_path / "rejected.jsonl")}
    collector, stats = await run_crawl(GenericSpider, settings, timezone="Asia/Almaty", **args)
    return collector, stats, collector.requested


def paths(collector: Collector, mirror: Mirror) -> set[str]:
    return {item.url.removeprefix(mirror.origin) for item in collector.items}


@deferred_f_from_coro_f
async def test_from_the_sitemap_every_article(bnews_mirror: Mirror, tmp_path: Path) -> None:
    collector, stats, fetched = await crawl_generic(
        bnews_mirror, tmp_path, url=bnews_mirror.url("/sitemap.xml")
    )
    assert paths(collector, bnews_mirror) == mirror_articles()
    # the withdrawn page declares an article but has no text: rejected, not exported
    assert stats["newscrawl/rejected"] == 1
    [rejected] = (tmp_path / "rejected.jsonl").read_text().splitlines()
    assert json.loads(rejected)["url"].endswith(WITHDRAWN)
    # the about page it also lists is fetched, and counted as the page says: not an article
    assert bnews_mirror.url("/en/page/about") in fetched
    assert stats["newscrawl/skipped/not_article"] == 1
    assert all(url.startswith(bnews_mirror.origin) for url in fetched)


@deferred_f_from_coro_f
async def test_from_the_home_page(bnews_mirror: Mirror, tmp_path: Path) -> None:
    collector, _, _ = await crawl_generic(
        bnews_mirror, tmp_path, url=bnews_mirror.url("/en/"), languages="en"
    )
    english = {p for p in mirror_articles() if p.startswith("/en/")}
    assert paths(collector, bnews_mirror) == english
    seed = next(i for i in collector.items if "csto" in i.url)
    assert seed.published_at == "2018-11-09T11:07:00+06:00"
    assert "Читайте также" not in seed.body
    assert seed.body.endswith("Currently, the Organization is chaired by Kazakhstan.")


@deferred_f_from_coro_f
async def test_from_a_feed_with_a_date_window(bnews_mirror: Mirror, tmp_path: Path) -> None:
    collector, stats, _ = await crawl_generic(
        bnews_mirror,
        tmp_path,
        url=bnews_mirror.url("/ru/rss/news"),
        languages="ru",
        since="2018-11-09",
    )
    found = paths(collector, bnews_mirror)
    assert found and all(p.startswith("/ru/news/") for p in found)
    assert all(i.published_at >= "2018-11-09" for i in collector.items if i.published_at)
    assert stats.get("newscrawl/skipped/filtered_date", 0) >= 1


@deferred_f_from_coro_f
async def test_from_a_file_of_urls(bnews_mirror: Mirror, tmp_path: Path) -> None:
    listed = [*sorted(mirror_articles())[:3], "/en/page/about"]
    urls = tmp_path / "urls.txt"
    urls.write_text("# one URL a line\n" + "\n".join(bnews_mirror.url(p) for p in listed))
    collector, stats, _ = await crawl_generic(bnews_mirror, tmp_path, urls=str(urls))
    # listed URLs are fetched as given; the about page is fetched and judged not an article
    assert set(listed[:3]) <= paths(collector, bnews_mirror)
    assert stats["newscrawl/skipped/not_article"] == 1


@deferred_f_from_coro_f
async def test_article_cap(bnews_mirror: Mirror, tmp_path: Path) -> None:
    collector, stats, _ = await crawl_generic(
        bnews_mirror, tmp_path, url=bnews_mirror.url("/sitemap.xml"), max_articles="3"
    )
    assert len(collector.items) + stats.get("newscrawl/rejected", 0) <= 3
    assert stats["newscrawl/skipped/over_limit"] >= 10


def test_needs_an_entry_point() -> None:
    with pytest.raises(ValueError, match="url="):
        GenericSpider()
