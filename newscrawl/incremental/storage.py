"""FEED_STORAGES of a job (installed by newscrawl.incremental.addon) for plain paths and
file://: newscrawl.incremental.feed's durable files, with the job told of each file it
opens and closes, so that it commits the file's length with every article and publishes an
atomic feed (renames its part file) only once every line in it is committed."""

from __future__ import annotations

from functools import partial
from typing import IO

from scrapy.spiders import Spider

from newscrawl.incremental.extension import job_of
from newscrawl.incremental.feed import DurableFileFeedStorage, LineFile, publish


class JobFeedStorage(DurableFileFeedStorage):
    def open(self, spider: Spider) -> IO[bytes]:
        feed = super().open(spider)
        job = job_of(self.crawler) if self.crawler is not None else None
        if job is not None and isinstance(feed, LineFile):
            job.feed_opened(feed)
        return feed

    def store(self, file: IO[bytes]) -> None:
        job = job_of(self.crawler) if self.crawler is not None else None
        if job is None or not isinstance(file, LineFile):
            super().store(file)
            return
        file.close()
        rename = partial(publish, self.writing, self.final, fsync=self._fsync())
        job.feed_closed(file, rename if self.writing != self.final else None)
