"""Resumable jobs: `scrapy crawl` of 1,000 articles killed again and again (SIGKILL at random
moments, one SIGTERM) and restarted with the same job directory, until a run finishes. Across
all the feed files every article is there exactly once, and every line is whole JSON."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.incremental_support import BIG_SITE_ARTICLES as ARTICLES
from tests.incremental_support import Site, count_lines, read_feed, scrapy_crawl

# Whole crawls and subprocesses: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow


def test_killed_and_resumed_exports_every_article_once(big_site: Site, tmp_path: Path) -> None:
    seed = int(os.environ.get("NEWSCRAWL_KILL_SEED", time.time_ns() % 100_000))
    rng = random.Random(seed)
    settings = {
        "JOBDIR": str(tmp_path / "job"),
        "NEWSCRAWL_REJECTED_FEED": str(tmp_path / "rejected.jsonl"),
        # a run that resumes only finished work exports nothing, and that is no error here
        "NEWSCRAWL_FAIL_ON_NO_ARTICLES": False,
    }
    feeds: list[Path] = []
    kills = [signal.SIGKILL, signal.SIGKILL, signal.SIGTERM, signal.SIGKILL]
    for run, how in enumerate([*kills, None], start=1):
        feed = tmp_path / f"run{run}.jsonl"
        feeds.append(feed)
        before = count_lines(feeds)
        worker = scrapy_crawl(tmp_path, big_site, feed, settings)
        if how is None:
            assert worker.wait(timeout=120) == 0, (tmp_path / f"run{run}.log").read_text()[-3000:]
            break
        # Kill it at a random moment once it is exporting, so that every kill lands mid-work.
        deadline = time.monotonic() + 60
        while count_lines(feeds) <= before and worker.poll() is None:
            assert time.monotonic() < deadline, f"run {run} exported nothing (seed {seed})"
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, 1.5))
        worker.send_signal(how)
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    # Each feed is read strictly: a torn last line fails here.
    records = [record for feed in feeds if feed.exists() for record in read_feed(feed)]
    urls = Counter(record["url"] for record in records)
    twice = [url for url, count in urls.items() if count > 1]
    assert not twice, f"exported twice (seed {seed}): {twice[:5]}"
    assert len(urls) == ARTICLES, f"{ARTICLES - len(urls)} articles lost (seed {seed})"
    assert {record["version"] for record in records} == {1}
    # The runs did share the work: the first kill came after some articles were exported.
    assert 0 < count_lines(feeds[:1]) < ARTICLES
    assert "articles exported" in (tmp_path / f"run{len(feeds)}.log").read_text()
