"""NewsSpider: discovery through feeds, sitemaps and paginated listings, article pages
handed to `newscrawl.extract`. A site spider is a subclass that names its `site` profile."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

import scrapy
from parsel import Selector
from scrapy.http import Request, Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from newscrawl.extract.article import extract_draft
from newscrawl.extract.dates import parse_date, utc_now
from newscrawl.extract.draft import ArticleDraft
from newscrawl.extract.encoding import decode_html
from newscrawl.sites.base import Site
from newscrawl.urls import strip_tracking


def _csv_set(value: str | None) -> set[str]:
    return {v.strip().lower() for v in (value or "").split(",") if v.strip()}


def _day(value: str | None, arg: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"-a {arg}={value!r}: expected a date as YYYY-MM-DD") from None


class NewsSpider(scrapy.Spider):
    """Spider arguments: base_url (crawl a mirror of the site), languages=en,kk,
    since=YYYY-MM-DD, until=YYYY-MM-DD, max_pages (listing pages per listing)."""

    site: Site
    max_listing_pages: ClassVar[int] = 50

    def __init__(
        self,
        *args: Any,
        base_url: str | None = None,
        languages: str | None = None,
        since: str | None = None,
        until: str | None = None,
        max_pages: str | int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.base_url = (base_url or self.site.base_url).rstrip("/")
        self.languages = _csv_set(languages)
        self.since = _day(since, "since")
        self.until = _day(until, "until")
        self.max_pages = int(max_pages) if max_pages else self.max_listing_pages
        self.allowed_domains = [urlsplit(self.base_url).hostname or ""]

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        if not settings.getdict("FEEDS"):
            settings.set("FEEDS", settings.getdict("NEWSCRAWL_DEFAULT_FEEDS"), priority="spider")

    # -- discovery ---------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        site, langs = self.site, self.languages
        for path in site.discovery_paths(site.feeds, langs):
            yield self._request(path, self.parse_feed)
        for path in site.discovery_paths(site.sitemaps, langs):
            yield self._request(path, self.parse_sitemap)
        for path in site.discovery_paths(site.listings, langs):
            yield self._request(path, self.parse_listing, meta={"listing_page": 1})

    def _request(self, url: str, callback: Any, **kwargs: Any) -> Request:
        return Request(
            strip_tracking(urljoin(self.base_url + "/", url)),
            callback=callback,
            errback=self.on_error,
            **kwargs,
        )

    def _article_request(self, url: str, response: Response) -> Request | None:
        absolute = response.urljoin(url.strip())
        if not self.site.is_article_url(absolute):
            self._count("skipped/not_article_url")
            return None
        if not self._wanted_edition(absolute):
            self._count("skipped/filtered_language")
            return None
        return self._request(absolute, self.parse_article)

    def _wanted_edition(self, url: str) -> bool:
        edition = self.site.edition_of(url)
        return not self.languages or edition is None or edition in self.languages

    def _too_old(self, raw: str | None) -> bool:
        if not raw or not self.since:
            return False
        when = parse_date(raw, self.site.timezone)
        return when is not None and when.date() < self.since

    def parse_feed(self, response: Response) -> Iterator[Request]:
        feed = Selector(text=response.text, type="xml")
        feed.remove_namespaces()
        for entry in feed.xpath("//item | //entry"):
            link = entry.xpath("link/text()").get() or entry.xpath("link/@href").get()
            if not link:
                continue
            stamp = entry.xpath("pubDate/text() | published/text() | updated/text()").get()
            if self._too_old(stamp):
                self._count("skipped/filtered_date")
                continue
            request = self._article_request(link, response)
            if request:
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        sitemap = Sitemap(response.body)
        for entry in sitemap:
            loc = entry.get("loc")
            if not loc:
                continue
            if sitemap.type == "sitemapindex":
                yield self._request(response.urljoin(loc), self.parse_sitemap)
            elif self._too_old(entry.get("lastmod")):
                self._count("skipped/filtered_date")
            else:
                request = self._article_request(loc, response)
                if request:
                    yield request

    def parse_listing(self, response: Response) -> Iterator[Request]:
        for href in response.css(self.site.listing_links).getall():
            request = self._article_request(href, response)
            if request:
                yield request
        page = response.meta["listing_page"]
        next_href = response.css(self.site.next_page).get() if self.site.next_page else None
        if next_href and page < self.max_pages:
            yield self._request(
                response.urljoin(next_href), self.parse_listing, meta={"listing_page": page + 1}
            )

    # -- articles ----------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[ArticleDraft | Request]:
        if not isinstance(response, TextResponse):
            self._count("skipped/not_html")
            return
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        draft = extract_draft(
            Selector(text=decode_html(response.body, content_type)),
            response.url,
            site=self.site.name,
            timezone=self.site.timezone,
            fetched_at=utc_now().isoformat(),
            selectors=self.site.selectors,
            language_hint=self.site.edition_of(response.url),
        )
        if not self.is_article(draft):
            yield from self.parse_not_article(response)
            return
        yield draft
        for lang, url in draft.alternates.items():
            if url != response.url and (not self.languages or lang in self.languages):
                request = self._article_request(url, response)
                if request:
                    yield request

    def is_article(self, draft: ArticleDraft) -> bool:
        """Site spiders reach only article URLs: anything with a body or an article
        declaration is an article, and validation judges the rest."""
        return draft.declares_article or bool(draft.blocks)

    def parse_not_article(self, response: Response) -> Iterator[Request]:
        """What to do with a page that is not an article; a site spider only counts it."""
        self._count("skipped/not_article")
        yield from ()

    def on_error(self, failure: Failure) -> None:
        error = failure.value
        if isinstance(error, HttpError):
            self._count(f"skipped/http_{error.response.status}")
        else:
            self._count(f"skipped/download_error/{type(error).__name__}")
        self.logger.info("Skipped %s: %s", failure.request.url, failure.getErrorMessage())  # type: ignore[attr-defined]

    def _count(self, key: str) -> None:
        self.crawler.stats.inc_value(f"newscrawl/{key}")
