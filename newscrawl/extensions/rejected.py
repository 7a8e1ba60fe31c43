"""The rejected feed: every article that failed validation, with its reasons, as JSON Lines.

Written by this extension rather than as a FEEDS entry so that it survives `-o/-O` on the
command line (which replaces FEEDS): a rejected article is never silently lost.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.crawl.keys import REJECTED_FEED
from newscrawl.exceptions import RejectedArticle
from newscrawl.extract.dates import utc_now
from newscrawl.feeds import output_dir


class RejectedFeed:
    def __init__(self, crawler: Crawler, uri_template: str) -> None:
        self.crawler = crawler
        self.uri_template = uri_template
        self.path: Path | None = None
        self._file: IO[str] | None = None
        self._stamp = ""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        template = crawler.settings.get("NEWSCRAWL_REJECTED_FEED")
        if not template:
            raise NotConfigured("NEWSCRAWL_REJECTED_FEED is empty")
        ext = cls(crawler, template)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        # The same stamp as FEEDS' %(time)s, taken at the same moment, so the two files pair up.
        self._stamp = utc_now().isoformat().replace(":", "-")

    def _open(self) -> IO[str]:
        if self._file is None:
            assert self.crawler.spider is not None
            # Only the spider's name and the start time go into the path, never page content.
            params = {
                "name": self.crawler.spider.name,
                "time": self._stamp,
                "output_dir": output_dir(self.crawler.settings),
            }
            self.path = Path(self.uri_template % params)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("a", encoding="utf-8")
        return self._file

    def item_dropped(self, item: Any, response: Any, exception: BaseException) -> None:
        if not isinstance(exception, RejectedArticle):
            return
        line = {
            "url": exception.record.get("url"),
            "reasons": exception.reasons,
            "rejected_at": utc_now().isoformat(),
            "article": exception.record,
        }
        out = self._open()
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        out.flush()

    def spider_closed(self) -> None:
        if self._file is not None:
            self._file.close()
            assert self.crawler.stats is not None
            self.crawler.stats.set_value(REJECTED_FEED, str(self.path))
