"""The default feed: partitioned by the crawl's UTC start date, batched, and atomic (a final-named
file is always complete); `-o FILE` bypasses it."""

from __future__ import annotations

import gzip
import json
import re
import signal
import subprocess
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import zstandard
from scrapy import signals
from scrapy.crawler import AsyncCrawlerRunner
from scrapy.utils.defer import deferred_f_from_coro_f
from scrapy.utils.project import get_project_settings

from newscrawl.spiders.sites import SPIDERS
from newscrawl.validate import problems
from tests.conftest import Mirror
from tests.crawl_support import FAST, Collector, run_crawl
from tests.scrapy_runner import ENV, scrapy_command
from tests.test_crawl_bnews import mirror_articles

# Whole crawls and subprocesses: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

FINAL_NAME = re.compile(r"(\d{8}T\d{6}Z)-[0-9a-f]{4}-(\d{5})\.jsonl(\.gz)?")


async def crawl(mirror: Mirror, out: Path, **settings: Any) -> Collector:
    """An in-process crawl with no FEEDS, so the default feed applies, rooted at `out`."""
    merged = {
        "NEWSCRAWL_OUTPUT_DIR": str(out),
        "NEWSCRAWL_REJECTED_FEED": str(out.parent / "rejected.jsonl"),
        **settings,
    }
    collector, _ = await run_crawl(SPIDERS["bnews"], merged, base_url=mirror.origin)
    return collector


def files_under(out: Path) -> list[Path]:
    return sorted(path for path in out.rglob("*") if path.is_file())


