"""One path: for every page a crawl exports, its record is what `extract_article` gives for the
same bytes (the fetch time aside, which both are told), in consensus and in fast mode."""

from __future__ import annotations

import urllib.request
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from newscrawl import extract_article
from newscrawl.spiders.base import NewsSpider
from newscrawl.spiders.generic import GenericSpider
from newscrawl.spiders.sites import SPIDERS
from tests.conftest import Mirror
from tests.crawl_support import Collector, run_crawl

# Whole crawls and subprocesses: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow


def served(url: str) -> tuple[bytes, str]:
    """The page as the mirror serves it (it rewrites the site's own links to its origin)."""
    with urllib.request.urlopen(url, timeout=10) as response:  # 127.0.0.1 only
        return response.read(), response.headers.get("Content-Type", "")


def mismatches(collector: Collector, mode: str) -> list[tuple[str, list[str]]]:
    assert collector.crawler is not None
    spider = collector.crawler.spider
    assert isinstance(spider, NewsSpider)
    found = []
    for item in collector.items:
        record: dict[str, Any] = asdict(item)
        html, _ = served(item.url)
        alone = extract_article(
            html, item.url, site=spider.site, fetched_at=item.fetched_at, mode=mode
        )
        differ = [name for name in record if record[name] != alone.get(name)]
        if differ:
            found.append((item.url, differ))
    return found


async def crawl(spider: type[NewsSpider], tmp_path: Path, mode: str, **args: str) -> Collector:
    settings = {
        "FEEDS": {},
        "NEWSCRAWL_REJECTED_FEED": str(tmp_path / "rejected.jsonl"),
        "NEWSCRAWL_EXTRACTION": mode,
    }
    collector, _ = await run_crawl(spider, settings, **args)
    assert len(collector.items) >= 15
    return collector


@pytest.mark.parametrize("mode", ["consensus", "fast"])
@deferred_f_from_coro_f
async def test_generic_crawl_records_equal_extract_article(
    bnews_mirror: Mirror, tmp_path: Path, mode: str
) -> None:
    # The generic spider knows no template for 127.0.0.1: the consensus decides every body.
    collector = await crawl(
        GenericSpider, tmp_path, mode, url=bnews_mirror.url("/sitemap.xml"), timezone="Asia/Almaty"
    )
    assert mismatches(collector, mode) == []


@deferred_f_from_coro_f
async def test_site_spider_records_equal_extract_article(
    bnews_mirror: Mirror, tmp_path: Path
) -> None:
    collector = await crawl(SPIDERS["bnews"], tmp_path, "consensus", base_url=bnews_mirror.origin)
    assert mismatches(collector, "consensus") == []
