"""The scheduler of a job in a job directory (JOBDIR), installed by the jobs add-on
(newscrawl.incremental.addon; a crawl that is no job keeps Scrapy's own, and a distributed
one gets newscrawl.incremental.redis's): `ResumableScheduler`, Scrapy's scheduler in memory
with a durable ledger of every request it accepted and has not seen through (the frontier,
in the job's SQLite file); a restarted job — after SIGINT, SIGTERM or SIGKILL — sends those
again.

Scrapy's own JOBDIR queue and `requests.seen` are not used: after a SIGKILL they are stale,
and after a finished crawl `requests.seen` would make the next incremental run fetch nothing.
"""

from __future__ import annotations

import logging
import pickle
from typing import Self

from scrapy.core.scheduler import Scheduler
from scrapy.crawler import Crawler
from scrapy.dupefilters import RFPDupeFilter
from scrapy.http import Request
from scrapy.spiders import Spider
from scrapy.utils.misc import load_object
from scrapy.utils.request import request_from_dict
from twisted.internet.defer import Deferred

from newscrawl.crawl.keys import TICKET, stat
from newscrawl.incremental.engine import adopt, check_engine, in_progress
from newscrawl.incremental.extension import require_job
from newscrawl.incremental.job import IncrementalJob
from newscrawl.incremental.sqlite_store import SqliteSeenStore

logger = logging.getLogger(__name__)


class Frontier:
    """The ledger of accepted, unfinished requests in the job's SQLite file. Rows are written
    in the store's transaction, so a request's row is durable no later than the export of
    the article whose page yielded it, and removed only after that."""

    def __init__(self, store: SqliteSeenStore) -> None:
        self.db = store.db
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS frontier "
            "(id INTEGER PRIMARY KEY AUTOINCREMENT, request BLOB NOT NULL)"
        )
        self.db.commit()

    def add(self, data: bytes) -> int:
        row = self.db.execute("INSERT INTO frontier (request) VALUES (?)", (data,)).lastrowid
        assert row is not None
        return row

    def done(self, rows: list[int]) -> None:
        self.db.executemany("DELETE FROM frontier WHERE id = ?", [(row,) for row in rows])

    def pending(self) -> list[tuple[int, bytes]]:
        return self.db.execute("SELECT id, request FROM frontier ORDER BY id").fetchall()

    def clear(self) -> None:
        self.db.execute("DELETE FROM frontier")
        self.db.commit()


class ResumableScheduler(Scheduler):
    job: IncrementalJob
    frontier: Frontier

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        job = require_job(crawler)
        check_engine(crawler)
        return cls.for_job(crawler, job)

    @classmethod
    def for_job(cls, crawler: Crawler, job: IncrementalJob) -> Self:
        settings = crawler.settings
        scheduler = cls(
            dupefilter=RFPDupeFilter(
                debug=settings.getbool("DUPEFILTER_DEBUG"),
                fingerprinter=crawler.request_fingerprinter,
            ),
            jobdir=None,  # see the module docstring
            mqclass=load_object(settings["SCHEDULER_MEMORY_QUEUE"]),
            logunser=settings.getbool("SCHEDULER_DEBUG"),
            stats=crawler.stats,
            pqclass=load_object(settings["SCHEDULER_PRIORITY_QUEUE"]),
            crawler=crawler,
        )
        assert isinstance(job.store, SqliteSeenStore)
        scheduler.job = job
        scheduler.frontier = Frontier(job.store)
        return scheduler

    def open(self, spider: Spider) -> Deferred[None] | None:
        result = super().open(spider)
        self._rows: dict[Request, int] = {}
        self._inflight: set[Request] = set()
        self._unserializable = 0
        if self.job.reset:
            self.frontier.clear()
        pending = self.frontier.pending()
        for row, data in pending:
            request = request_from_dict(pickle.loads(data), spider=spider)
            if self.crawler is not None:
                adopt(self.crawler, request)
            # Registered with the dupefilter so that rediscovering it is a duplicate, but let
            # through itself: it was accepted once already.
            self.df.request_seen(request)
            dont_filter = request.dont_filter
            request.dont_filter = True
            super().enqueue_request(request)
            request.dont_filter = dont_filter
            self._rows[request] = row
        if pending:
            logger.info(
                "newscrawl incremental: resuming %d requests an earlier run did not finish",
                len(pending),
            )
            self._count("incremental/resumed_requests", len(pending))
        self.job.on_tick(self.sweep)
        return result

    def _count(self, key: str, by: int = 1) -> None:
        assert self.stats is not None
        self.stats.inc_value(stat(key), by)

    def enqueue_request(self, request: Request) -> bool:
        if not super().enqueue_request(request):
            return False
        try:
            fields = request.to_dict(spider=self.spider)
            # The books' ticket numbers mean nothing to the process that resumes the request.
            fields["meta"] = {k: v for k, v in (fields.get("meta") or {}).items() if k != TICKET}
            data = pickle.dumps(fields, protocol=4)
        except (ValueError, TypeError, AttributeError, pickle.PicklingError) as error:
            self._unserializable += 1
            if self._unserializable == 1:
                logger.warning("newscrawl incremental: %s is not resumable: %s", request, error)
            return True
        self._rows[request] = self.frontier.add(data)
        return True

    def next_request(self) -> Request | None:
        request = super().next_request()
        if request is not None and request in self._rows:
            self._inflight.add(request)
        return request

    def sweep(self) -> None:
        """Strike off the requests the engine has finished with."""
        busy = in_progress(self.crawler) if self.crawler else ()
        done = [request for request in self._inflight if request not in busy]
        if done:
            self.frontier.done([self._rows.pop(request) for request in done])
            self._inflight.difference_update(done)

    def close(self, reason: str) -> Deferred[None] | None:
        self.sweep()
        self.job.store.flush()
        return super().close(reason)
