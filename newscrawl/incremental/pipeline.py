"""The last item pipeline of a job: drop an article whose text is what we exported already,
and stamp the others with their `version` (1 when new, one more than the exported one when
changed). The record is committed to the store only once the article is in the feed
(`job.IncrementalJob.item_scraped`), never here."""

from __future__ import annotations

from typing import Any, Self

from scrapy.crawler import Crawler

from newscrawl.incremental.extension import require_job
from newscrawl.incremental.job import IncrementalJob
from newscrawl.items import ArticleItem


class VersionPipeline:
    def __init__(self, job: IncrementalJob) -> None:
        self.job = job
        job.pipeline_active = True

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(require_job(crawler))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem):
            return self.job.version_item(item)
        return item
