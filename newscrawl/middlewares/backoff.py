"""Polite retries: wait before each retry, longer each time, and when a server says how long
to stay away (`Retry-After` on a 429 or 503), stay away from that host that long.

Scrapy's RetryMiddleware retries at once; an overloaded news site answers a burst of instant
retries with more 503s, or bans the crawler. This middleware sits next to it
(settings.DOWNLOADER_MIDDLEWARES): it reads `Retry-After` on the way in and delays the retried
requests on the way out.

    NEWSCRAWL_RETRY_BACKOFF       seconds before the first retry; doubled for each next one
    NEWSCRAWL_RETRY_BACKOFF_MAX   the longest of those waits
    NEWSCRAWL_RETRY_AFTER_MAX     the longest Retry-After honoured; a server asking for longer
                                  is not retried at all (the URL is skipped as http_429/503)
"""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from time import monotonic, time
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.asyncio import sleep
from scrapy.utils.httpobj import urlparse_cached

from newscrawl.crawl.keys import (
    BACKOFF_WAITED_MS,
    BACKOFF_WAITS,
    RETRY_AFTER_HONOURED,
    RETRY_AFTER_TOO_LONG,
)

WAITED_FOR = "newscrawl_backoff_for"


def retry_after_seconds(value: bytes | None, now: float | None = None) -> float | None:
    """`Retry-After` as seconds from now: delta-seconds or an HTTP date; None if unreadable."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time() if now is None else now))


class RetryBackoff:
    def __init__(self, crawler: Crawler) -> None:
        assert crawler.stats is not None
        settings = crawler.settings
        self.stats = crawler.stats
        self.base = settings.getfloat("NEWSCRAWL_RETRY_BACKOFF")
        self.longest = settings.getfloat("NEWSCRAWL_RETRY_BACKOFF_MAX")
        self.retry_after_max = settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX")
        self.retry_codes = {int(code) for code in settings.getlist("RETRY_HTTP_CODES")}
        self._resume_at: dict[str, float] = {}  # host -> monotonic time it asked us to wait for

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).hostname or ""
        wait = self._resume_at.get(host, 0.0) - monotonic()
        retry = request.meta.get("retry_times", 0)
        if retry and request.meta.get(WAITED_FOR) != retry:
            request.meta[WAITED_FOR] = retry
            wait = max(wait, min(self.base * 2 ** (retry - 1), self.longest))
        if wait > 0:
            self.stats.inc_value(BACKOFF_WAITS)
            self.stats.inc_value(BACKOFF_WAITED_MS, round(wait * 1000))
            await sleep(wait)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in self.retry_codes or request.meta.get("dont_retry"):
            return response
        seconds = retry_after_seconds(response.headers.get("Retry-After"))
        if seconds is None:
            return response
        if seconds > self.retry_after_max:
            # Retrying sooner than asked is what gets a crawler banned; give this URL up.
            request.meta["dont_retry"] = True
            self.stats.inc_value(RETRY_AFTER_TOO_LONG)
            return response
        host = urlparse_cached(request).hostname or ""
        self._resume_at[host] = max(self._resume_at.get(host, 0.0), monotonic() + seconds)
        self.stats.inc_value(RETRY_AFTER_HONOURED)
        return response
