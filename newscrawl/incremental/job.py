"""One incremental job: its seen-store, its feed files and its lock, shared by the scheduler,
the spider middleware, the pipeline and the feed storage of one crawl.

A crawl is a job when it has a job directory (`-s JOBDIR=...`, the store is then
`JOBDIR/seen.sqlite3`) or runs distributed (`-s NEWSCRAWL_REDIS_URL=redis://...`); then the
add-on newscrawl.incremental.addon installs the components of this package, and otherwise
none of them.

Exactly once, across kills: an article's line is written to the feed (whole, and fsynced with
NEWSCRAWL_FEED_FSYNC) before its record and the feed's new committed length are committed to
the store in one transaction. A restarted job cuts every feed file back to its committed
length, which removes a torn last line and any line the store never heard of; the article of
such a line is still unexported in the store, so the rerun exports it once.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import IO, Any, Protocol
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from newscrawl.crawl.keys import (
    CONDITIONAL,
    FEED_WRITE_ERRORS,
    INCREMENTAL_CHANGED,
    INCREMENTAL_NEW,
    LASTMOD,
    skipped,
    stat,
)
from newscrawl.crawl.ledger import books
from newscrawl.exceptions import SkippedArticle
from newscrawl.extract.dates import parse_date, utc_now
from newscrawl.incremental.feed import LineFile, publish_left, trim_to
from newscrawl.incremental.identity import http_validators, item_keys, response_keys, story_key
from newscrawl.incremental.store import FeedEntry, SeenRecord, SeenStore
from newscrawl.items import ArticleItem

logger = logging.getLogger(__name__)

TICK_SECONDS = 0.5


def with_version(item: ArticleItem, version: int) -> ArticleItem:
    return dataclasses.replace(item, version=version)


def _when(raw: str | None, timezone: str) -> datetime | None:
    if not raw:
        return None
    try:
        when = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        return parse_date(raw, timezone)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _local_feeds(feeds: dict[str, Any]) -> int:
    """How many of the feeds are local files (a job may write none: stdout:, S3)."""
    return sum(urlsplit(str(uri)).scheme in ("", "file") for uri in feeds)


class Membership(Protocol):
    """A job shared by several workers (newscrawl.incremental.redis.RedisJob)."""

    job: str
    url: str
    worker: str

    def is_live(self, worker: str | None) -> bool: ...

    def heartbeat(self, job: IncrementalJob) -> None: ...

    def leave(self) -> None: ...


class IncrementalJob:
    """Made by the job's extension (newscrawl.incremental.extension) when the crawl starts."""

    def __init__(
        self,
        crawler: Crawler,
        store: SeenStore,
        *,
        reset: bool = False,
        lock: IO[str] | None = None,
        redis_job: Membership | None = None,
    ) -> None:
        self.crawler = crawler
        self.store = store
        self.reset = reset
        self.redis = redis_job
        self._lock = lock
        settings = crawler.settings
        self.refetch_after = settings.getfloat("NEWSCRAWL_REFETCH_AFTER", 0)
        self.timezone: str = getattr(getattr(crawler.spider, "site", None), "timezone", "UTC")
        self.pipeline_active = False
        self.feed_failed = False
        self._unchanged_seen: set[bytes] = set()
        self.local_feeds = _local_feeds(settings.getdict("FEEDS"))
        self.feeds: list[LineFile] = []
        # Batch files closed with a line the store has not committed yet, and how to
        # publish each (rename it into place) once it has.
        self.closing: list[tuple[LineFile, Callable[[], None] | None]] = []
        self._tickers: list[Callable[[], None]] = []
        self._loop: task.LoopingCall | None = None
        self.closed = False
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        self.trim_feeds(entry for entry in store.feeds() if self.is_dead(entry.owner))
        logger.info(
            "newscrawl incremental: %s, %d articles known%s",
            self.describe(),
            store.count(),
            " (reset: starting from scratch)" if reset else "",
        )

    def describe(self) -> str:
        if self.redis is not None:
            return f"job {self.redis.job!r} on {self.redis.url} as worker {self.redis.worker}"
        path = getattr(self.store, "path", "?")
        return f"seen-store {path}"

    def is_dead(self, owner: str | None) -> bool:
        """Whether the writer of a feed can no longer commit to it."""
        if self.redis is None:
            return True  # one process per job directory: any earlier writer is gone
        return owner != self.redis.worker and not self.redis.is_live(owner)

    def _count(self, key: str, by: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(stat(key), by)

    # -- before the fetch --------------------------------------------------------------

    def decide(self, request: Request) -> Request | None:
        """`request` as it should be sent (conditional when we know the page), or None when
        the store says the page has not changed since it was exported."""
        record = self.store.lookup([story_key(request.url)])
        if record is None:
            return request
        hint = request.meta.get(LASTMOD)
        if hint:
            if not self._newer(hint, record.lastmod or record.fetched_at):
                self._unchanged(request)
                return None
        else:
            fetched = _when(record.fetched_at, "UTC")
            age = (utc_now() - fetched).total_seconds() if fetched else float("inf")
            if not self.refetch_after or age < self.refetch_after:
                self._unchanged(request)
                return None
        if record.etag:
            request.headers.setdefault("If-None-Match", record.etag)
        if record.last_modified:
            request.headers.setdefault("If-Modified-Since", record.last_modified)
        request.meta[CONDITIONAL] = True
        self._count("incremental/refetched")
        return request

    def _unchanged(self, request: Request) -> None:
        # Once a URL a run: one the sitemap, the feed and a listing all give is one unchanged
        # page, and its other sightings are what the duplicate filter calls them (the
        # summary said 48 unchanged of an 18-article site).
        assert self.crawler.request_fingerprinter is not None
        seen = self.crawler.request_fingerprinter.fingerprint(request)
        repeat = seen in self._unchanged_seen
        self._unchanged_seen.add(seen)
        books(self.crawler).settle(request, skipped("duplicate_request" if repeat else "unchanged"))

    def _newer(self, hint: str, known: str) -> bool:
        new, old = _when(hint, self.timezone), _when(known, self.timezone)
        if new is None or old is None:
            return hint.strip() != known.strip()
        return new > old

    def not_modified(self, response: Response) -> None:
        """A conditional re-fetch answered 304: the page is as exported; the spider counts the
        skip (skipped/http_304)."""
        self.store.touch(
            response_keys(response), fetched_at=utc_now().isoformat(), **http_validators(response)
        )

    # -- after the fetch ---------------------------------------------------------------

    def version_item(self, item: ArticleItem) -> ArticleItem:
        keys = item_keys(item)
        record = self.store.lookup(keys)
        # Counted by the books from item_dropped, as every pipeline's skips are.
        if record is not None and record.content_sha1 == item.content_sha1:
            raise SkippedArticle("unchanged_content", item.url)
        if not self.store.claim(keys):
            raise SkippedArticle("duplicate", item.url)
        return with_version(item, record.version + 1 if record else 1)

    def item_scraped(self, item: Any, response: Response | None) -> None:
        version = getattr(item, "version", None)
        if not (self.pipeline_active and isinstance(item, ArticleItem) and version):
            return
        problem = self._unwritten()
        if problem:
            # Recording an article that is not in the feed would lose it for good; stop, and
            # the next run exports it. This run counted it as exported: it is lost to this
            # run's feed, which makes `scrapy crawl` exit 6. Said once, counted each time.
            assert self.crawler.stats is not None
            if not any(feed.broken for feed in self._written()):
                # (A feed that broke was counted by the feed exporter already.)
                self.crawler.stats.inc_value(FEED_WRITE_ERRORS)
            if not self.feed_failed:
                logger.error("newscrawl incremental: %s: stopping the crawl", problem)
                self.feed_failed = True
                self._stop("feed_error")
            return
        written = self._written()
        for feed in self.feeds:
            feed.sync()
        keys = item_keys(item)
        record = SeenRecord(
            key=keys[0],
            url=item.url,
            content_sha1=item.content_sha1,
            version=int(version),
            published_at=item.published_at,
            modified_at=item.modified_at,
            fetched_at=item.fetched_at,
            exported_at=utc_now().isoformat(),
            **http_validators(response),
        )
        aliases = keys + (response_keys(response) if response is not None else [])
        self.store.commit(record, aliases, {f.path: f.size for f in written})
        for feed in written:
            feed.committed = feed.size
        self._publish_closed()
        self._count("incremental/new" if version == 1 else "incremental/changed")

    def _written(self) -> list[LineFile]:
        """The feed files an article may have reached: those open, and those just closed."""
        return [*self.feeds, *(feed for feed, _ in self.closing)]

    def _unwritten(self) -> str | None:
        """Why the article just scraped may be missing from the feeds, if it may. It must
        reach one of them at least: a feed per language takes only its own."""
        written = self._written()
        for feed in written:
            if feed.broken:
                return f"writing {feed.path} failed ({feed.broken})"
        if not written and self.local_feeds:
            # Feeds open at their first article (a feed per language at its language's): a
            # job's are open by now unless written through another storage than its own.
            return (
                "no feed of the job took the article; a job writes local feeds through "
                "newscrawl.incremental.feed.DurableFileFeedStorage (FEED_STORAGES)"
            )
        if written and all(feed.size == feed.committed for feed in written):
            return f"the article reached none of the feeds ({', '.join(f.path for f in written)})"
        return None

    def item_dropped(self, item: Any, response: Response | None, exception: Exception) -> None:
        if (
            isinstance(exception, SkippedArticle)
            and exception.reason == "unchanged_content"
            and isinstance(item, ArticleItem)
            and response is not None
        ):
            self.store.touch(
                item_keys(item) + response_keys(response),
                fetched_at=item.fetched_at,
                **http_validators(response),
            )

    # -- feed files --------------------------------------------------------------------

    def trim_feeds(self, entries: Iterable[FeedEntry]) -> None:
        """Cut the feed files of writers that are gone back to what the store knows, and
        give an unfinished part file its final name: what it holds is exported; then they
        are done with, and the store forgets them."""
        done = list(entries)
        for entry in done:
            cut = trim_to(entry.path, entry.size)
            if cut:
                self._count("incremental/feed_bytes_trimmed", cut)
                logger.warning(
                    "newscrawl incremental: cut %d uncommitted bytes off the end of %s "
                    "(a crawl was killed while writing it)",
                    cut,
                    entry.path,
                )
            if publish_left(entry.path, entry.size):
                self._count("incremental/feeds_published")
        self.store.forget_feeds([entry.path for entry in done])

    def feed_opened(self, feed: LineFile) -> None:
        if self.closed:
            return  # an empty feed written at close: nothing in it for the store to know
        for entry in self.store.feeds():
            if entry.path == feed.path and not self.is_dead(entry.owner):
                raise RuntimeError(
                    f"feed {feed.path} is being written by live worker {entry.owner}: "
                    "give each worker its own feed file"
                )
        self.store.register_feed(feed.path, feed.size)
        self.feeds.append(feed)

    def feed_closed(self, feed: LineFile, publish: Callable[[], None] | None = None) -> None:
        """A feed file is complete. Its last line may be the article being scraped, not yet
        committed (a batch fills up as it is written): then the file is published (renamed
        into place) only once it is, so that a kill in between leaves a part file the next
        run trims and publishes, never a final file holding an article the store lacks."""
        if feed in self.feeds:
            self.feeds.remove(feed)
        self.closing.append((feed, publish))
        self._publish_closed(finally_=self.closed)

    def _publish_closed(self, finally_: bool = False) -> None:
        """Publish the closed feeds whose every line is committed; `finally_`, when nothing
        more will be, all of them, cut back to what is (the next run exports the rest)."""
        waiting, done = [], []
        for feed, rename in self.closing:
            if feed.size != feed.committed and not finally_:
                waiting.append((feed, rename))
                continue
            trim_to(feed.path, feed.committed)
            if rename is not None:
                rename()
            done.append(feed.path)
        self.closing = waiting
        if done and not self.closed:
            # Complete and in place: nothing of them is left to cut or publish. (The batch
            # published as the crawl closes, after the store, is forgotten by the next run.)
            self.store.forget_feeds(done)

    # -- lifetime ----------------------------------------------------------------------

    def on_tick(self, callback: Callable[[], None]) -> None:
        """Call `callback` every TICK_SECONDS while the spider is open."""
        self._tickers.append(callback)

    def spider_opened(self) -> None:
        self._loop = task.LoopingCall(self._tick)
        self._loop.start(TICK_SECONDS, now=False).addErrback(
            lambda failure: logger.error("newscrawl incremental tick failed: %s", failure)
        )

    def _tick(self) -> None:
        for callback in self._tickers:
            callback()
        if self.redis is not None:
            self.redis.heartbeat(self)
        self.store.flush()

    def _stop(self, reason: str) -> None:
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=reason))

    def spider_closed(self, reason: str) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        logger.info(
            "newscrawl incremental (%s): %d new, %d changed, %d unchanged not fetched, "
            "%d fetched but unchanged; %d articles known",
            reason,
            stats.get(INCREMENTAL_NEW, 0),
            stats.get(INCREMENTAL_CHANGED, 0),
            stats.get(stat(skipped("unchanged")), 0),
            stats.get(stat(skipped("unchanged_content")), 0),
            self.store.count(),
        )
        self._publish_closed(finally_=True)
        self.close()

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.redis is not None:
            self.redis.leave()
        self.store.close()
        if self._lock is not None:
            self._lock.close()
