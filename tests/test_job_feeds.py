"""A job's default feed: partitioned and atomic like any crawl's, and durable. A job killed
mid-batch leaves its batch as a part file; the next run of the job cuts it back to what the
store committed and publishes it, so that across the runs every article is in exactly one
complete, final file."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.incremental_support import BIG_SITE_ARTICLES, Site
from tests.scrapy_runner import ENV, scrapy_command
from tests.test_feeds import FINAL_NAME, files_under, records

# Whole crawls and subprocesses: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

BATCH = 100


def job_crawl(site: Site, tmp_path: Path, run: int, **extra: object) -> subprocess.Popen[bytes]:
    settings = {
        "JOBDIR": tmp_path / "job",
        "NEWSCRAWL_OUTPUT_DIR": tmp_path / "out",
        "FEED_EXPORT_BATCH_ITEM_COUNT": BATCH,
        "NEWSCRAWL_REJECTED_FEED": tmp_path / "rejected.jsonl",
        "NEWSCRAWL_FAIL_ON_NO_ARTICLES": False,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "LOG_LEVEL": "INFO",
        **extra,
    }
    command = scrapy_command("crawl", "generic", "-a", f"url={site.sitemap}", settings=settings)
    log = (tmp_path / f"run{run}.log").open("wb")
    return subprocess.Popen(command, cwd=tmp_path, env=ENV, stdout=log, stderr=subprocess.STDOUT)


def _lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:  # renamed into place meanwhile
        return 0


def kill_mid_batch(site: Site, tmp_path: Path) -> Path:
    """Run the job and SIGKILL it halfway through a batch; the part file it leaves."""
    out = tmp_path / "out"
    first = job_crawl(site, tmp_path, 1)
    try:
        deadline = time.monotonic() + 120
        while first.poll() is None and time.monotonic() < deadline:
            found = files_under(out)
            # A part file with two lines holds one committed at least (the second is written
            # once the first is committed): killed sooner, its batch may hold nothing to
            # publish, and the next run rightly deletes it.
            if any(FINAL_NAME.fullmatch(path.name) for path in found) and any(
                path.name.endswith(".part") and _lines(path) >= 2 for path in found
            ):
                break
            time.sleep(0.02)
        first.send_signal(signal.SIGKILL)
    finally:
        first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL
    [left] = [path for path in files_under(out) if path.name.endswith(".part")]
    return left


def test_a_killed_job_publishes_its_part_file_on_the_next_run(
    big_site: Site, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    left = kill_mid_batch(big_site, tmp_path)

    second = job_crawl(big_site, tmp_path, 2)
    assert second.wait(timeout=300) == 0, (tmp_path / "run2.log").read_text()[-3000:]
    files = files_under(out)
    assert all(FINAL_NAME.fullmatch(path.name) for path in files), [p.name for p in files]
    published = left.with_name(left.name[1 : -len(".part")])
    assert published.exists() and 0 < len(records(published)) <= BATCH
    # Two runs, two run ids; every article once, every batch but each run's last full.
    exported = [record for path in files for record in records(path)]
    urls = Counter(record["url"] for record in exported)
    assert [url for url, n in urls.items() if n > 1] == []
    assert len(urls) == BIG_SITE_ARTICLES
    assert len({p.name[: len("20261201T120000Z-3fa9")] for p in files}) == 2  # run ids
    log = (tmp_path / "run2.log").read_text()
    assert "published" in log and json.dumps(published.name)[1:-1] in log


def test_a_run_with_nothing_new_writes_no_file(tmp_path: Path) -> None:
    # A job run every few minutes would leave an empty file for the loader each time.
    site = Site(articles=5)
    try:
        for run in (1, 2, 3):
            crawl = job_crawl(site, tmp_path, run)
            assert crawl.wait(timeout=120) == 0, (tmp_path / f"run{run}.log").read_text()[-3000:]
            if run == 1:
                files = files_under(tmp_path / "out")
                assert len(files) == 1 and len(records(files[0])) == 5, [p.name for p in files]
            if run == 2:
                assert files_under(tmp_path / "out") == files
                files[0].unlink()  # the loader took it
    finally:
        site.stop()
    assert files_under(tmp_path / "out") == []
    # A published batch the loader took is no killed run's batch gone missing.
    assert "is not there any more" not in (tmp_path / "run3.log").read_text()


def test_a_job_with_a_feed_per_language(tmp_path: Path) -> None:
    # The feeds of languages no article had yet had not opened, which the job took for a
    # feed it could not write: it stopped at the first article, published an empty file,
    # said "38 articles exported" and exited 0.
    site = Site(articles=5)
    try:
        for run in (1, 2):
            crawl = job_crawl(site, tmp_path, run, NEWSCRAWL_FEED_LANGUAGES="en,ru")
            assert crawl.wait(timeout=120) == 0, (tmp_path / f"run{run}.log").read_text()[-3000:]
    finally:
        site.stop()
    [english] = files_under(tmp_path / "out")
    assert "-en-" in english.name and len(records(english)) == 5


def test_a_job_whose_articles_reach_no_feed_exits_6(tmp_path: Path) -> None:
    # A feed that takes no article (here: items of another class only) loses them all: the
    # job stops before committing one, says so once, and exits 6, not 0.
    feeds = {str(tmp_path / "out" / "x-%(batch_id)05d.jsonl"): {"item_classes": ["scrapy.Item"]}}
    site = Site(articles=5)
    try:
        crawl = job_crawl(site, tmp_path, 1, NEWSCRAWL_DEFAULT_FEEDS=json.dumps(feeds))
        assert crawl.wait(timeout=120) == 6
    finally:
        site.stop()
    log = (tmp_path / "run1.log").read_text()
    assert log.count("no feed of the job took the article") == 1, log[-3000:]


def test_a_killed_jobs_batch_that_was_moved_is_named_not_forgotten(
    big_site: Site, tmp_path: Path
) -> None:
    # The output folder moved after the kill: the batch stayed a part file for good, and the
    # next run said nothing.
    left = kill_mid_batch(big_site, tmp_path)
    (tmp_path / "out").rename(tmp_path / "moved")
    second = job_crawl(big_site, tmp_path, 2)
    assert second.wait(timeout=300) == 0, (tmp_path / "run2.log").read_text()[-3000:]
    log = (tmp_path / "run2.log").read_text()
    final = left.name[1 : -len(".part")]
    assert f"{left} (" in log and " committed bytes) is not there any more" in log
    assert log.count("is not there any more") == 1  # not the batches it had published
    assert f"(its folder was moved?): where it is now, rename it to {final} if it is" in log
