"""Distributed mode with real processes: a redis-server on a free loopback port, `scrapy crawl`
workers sharing one crawl of 1,000 articles through it. Two workers split the work with no
article twice; a worker killed mid-crawl is replaced and nothing is lost."""

from __future__ import annotations

import re
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from scrapy.utils.defer import deferred_f_from_coro_f

from tests.incremental_support import BIG_SITE_ARTICLES as ARTICLES
from tests.incremental_support import RedisServer, Site, crawl_job, read_feed, scrapy_crawl

# Whole crawls and subprocesses: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


def start_worker(
    tmp_path: Path, site: Site, redis: RedisServer, job: str, name: str
) -> subprocess.Popen[str]:
    settings: dict[str, Any] = {
        "NEWSCRAWL_REDIS_URL": redis.url,
        "NEWSCRAWL_JOB": job,
        # Short enough for a test: a dead worker's requests come back after 5 s, and a worker
        # leaves 2 s after the whole crawl went quiet.
        "NEWSCRAWL_LEASE_TIMEOUT": 5,
        "NEWSCRAWL_IDLE_TIMEOUT": 2,
        "NEWSCRAWL_REJECTED_FEED": str(tmp_path / f"rejected-{name}.jsonl"),
        "NEWSCRAWL_FAIL_ON_NO_ARTICLES": False,
    }
    return scrapy_crawl(tmp_path, site, tmp_path / f"{name}.jsonl", settings)


def finish(worker: subprocess.Popen[str], log: Path) -> None:
    assert worker.wait(timeout=150) == 0, log.read_text()[-3000:]


def exported(tmp_path: Path, *names: str) -> dict[str, list[str]]:
    feeds = {name: tmp_path / f"{name}.jsonl" for name in names}
    return {
        name: [record["url"] for record in read_feed(feed)] if feed.exists() else []
        for name, feed in feeds.items()
    }


def test_two_workers_share_one_crawl(
    big_site: Site, redis_server: RedisServer, tmp_path: Path
) -> None:
    workers = {
        name: start_worker(tmp_path, big_site, redis_server, "shared", name) for name in "ab"
    }
    for name, worker in workers.items():
        finish(worker, tmp_path / f"{name}.log")
    urls = exported(tmp_path, "a", "b")
    union = Counter(url for share in urls.values() for url in share)
    assert [url for url, n in union.items() if n > 1] == []
    assert len(union) == ARTICLES
    # Both did a real share of the articles, not one worker and an idle one.
    assert min(len(share) for share in urls.values()) >= ARTICLES // 5, {
        name: len(share) for name, share in urls.items()
    }


def test_killed_worker_is_replaced_and_nothing_is_lost(
    big_site: Site, redis_server: RedisServer, tmp_path: Path
) -> None:
    a = start_worker(tmp_path, big_site, redis_server, "killing", "a")
    b = start_worker(tmp_path, big_site, redis_server, "killing", "b")
    deadline = time.monotonic() + 90
    while sum(len(s) for s in lines(tmp_path, "a", "b")) < 250:
        assert time.monotonic() < deadline and a.poll() is None, "the crawl did not get going"
        time.sleep(0.1)
    a.send_signal(signal.SIGKILL)
    a.wait()
    c = start_worker(tmp_path, big_site, redis_server, "killing", "c")
    finish(b, tmp_path / "b.log")
    finish(c, tmp_path / "c.log")
    # The dead worker's uncommitted tail was cut by a live one: every line reads.
    urls = exported(tmp_path, "a", "b", "c")
    union = Counter(url for share in urls.values() for url in share)
    assert [url for url, n in union.items() if n > 1] == []
    assert len(union) == ARTICLES, {name: len(share) for name, share in urls.items()}
    assert urls["a"] and urls["c"]
    assert "took back the requests of dead workers" in (
        (tmp_path / "b.log").read_text() + (tmp_path / "c.log").read_text()
    )


def lines(tmp_path: Path, *names: str) -> list[list[bytes]]:
    feeds = [tmp_path / f"{name}.jsonl" for name in names]
    return [feed.read_bytes().splitlines() if feed.exists() else [] for feed in feeds]


@deferred_f_from_coro_f
async def test_the_seen_store_lives_in_redis(redis_server: RedisServer, tmp_path: Path) -> None:
    site = Site(articles=12)
    try:
        distributed = {
            "NEWSCRAWL_REDIS_URL": redis_server.url,
            "NEWSCRAWL_JOB": "hourly",
            "NEWSCRAWL_IDLE_TIMEOUT": 0.5,
            "JOBDIR": "",
        }
        await crawl_job(tmp_path, "run1.jsonl", settings=distributed, url=site.sitemap)
        assert len(read_feed(tmp_path / "run1.jsonl")) == 12
        assert not (tmp_path / "job").exists()  # nothing on local disk but the feed
        site.admin("edit", id=4)
        site.admin("reset")
        # A later run of the job is a new run (its duplicate filter starts empty, so the
        # sitemap is read again) with the old store: only the edited article, as version 2.
        _, stats = await crawl_job(tmp_path, "run2.jsonl", settings=distributed, url=site.sitemap)
        [edited] = read_feed(tmp_path / "run2.jsonl")
        assert "/00004-" in edited["url"] and edited["version"] == 2
        assert list(site.article_hits()) == [edited["url"].removeprefix(site.origin)]
        assert stats["newscrawl/skipped/unchanged"] == 11
    finally:
        site.stop()


def test_a_worker_whose_redis_stops_answering_stops_with_status_7(
    big_site: Site, tmp_path: Path
) -> None:
    # It retried every few seconds with a traceback each, never released the articles its
    # template warm-up held, and ignored SIGTERM.
    (tmp_path / "redis").mkdir()
    server = RedisServer(tmp_path / "redis")
    try:
        worker = start_worker(tmp_path, big_site, server, "outage", "a")
        members = redis.Redis.from_url(server.url)
        deadline = time.monotonic() + 60
        while not members.zcard("newscrawl:outage:workers") and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)  # under way
    finally:
        server.stop()
    try:
        status = worker.wait(timeout=90)
    finally:
        worker.kill()  # a worker that hangs must not outlive the test
    log = (tmp_path / "a.log").read_text()
    assert status == 7, log[-3000:]
    assert "finished (redis_unavailable)" in log
    assert log.count("stopped answering (") == 1
    assert log.count("Traceback") == 0, log[log.find("Traceback") - 300 :][:4000]
    assert "calls in flight failed with it, not logged" in log  # counted instead
    # Every URL this worker saw has its outcome, those it queued for the job's workers too.
    seen, *outcomes = re.findall(r"\d+", log[log.rindex("URLs seen: ") :].split("\n")[0])
    assert int(seen) == sum(map(int, outcomes)), log[log.rindex("URLs seen: ") :][:300]