def records(path: Path) -> list[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def assert_partitioned(out: Path, batches: int) -> list[Path]:
    """The files are the batches 1..`batches` of one run, in today's UTC date folder."""
    files = files_under(out)
    assert [path.parent for path in files] == [out / "bnews" / files[0].parent.name] * batches
    names = [FINAL_NAME.fullmatch(path.name) for path in files]
    assert all(names), [path.name for path in files]
    run_ids = {name[1] for name in names if name}
    assert len(run_ids) == 1
    started = datetime.strptime(run_ids.pop(), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs((datetime.now(UTC) - started).total_seconds()) < 600
    assert files[0].parent.name == started.strftime("%Y-%m-%d")
    assert [name[2] for name in names if name] == [f"{n:05d}" for n in range(1, batches + 1)]
    return files


@deferred_f_from_coro_f
async def test_default_feed_is_one_complete_file_in_the_date_folder(
    bnews_mirror: Mirror, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    collector = await crawl(bnews_mirror, out)
    (feed,) = assert_partitioned(out, batches=1)
    exported = records(feed)
    assert len(exported) == len(collector.items) == len(mirror_articles())
    assert all(problems(record) == [] for record in exported)


@deferred_f_from_coro_f
async def test_batches_of_feed_export_batch_item_count(
    bnews_mirror: Mirror, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    collector = await crawl(bnews_mirror, out, FEED_EXPORT_BATCH_ITEM_COUNT=5)
    total = len(collector.items)
    files = assert_partitioned(out, batches=-(-total // 5))
    counts = [len(records(path)) for path in files]
    assert counts == [5] * (total // 5) + ([total % 5] if total % 5 else [])
    assert sum(counts) == total == len(mirror_articles())


class Watcher:
    """Looks at the output folder after every scraped article, as a loader would."""

    def __init__(self, out: Path, batch: int) -> None:
        self.out, self.batch = out, batch
        self.saw_part = False
        self.incomplete: list[str] = []

    def look(self) -> None:
        for path in files_under(self.out):
            if path.name.endswith(".part"):
                self.saw_part = True
            elif not self.complete(path):
                self.incomplete.append(path.name)

    def complete(self, path: Path) -> bool:
        """Only whole batches can be final mid-crawl (and a torn gzip does not read)."""
        try:
            return len(records(path)) == self.batch
        except (EOFError, ValueError, OSError):
            return False


async def watched_crawl(mirror: Mirror, out: Path, **settings: Any) -> Watcher:
    """An in-process default-feed crawl in batches of 5, its output folder watched."""
    watcher = Watcher(out, batch=5)
    merged = get_project_settings()
    merged.setdict(
        {
            **FAST,
            "NEWSCRAWL_SUMMARY": False,
            "NEWSCRAWL_OUTPUT_DIR": str(out),
            "NEWSCRAWL_REJECTED_FEED": str(out.parent / "rejected.jsonl"),
            "FEED_EXPORT_BATCH_ITEM_COUNT": 5,
            **settings,
        },
        priority="cmdline",
    )
    crawler = AsyncCrawlerRunner(merged).create_crawler(SPIDERS["bnews"])
    crawler.signals.connect(watcher.look, signal=signals.item_scraped)
    await crawler.crawl_async(base_url=mirror.origin)
    assert not [path for path in files_under(out) if path.name.endswith(".part")]
    return watcher


@deferred_f_from_coro_f
async def test_a_watcher_never_sees_an_incomplete_final_file(
    bnews_mirror: Mirror, tmp_path: Path
) -> None:
    watcher = await watched_crawl(bnews_mirror, tmp_path / "out")
    assert watcher.saw_part
    assert watcher.incomplete == []


def scrapy_crawl(mirror: Mirror, tmp_path: Path, *args: str, **settings: Any) -> list[str]:
    merged = {**FAST, "NEWSCRAWL_REJECTED_FEED": str(tmp_path / "rejected.jsonl"), **settings}
    return scrapy_command(
        "crawl", "bnews", *args, "-a", f"base_url={mirror.origin}", settings=merged
    )


def test_a_killed_crawl_leaves_only_part_files_unfinished(
    bnews_mirror: Mirror, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    # Slow enough to be caught between batches: a finished batch and one being written.
    command = scrapy_crawl(
        bnews_mirror,
        tmp_path,
        NEWSCRAWL_OUTPUT_DIR=out,
        FEED_EXPORT_BATCH_ITEM_COUNT=5,
        DOWNLOAD_DELAY=0.2,
        # Articles stream out one by one: no template warm-up holding the first 20 back
        # (the mirror has fewer), which would write every batch in the crawl's last instant.
        NEWSCRAWL_SITE_TEMPLATE=False,
    )
    crawl = subprocess.Popen(command, cwd=tmp_path, env=ENV, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while crawl.poll() is None and time.monotonic() < deadline:
            names = [path.name for path in files_under(out)]
            if any(n.endswith(".part") for n in names) and any(FINAL_NAME.match(n) for n in names):
                break
            time.sleep(0.02)
        crawl.send_signal(signal.SIGKILL)
    finally:
        crawl.wait(timeout=30)
    assert crawl.returncode == -signal.SIGKILL  # killed mid-crawl, not finished
    files = files_under(out)
    finals = [path for path in files if FINAL_NAME.fullmatch(path.name)]
    assert finals and any(path.name.endswith(".part") for path in files)
    for path in finals:
        exported = records(path)
        assert len(exported) == 5
        assert all(problems(record) == [] for record in exported)


@deferred_f_from_coro_f
async def test_gzip_postprocessing_keeps_the_feed_atomic(
    bnews_mirror: Mirror, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    feeds = {
        "%(output_dir)s/%(name)s/%(run_date)s/%(run_id)s-%(batch_id)05d.jsonl.gz": {
            "format": "jsonlines",
            "item_classes": ["newscrawl.items.ArticleItem"],
            "uri_params": "newscrawl.feeds.run_uri_params",
            "atomic": True,
            "postprocessing": ["scrapy.extensions.postprocessing.GzipPlugin"],
        }
    }
    watcher = await watched_crawl(bnews_mirror, out, NEWSCRAWL_DEFAULT_FEEDS=feeds)
    assert watcher.saw_part
    assert watcher.incomplete == []
    files = assert_partitioned(out, batches=-(-len(mirror_articles()) // 5))
    assert all(path.name.endswith(".jsonl.gz") for path in files)
    exported = [record for path in files for record in records(path)]
    assert len(exported) == len(mirror_articles())
    assert all(problems(record) == [] for record in exported)


def test_dash_o_writes_only_that_file_and_appends(bnews_mirror: Mirror, tmp_path: Path) -> None:
    out, feed = tmp_path / "out", tmp_path / "articles.jsonl"
    command = scrapy_crawl(bnews_mirror, tmp_path, "-o", str(feed), NEWSCRAWL_OUTPUT_DIR=out)
    for _ in range(2):  # -o appends, as Scrapy users expect: not replaced by a rename
        done = subprocess.run(command, cwd=tmp_path, env=ENV, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
    assert len(records(feed)) == 2 * len(mirror_articles())
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.jsonl", "rejected.jsonl"]


@deferred_f_from_coro_f
async def test_one_feed_per_language_on_request_and_one_for_the_rest(
    bnews_mirror: Mirror, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    collector = await crawl(bnews_mirror, out, NEWSCRAWL_FEED_LANGUAGES="en,ru")
    by_name = {}
    for path in files_under(out):
        found = re.fullmatch(r"\d{8}T\d{6}Z-[0-9a-f]{4}-(en|ru|other)-00001\.jsonl", path.name)
        assert found, path.name
        by_name[found[1]] = {record["language"] for record in records(path)}
    assert by_name == {"en": {"en"}, "ru": {"ru"}, "other": {"kk"}}
    exported = sum(len(records(path)) for path in files_under(out))
    assert exported == len(collector.items)


@deferred_f_from_coro_f
async def test_zstd_postprocessing_writes_whole_zst_feeds(
    bnews_mirror: Mirror, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    feeds = {
        "%(output_dir)s/%(name)s/%(run_date)s/%(run_id)s-%(batch_id)05d.jsonl.zst": {
            "format": "jsonlines",
            "item_classes": ["newscrawl.items.ArticleItem"],
            "uri_params": "newscrawl.feeds.run_uri_params",
            "atomic": True,
            "postprocessing": ["newscrawl.feeds.ZstdPlugin"],
        }
    }
    collector = await crawl(bnews_mirror, out, NEWSCRAWL_DEFAULT_FEEDS=feeds)
    [feed] = files_under(out)
    assert feed.name.endswith("-00001.jsonl.zst")
    with zstandard.open(feed, "rt", encoding="utf-8") as lines:
        exported = [json.loads(line) for line in lines]
    assert len(exported) == len(collector.items) > 0
    assert all(problems(record) == [] for record in exported)


def test_scrapy_feed_storage_uris_still_work(bnews_mirror: Mirror, tmp_path: Path) -> None:
    """Only local paths go through newscrawl's storages: ftp:// (here a real FTP server on
    127.0.0.1) and stdout: are Scrapy's own, as Scrapy documents them."""
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.handlers import FTPHandler
    from pyftpdlib.servers import FTPServer

    served = tmp_path / "ftp"
    served.mkdir()
    authorizer = DummyAuthorizer()
    authorizer.add_user("loader", "secret", str(served), perm="elradfmw")
    handler = type("Handler", (FTPHandler,), {"authorizer": authorizer})
    server = FTPServer(("127.0.0.1", 0), handler)
    port = server.socket.getsockname()[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"timeout": 0.2}, daemon=True)
    thread.start()
    try:
        uri = f"ftp://loader:secret@127.0.0.1:{port}/feeds/articles.jsonl"
        command = scrapy_crawl(bnews_mirror, tmp_path, "-o", uri, "-o", "-:jsonlines")
        done = subprocess.run(command, cwd=tmp_path, env=ENV, capture_output=True, text=True)
    finally:
        server.close_all()
    assert done.returncode == 0, done.stderr[-3000:]
    uploaded = records(served / "feeds" / "articles.jsonl")
    assert len(uploaded) == len(mirror_articles())
    printed = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert sorted(r["url"] for r in printed) == sorted(r["url"] for r in uploaded)


def test_a_feed_that_fails_while_written_is_exit_status_6(
    bnews_mirror: Mirror, tmp_path: Path
) -> None:
    # The feed's folder is writable, so the crawl starts; every write to the file fails
    # with ENOSPC, as on a full disk.
    full = tmp_path / "out.jsonl"
    full.symlink_to("/dev/full")
    command = scrapy_crawl(bnews_mirror, tmp_path, "-O", str(full))
    done = subprocess.run(command, cwd=tmp_path, env=ENV, capture_output=True, text=True)
    assert done.returncode == 6, done.stderr[-2000:]
    assert "ERROR: a feed could not be written (18 articles or files lost" in done.stdout
    # Scrapy's traceback for the first failure only, not one an article.
    assert done.stderr.count("Traceback") == 1


@deferred_f_from_coro_f
async def test_the_rejected_feed_moves_with_the_output_folder(
    bnews_mirror: Mirror, tmp_path: Path
) -> None:
    from newscrawl import settings as shipped

    out = tmp_path / "out"
    await crawl(bnews_mirror, out, NEWSCRAWL_REJECTED_FEED=shipped.NEWSCRAWL_REJECTED_FEED)
    [rejected] = (out / "bnews").glob("rejected-*.jsonl")
    assert [json.loads(line)["reasons"] for line in rejected.open()] == [["body: empty"]]
