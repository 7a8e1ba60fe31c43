"""What a job needs before its crawl starts, checked by `scrapy crawl` so that a problem is
one line (and nothing fetched) instead of a traceback from inside the crawl, which a cron job
with LOG_FILE set would not even show: the job directory belongs to this spider, is not in use
by another run, and holds a readable store; the Redis server answers."""

from __future__ import annotations

import fcntl
import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import IO

import redis
from scrapy.settings import BaseSettings

# The file in a job directory that names the spider whose job it is.
OWNER_FILE = "spider"


class JobUnavailable(Exception):
    """The job cannot run; the message is the one line shown, `status` the exit status (2 for
    a mistake on the command line, 1 for a crawl that cannot start)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def store_path(settings: BaseSettings) -> Path:
    """The job's SQLite store: NEWSCRAWL_SEEN_STORE, else JOBDIR/seen.sqlite3."""
    return Path(settings.get("NEWSCRAWL_SEEN_STORE") or Path(settings["JOBDIR"]) / "seen.sqlite3")


def owner_path(store: Path) -> Path:
    return store.parent / OWNER_FILE if store.name == "seen.sqlite3" else Path(f"{store}.spider")


def claim_for(store: Path, spider: str) -> None:
    """Name `spider` as the job directory's owner, when no spider is named yet."""
    owner = owner_path(store)
    if not owner.exists():
        owner.write_text(spider + "\n", encoding="utf-8")


def check_job(settings: BaseSettings, spider: str, reset: bool) -> None:
    """JobUnavailable when the crawl's job cannot run (see the module's docstring)."""
    if settings.get("NEWSCRAWL_REDIS_URL"):
        _check_redis(settings["NEWSCRAWL_REDIS_URL"])
    elif settings.get("JOBDIR") or settings.get("NEWSCRAWL_SEEN_STORE"):
        store = store_path(settings)
        _check_owner(store, spider, settings)
        _check_unlocked(Path(f"{store}.lock"))
        if not reset:  # a reset starts the store afresh, damaged or not
            _check_store(store)


def _check_owner(store: Path, spider: str, settings: BaseSettings) -> None:
    owner = owner_path(store)
    named = owner.read_text(encoding="utf-8").strip() if owner.is_file() else spider
    if named != spider:
        given = f"JOBDIR={settings.get('JOBDIR')}" if settings.get("JOBDIR") else str(store)
        raise JobUnavailable(
            f"-s {given}: the job of spider {named}, not {spider} (give each spider its own)",
            status=2,
        )


def lock_job(path: Path) -> IO[str]:
    """An exclusive lock on the job directory for the life of this process: a cron run that
    overlaps the previous one fails at once instead of sharing its store. The kernel drops the
    lock when the process dies, however it dies."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise RuntimeError(f"job {path.parent} is in use by {holder}") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}\n")
    handle.flush()
    return handle


def _check_unlocked(lock: Path) -> None:
    if not lock.exists():
        return
    try:
        lock_job(lock).close()  # taken and let go at once: nobody else holds it
    except RuntimeError as busy:
        raise JobUnavailable(str(busy), status=1) from None


def _check_store(store: Path) -> None:
    """The store passes SQLite's quick_check; and a job that has run (its owner file is
    written after the store's tables) still has it: a store deleted or cut to nothing would
    start the job afresh without a word, and export again every article it had exported."""
    has_run = owner_path(store).is_file()
    if not store.exists():
        if has_run:
            raise _lost(store, "missing")
        return
    try:
        with closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True)) as db:
            verdict = db.execute("PRAGMA quick_check").fetchone()[0]
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as error:
        verdict, tables = str(error), None
    if verdict != "ok":
        raise JobUnavailable(
            f"job store {store} is damaged ({verdict}): move it away to start the job over, "
            "or run with -a reset=1",
            status=1,
        )
    if has_run and tables == 0:
        raise _lost(store, "empty")


def _lost(store: Path, how: str) -> JobUnavailable:
    return JobUnavailable(
        f"job store {store} is {how}, but {owner_path(store)} says the job has run: "
        "restore the store, or run with -a reset=1 to start the job over",
        status=1,
    )


def _check_redis(url: str) -> None:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5).ping()
    except (redis.RedisError, OSError, ValueError) as error:
        raise JobUnavailable(
            f"-s NEWSCRAWL_REDIS_URL={url}: no Redis server answers ({error})", 1
        ) from None
