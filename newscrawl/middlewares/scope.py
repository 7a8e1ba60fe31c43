"""The crawl's scope: the spider's own hosts, over http and https only.

Replaces Scrapy's OffsiteMiddleware (settings.DOWNLOADER_MIDDLEWARES), which drops an off-site
request when it is scheduled without telling the spider, so the URL would vanish from the
books. This one applies the same host rule (allowed_domains and their subdomains), settles the
request as `skipped/offsite` or `skipped/unsupported_scheme`, and, unlike Scrapy's, does not
let `dont_filter` requests leave the site: only `meta["allow_offsite"]` does.
"""

from __future__ import annotations

import logging
from typing import Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

from newscrawl.crawl.keys import skipped
from newscrawl.crawl.ledger import books
from newscrawl.crawl.reasons import SkipRequest

logger = logging.getLogger(__name__)

SCHEMES = ("http", "https")


class SiteScope:
    def __init__(self, crawler: Crawler) -> None:
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats = crawler.stats
        self._hosts_logged: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        scope = cls(crawler)
        # Checked when a request is scheduled, before the duplicate filter remembers it and
        # before robots.txt is fetched for an off-site host.
        crawler.signals.connect(scope.request_scheduled, signal=signals.request_scheduled)
        return scope

    def out_of_scope(self, request: Request) -> str | None:
        url = urlparse_cached(request)
        if url.scheme not in SCHEMES:
            return "unsupported_scheme"
        if request.meta.get("allow_offsite"):
            return None
        domains = [d.lower() for d in getattr(self.crawler.spider, "allowed_domains", None) or []]
        host = (url.hostname or "").lower()
        if domains and not any(host == d or host.endswith("." + d) for d in domains):
            return "offsite"
        return None

    def _refuse(self, request: Request, reason: str) -> None:
        host = urlparse_cached(request).hostname or ""
        if reason == "offsite":
            self.stats.inc_value("offsite/filtered")
            if host not in self._hosts_logged:
                self._hosts_logged.add(host)
                self.stats.inc_value("offsite/domains")
                logger.debug("Filtered offsite request to %r: %s", host, request)

    def request_scheduled(self, request: Request) -> None:
        reason = self.out_of_scope(request)
        if reason:
            self._refuse(request, reason)
            books(self.crawler).settle(request, skipped(reason))
            # The engine drops a request whose request_scheduled receiver raises this.
            raise IgnoreRequest(reason)

    def process_request(self, request: Request) -> None:
        # Requests that reach the downloader without being scheduled (engine.download_async).
        reason = self.out_of_scope(request)
        if reason:
            self._refuse(request, reason)
            raise SkipRequest(reason, request.url)
