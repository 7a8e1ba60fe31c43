"""A crawl gives the memory it freed back to the system, on a timer, and says so in its stats."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_f_from_coro_f
from scrapy.utils.test import get_crawler

from bench.memory import rss_mb
from newscrawl.crawl.keys import MEMORY_TRIMS
from newscrawl.extensions.heap import PeriodicTrim, ReturnFreedMemory, malloc_trim
from newscrawl.spiders.sites import SPIDERS
from tests.conftest import Mirror
from tests.crawl_support import run_crawl

needs_glibc = pytest.mark.skipif(malloc_trim() is None, reason="no glibc malloc_trim")


def resident_mb() -> float:
    return rss_mb(os.getpid()) or 0.0


@needs_glibc
def test_the_holes_freed_objects_leave_in_the_heap_go_back_to_the_system() -> None:
    trim = malloc_trim()
    assert trim is not None
    trim()
    # 1 KB blocks (past Python's small-object allocator, so malloc's own), every 64th kept
    # as a parse's survivors are: glibc takes the others back into its heap, between the
    # survivors, and the 150 MB stay resident until trimmed.
    blocks = [bytes(1024) + bytes([n % 256]) for n in range(150_000)]
    survivors = blocks[::64]
    before = resident_mb()
    del blocks
    after_free = resident_mb()
    assert trim() is True
    assert resident_mb() < after_free - 100 < before
    assert len(survivors) == 2344


def test_zero_seconds_turns_it_off() -> None:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_MEMORY_TRIM_SECONDS": 0})
    with pytest.raises(NotConfigured):
        ReturnFreedMemory.from_crawler(crawler)


async def crawl_bnews(mirror: Mirror, tmp_path: Path, **settings: object) -> tuple[int, dict]:
    """Articles exported and the stats of a crawl of the bnews mirror with `settings`."""
    files = {
        "FEEDS": {str(tmp_path / "out.jsonl"): {"format": "jsonlines"}},
        "NEWSCRAWL_REJECTED_FEED": str(tmp_path / "rejected.jsonl"),
    }
    collector, stats = await run_crawl(
        SPIDERS["bnews"], {**files, **settings}, base_url=mirror.origin
    )
    return len(collector.items), stats


@needs_glibc
@pytest.mark.slow
@deferred_f_from_coro_f
async def test_a_crawl_trims_on_its_timer(bnews_mirror: Mirror, tmp_path: Path) -> None:
    # Delays make the crawl of the mirror long enough for a few ticks.
    exported, stats = await crawl_bnews(
        bnews_mirror, tmp_path, NEWSCRAWL_MEMORY_TRIM_SECONDS=0.01, DOWNLOAD_DELAY=0.05
    )
    assert exported
    assert stats[MEMORY_TRIMS] >= 2


@pytest.mark.slow
@deferred_f_from_coro_f
async def test_off_means_no_trims(bnews_mirror: Mirror, tmp_path: Path) -> None:
    exported, stats = await crawl_bnews(bnews_mirror, tmp_path, NEWSCRAWL_MEMORY_TRIM_SECONDS=0)
    assert exported
    assert MEMORY_TRIMS not in stats


@needs_glibc
def test_a_process_without_a_reactor_trims_every_so_many_pages() -> None:
    heap = PeriodicTrim(pages=3)
    for _ in range(7):
        heap.page_done()
    assert heap.trims == 2
