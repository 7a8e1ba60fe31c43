"""Item pipelines: the article's steps, and the checks that decide what a valid record is.

Order (settings.ITEM_PIPELINES): the article's steps (`steps.STEPS`: normalise → split
boilerplate → the site's template → language, written down once) → filter → validate →
de-duplicate. Only drafts are touched; any other item passes through. A draft that is not
exported leaves as SkippedArticle or RejectedArticle with its reason, and the books
(newscrawl.crawl.ledger) count it from the item_dropped signal.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from datetime import date, datetime
from functools import cached_property
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task
from twisted.internet.defer import Deferred

from newscrawl import drift, steps
from newscrawl.exceptions import RejectedArticle, SkippedArticle
from newscrawl.extract.dates import zone
from newscrawl.extract.draft import ArticleDraft
from newscrawl.extract.template import TemplateMemory, Warmup
from newscrawl.incremental.extension import job_of
from newscrawl.items import ArticleItem
from newscrawl.urls import url_key
from newscrawl.validate import problems


def site_day(instant: str | None, timezone: str) -> date | None:
    """The calendar day of an instant on the site: a page may state its time in another
    offset (UTC, say) than the site's, and the date window is the site's days."""
    if not instant:
        return None
    return datetime.fromisoformat(instant).astimezone(zone(timezone)).date()


class _Pipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)


Held = tuple[ArticleDraft, "Deferred[ArticleDraft]"]
# How often a crawl with articles held for a site's warm-up looks whether more can come.
_IDLE_CHECK_SECONDS = 0.2
# A job saves what it learned of the sites' templates after this many pages (and at the end).
_SAVE_EVERY = 50


class StepsPipeline(_Pipeline):
    """The article's steps in the one order `steps.STEPS` writes down (`extract_article` runs
    them too), with the crawl's memory of each site's template (`extract.template`).

    A new site's first articles wait after learning until its template has seen
    NEWSCRAWL_TEMPLATE_WARMUP pages, or until the crawl has nothing left to fetch, so that
    they lose the template too. In a job the memory is kept in the job's store, and a later
    run starts knowing it."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.memory: TemplateMemory | None = None
        self.warmup: Warmup[Held] | None = None
        if settings.getbool("NEWSCRAWL_SITE_TEMPLATE"):
            self.memory = TemplateMemory()
            self.warmup = Warmup(self.memory, pages=settings.getint("NEWSCRAWL_TEMPLATE_WARMUP"))
        self._idle = task.LoopingCall(self._release_if_idle)
        self._unsaved = 0
        self._changed: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_opened, signal=signals.spider_opened)
        return pipeline

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleDraft):
            return item
        if self.memory is None or self.warmup is None:
            return steps.run_steps(item)
        draft = steps.run_steps(item, self.memory, steps.UNTIL_HOLD)
        self._count_learned(draft.site)
        waiting: Deferred[ArticleDraft] = Deferred()
        for ready in self.warmup.offer(draft.site, (draft, waiting)):
            self._finish(ready)
        return await maybe_deferred_to_future(waiting)

    def _finish(self, held: Held) -> None:
        draft, waiting = held
        try:
            done = steps.run_steps(draft, self.memory, steps.AFTER_HOLD)
        except Exception:
            waiting.errback()
            return
        waiting.callback(done)

    def _release_if_idle(self) -> None:
        """The warm-up ends with what it has seen when no more pages can come: nothing is
        downloading and nothing is scheduled, or the engine has stopped fetching: the crawl
        is closing, or the responses of the held articles fill the scraper
        (SCRAPER_SLOT_MAX_ACTIVE_SIZE)."""
        engine = self.crawler.engine
        if self.warmup is None or not self.warmup.held or engine is None:
            return
        scheduler = engine.scheduler
        busy = engine.downloader.active or (
            scheduler is not None and scheduler.has_pending_requests()
        )
        # The engine fetches no more while the crawl is closing (Ctrl-C, CLOSESPIDER_*) or
        # the scraper is full: what makes it back out then is not a busy downloader.
        stopped = engine.needs_backout() and not engine.downloader.needs_backout()
        if busy and not stopped:
            return
        for held in self.warmup.release():
            self._finish(held)

    # -- the job's store ---------------------------------------------------------------------

    def spider_opened(self) -> None:
        job = job_of(self.crawler)
        if self.memory is not None and job is not None:
            for site, data in job.store.templates().items():
                self.memory.load(site, data)
        if self.memory is not None:
            self._idle.start(_IDLE_CHECK_SECONDS, now=False)

    def close_spider(self) -> None:
        # Item pipelines close before the spider_closed signal, where the job closes its
        # store: the last pages learned are saved while the store is still open.
        if self._idle.running:
            self._idle.stop()
        self._save()

    def _count_learned(self, site: str) -> None:
        self._changed.add(site)
        self._unsaved += 1
        if self._unsaved >= _SAVE_EVERY:
            self._save()

    def _save(self) -> None:
        """The sites learned since the last save, to the job's store."""
        job = job_of(self.crawler)
        if self.memory is None or job is None or job.closed:
            return
        for site in sorted(self._changed):
            job.store.save_template(site, self.memory.to_json(site))
        self._changed.clear()
        self._unsaved = 0


class FilterPipeline(_Pipeline):
    """The crawl's language and date window (spider arguments languages, since, until)."""

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleDraft):
            return item
        spider = self.crawler.spider
        languages: set[str] = getattr(spider, "languages", set())
        if languages and item.language not in languages:
            self._skip("filtered_language", item)
        published = site_day(item.published_at, item.timezone)
        since: date | None = getattr(spider, "since", None)
        until: date | None = getattr(spider, "until", None)
        if published and ((since and published < since) or (until and published > until)):
            self._skip("filtered_date", item)
        return item

    def _skip(self, reason: str, item: ArticleDraft) -> None:
        raise SkippedArticle(reason, item.url)


class ValidatePipeline(_Pipeline):
    """Draft → exported ArticleItem, or RejectedArticle with every reason."""

    @cached_property
    def judged_site(self) -> str | None:
        """The declared site whose drift this crawl counts (one for the whole crawl)."""
        return drift.judged_site(self.crawler.spider)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleDraft):
            return item
        article = steps.to_item(item)
        record = asdict(article)
        reasons = problems(record)
        if self.judged_site is not None and self.crawler.stats is not None:
            drift.count(self.crawler.stats, self.judged_site, item, record, ok=not reasons)
        if reasons:
            raise RejectedArticle(reasons, record)
        return article


class DuplicatePipeline(_Pipeline):
    """One story exported once per crawl, whichever of its URLs we reached it by."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        # Digests of the URL keys, not the keys: the set grows with every story of the crawl,
        # and an 8-byte digest takes 78 bytes in it against 171 for a typical URL (a false
        # duplicate among a million stories' two million keys: odds of one in nine million).
        self.seen: set[int] = set()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        keys = {_digest(url_key(item.url)), _digest(url_key(item.canonical_url or item.url))}
        if keys & self.seen:
            raise SkippedArticle("duplicate", item.url)
        self.seen |= keys
        return item


def _digest(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")
