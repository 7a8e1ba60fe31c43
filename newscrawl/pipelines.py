"""Item pipelines: the article's steps, and the checks that decide what a valid record is.

Order (settings.ITEM_PIPELINES): the article's steps (`steps.STEPS`: normalise → split
boilerplate → language, written down once) → filter → validate → de-duplicate. Only drafts
are touched; any other item passes through. A draft that is not exported leaves as
SkippedArticle or RejectedArticle with its reason, and the books
(newscrawl.middlewares.accounting) count it from the item_dropped signal.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any, Self

from scrapy.crawler import Crawler

from newscrawl import steps
from newscrawl.exceptions import RejectedArticle, SkippedArticle
from newscrawl.extract.dates import zone
from newscrawl.extract.draft import ArticleDraft
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


class StepsPipeline(_Pipeline):
    """The article's steps (normalise, split boilerplate, language), in the one order
    `steps.STEPS` writes down, which `extract_article` runs too."""

    def process_item(self, item: Any) -> Any:
        return steps.run_steps(item) if isinstance(item, ArticleDraft) else item


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

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleDraft):
            return item
        article = steps.to_item(item)
        record = asdict(article)
        reasons = problems(record)
        if reasons:
            raise RejectedArticle(reasons, record)
        return article


class DuplicatePipeline(_Pipeline):
    """One story exported once per crawl, whichever of its URLs we reached it by."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.seen: set[str] = set()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        keys = {url_key(item.url), url_key(item.canonical_url or item.url)}
        if keys & self.seen:
            raise SkippedArticle("duplicate", item.url)
        self.seen |= keys
        return item
