"""Log lines for dropped items without the item itself: a draft holds the whole page text,
and the reason is what the log reader needs (the rejected feed keeps the record)."""

from __future__ import annotations

from typing import Any

from scrapy.logformatter import LogFormatter, LogFormatterResult

from newscrawl.exceptions import RejectedArticle, SkippedArticle


class NewsLogFormatter(LogFormatter):
    def dropped(
        self, item: Any, exception: BaseException, response: Any, spider: Any
    ) -> LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        if isinstance(exception, RejectedArticle | SkippedArticle):
            result = {**result, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}
        return result
