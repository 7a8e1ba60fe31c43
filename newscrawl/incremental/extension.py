"""The job's home in a crawl: an extension (installed by newscrawl.incremental.addon) that
opens the job's store when the crawl starts and closes it at the end. The scheduler, the
spider middleware, the pipelines and the feed storage reach the job through it, with
Scrapy's `crawler.get_extension`."""

from __future__ import annotations

from pathlib import Path
from typing import Self

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.incremental.job import IncrementalJob
from newscrawl.incremental.preflight import claim_for, store_path
from newscrawl.incremental.preflight import lock_job as _lock
from newscrawl.incremental.sqlite_store import SqliteSeenStore

_TRUE = {"1", "true", "yes", "on"}


class JobExtension:
    """A job in a job directory: the SQLite store JOBDIR/seen.sqlite3 (or
    NEWSCRAWL_SEEN_STORE), locked for the life of the process."""

    def __init__(self, job: IncrementalJob) -> None:
        self.job = job

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if crawler.spider is None:
            raise NotConfigured  # not a crawl (scrapy shell, fetch)
        return cls(cls.open_job(crawler, reset=wants_reset(crawler)))

    @classmethod
    def open_job(cls, crawler: Crawler, *, reset: bool) -> IncrementalJob:
        path = store_path(crawler.settings)
        lock = _lock(Path(f"{path}.lock"))
        if reset:
            # Afresh, which also gets a job past a damaged store.
            for damaged in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                damaged.unlink(missing_ok=True)
        store = SqliteSeenStore(path)
        assert crawler.spider is not None
        claim_for(path, crawler.spider.name)
        return IncrementalJob(crawler, store, reset=reset, lock=lock)


def wants_reset(crawler: Crawler) -> bool:
    """The spider's `-a reset=1`: forget what was exported and start over."""
    return str(getattr(crawler.spider, "reset", "")).lower() in _TRUE


def job_of(crawler: Crawler) -> IncrementalJob | None:
    """The job of this crawl; None when it is not one (no JOBDIR or NEWSCRAWL_REDIS_URL)."""
    extension = crawler.get_extension(JobExtension)
    return extension.job if extension is not None else None


def require_job(crawler: Crawler) -> IncrementalJob:
    """The job, for a component that only works in one: NotConfigured otherwise."""
    job = job_of(crawler)
    if job is None:
        raise NotConfigured
    return job
