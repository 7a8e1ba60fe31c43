"""NEWSCRAWL_EXTRACT_PROCESSES: extraction in worker processes gives the records of
extraction in the crawl's own process, and a killed worker loses no article."""

from __future__ import annotations

import multiprocessing
import os
import signal
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from newscrawl.spiders.sites import SPIDERS
from tests.conftest import Mirror
from tests.crawl_support import Collector, run_crawl
from tests.test_crawl_bnews import mirror_articles

pytestmark = pytest.mark.slow


def records(collector: Collector) -> dict[str, dict[str, Any]]:
    found = {}
    for item in collector.items:
        record = asdict(item)
        record.pop("fetched_at")
        found[record["url"]] = record
    return found


async def crawl(mirror: Mirror, tmp_path: Path, processes: int) -> Collector:
    settings = {
        "FEEDS": {str(tmp_path / f"out{processes}.jsonl"): {"format": "jsonlines"}},
        "NEWSCRAWL_REJECTED_FEED": str(tmp_path / "rejected.jsonl"),
        "NEWSCRAWL_EXTRACT_PROCESSES": processes,
    }
    collector, _ = await run_crawl(SPIDERS["bnews"], settings, base_url=mirror.origin)
    return collector


@deferred_f_from_coro_f
async def test_worker_processes_give_the_records_of_one_process(
    bnews_mirror: Mirror, tmp_path: Path
) -> None:
    alone = records(await crawl(bnews_mirror, tmp_path, 0))
    workers = records(await crawl(bnews_mirror, tmp_path, 2))
    assert len(alone) == len(mirror_articles())
    assert workers == alone


class WorkerKillingBnews(SPIDERS["bnews"]):  # type: ignore[misc, valid-type]
    """The bnews spider, killing every extraction worker before its third article page: that
    page and the rest must be extracted by the pool that replaces them."""

    killed = 0
    pages = 0

    async def parse_article(self, response: Any) -> Any:
        self.pages += 1
        if self.pages == 3:
            for child in multiprocessing.active_children():
                assert child.pid is not None
                os.kill(child.pid, signal.SIGKILL)
                type(self).killed += 1
        async for found in super().parse_article(response):
            yield found


@deferred_f_from_coro_f
async def test_a_killed_worker_loses_no_article(bnews_mirror: Mirror, tmp_path: Path) -> None:
    settings = {
        "FEEDS": {str(tmp_path / "out.jsonl"): {"format": "jsonlines"}},
        "NEWSCRAWL_REJECTED_FEED": str(tmp_path / "rejected.jsonl"),
        "NEWSCRAWL_EXTRACT_PROCESSES": 2,
        "CONCURRENT_REQUESTS": 1,
    }
    collector, stats = await run_crawl(WorkerKillingBnews, settings, base_url=bnews_mirror.origin)
    assert WorkerKillingBnews.killed >= 1
    assert len(collector.items) == len(mirror_articles())
    assert "newscrawl/skipped/extraction_failed" not in stats
