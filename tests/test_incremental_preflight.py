"""A job's pre-flight (`newscrawl.incremental.preflight`): a job directory of another spider,
one in use, a damaged store and a Redis server that does not answer are each one line before
the crawl starts, on real files, a real lock and a real (closed) port."""

from __future__ import annotations

import fcntl
import socket
from pathlib import Path

import pytest
from scrapy.settings import Settings

from newscrawl.incremental.preflight import JobUnavailable, check_job, claim_for
from newscrawl.incremental.sqlite_store import SqliteSeenStore


def job_settings(jobdir: Path) -> Settings:
    return Settings({"JOBDIR": str(jobdir)})


def refused(settings: Settings, spider: str = "bnews", reset: bool = False) -> JobUnavailable:
    with pytest.raises(JobUnavailable) as caught:
        check_job(settings, spider, reset)
    return caught.value


def test_a_new_or_own_job_directory_passes(tmp_path: Path) -> None:
    check_job(job_settings(tmp_path / "new"), "bnews", reset=False)
    SqliteSeenStore(tmp_path / "job" / "seen.sqlite3").close()
    claim_for(tmp_path / "job" / "seen.sqlite3", "bnews")
    check_job(job_settings(tmp_path / "job"), "bnews", reset=False)


def test_the_job_directory_of_another_spider_is_refused(tmp_path: Path) -> None:
    # Shared, the second spider ran the first one's pending requests and its records hid
    # the first spider's articles from its own feed.
    claim_for(tmp_path / "seen.sqlite3", "bnews")
    error = refused(job_settings(tmp_path), spider="generic")
    assert (
        str(error)
        == f"-s JOBDIR={tmp_path}: the job of spider bnews, not generic (give each spider its own)"
    )
    assert error.status == 2
    assert refused(job_settings(tmp_path), spider="generic", reset=True).status == 2


def test_a_job_in_use_names_its_holder(tmp_path: Path) -> None:
    lock = tmp_path / "seen.sqlite3.lock"
    with lock.open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("pid 4242\n")
        held.flush()
        error = refused(job_settings(tmp_path))
    assert str(error) == f"job {tmp_path} is in use by pid 4242" and error.status == 1
    check_job(job_settings(tmp_path), "bnews", reset=False)  # released: it runs


def test_a_damaged_store_is_named_with_the_way_out(tmp_path: Path) -> None:
    store = tmp_path / "seen.sqlite3"
    SqliteSeenStore(store).close()
    with store.open("r+b") as damaged:
        damaged.seek(100)
        damaged.write(b"\xff" * 4000)
    error = refused(job_settings(tmp_path))
    assert str(error).startswith(f"job store {store} is damaged (")
    assert str(error).endswith("or run with -a reset=1") and error.status == 1
    check_job(job_settings(tmp_path), "bnews", reset=True)  # a reset starts it afresh


def test_a_redis_server_that_does_not_answer(tmp_path: Path) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    url = f"redis://127.0.0.1:{port}/0"
    error = refused(Settings({"NEWSCRAWL_REDIS_URL": url}))
    assert str(error).startswith(f"-s NEWSCRAWL_REDIS_URL={url}: no Redis server answers (")
    assert error.status == 1


@pytest.mark.parametrize("loss", ["deleted", "cut to nothing"])
def test_a_lost_store_of_a_job_that_has_run_is_refused(tmp_path: Path, loss: str) -> None:
    # Opened afresh, the job would export again every article it had exported.
    store = tmp_path / "seen.sqlite3"
    SqliteSeenStore(store).close()
    claim_for(store, "bnews")
    if loss == "deleted":
        store.unlink()
    else:
        store.write_bytes(b"")
    error = refused(job_settings(tmp_path))
    lost = "missing" if loss == "deleted" else "empty"
    assert str(error) == (
        f"job store {store} is {lost}, but {tmp_path / 'spider'} says the job has run: "
        "restore the store, or run with -a reset=1 to start the job over"
    )
    assert error.status == 1
    check_job(job_settings(tmp_path), "bnews", reset=True)  # a reset starts it afresh
