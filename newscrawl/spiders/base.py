"""NewsSpider: discovery through feeds, sitemaps and paginated listings, article pages
handed to `newscrawl.extract`. A site spider is a subclass that names its `site` profile."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Request, Response, TextResponse
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

from newscrawl import page_draft
from newscrawl.crawl.keys import GZIP_OK, LASTMOD, LISTING_PAGE, skipped
from newscrawl.crawl.ledger import books
from newscrawl.crawl.reasons import reason_for
from newscrawl.extensions.extraction import ExtractionFailed, ExtractionProcesses
from newscrawl.extract.dates import parse_date
from newscrawl.extract.draft import ArticleDraft
from newscrawl.feeds import default_feeds
from newscrawl.middlewares.scope import SCHEMES
from newscrawl.sites.base import Site
from newscrawl.spiders import arguments
from newscrawl.spiders.arguments import Arg
from newscrawl.spiders.discovery import Unreadable, read_feed, read_sitemap, xml_bytes
from newscrawl.urls import strip_tracking


def absolute_url(base: Response | str, href: str) -> str | None:
    """`href` resolved against a page (honouring its <base href>) or a URL, without tracking
    parameters; None when it is no URL at all (hostile pages carry hrefs such as "http://[::1"
    that urllib refuses)."""
    href = href.strip()
    try:
        joined = base.urljoin(href) if isinstance(base, Response) else urljoin(base, href)
        return strip_tracking(joined)
    except ValueError:
        return None


class NewsSpider(scrapy.Spider):
    """Spider arguments: the `arguments` below (checked by `scrapy crawl` before it starts).

    Every URL it sees ends in one outcome (newscrawl.crawl.ledger): a request that
    is not fetched or not used is settled with `skip(request, reason)`, a URL not requested
    at all with `skip_url(url, reason)`."""

    site: Site
    max_listing_pages: ClassVar[int] = 50
    arguments: ClassVar[Mapping[str, Arg]] = {
        "base_url": Arg(
            "URL", "an http:// or https:// URL (a mirror of the site)", arguments.web_url
        ),
        "languages": Arg("en,ru,kk", "ISO 639-1 codes separated by commas", arguments.language_set),
        "since": Arg("YYYY-MM-DD", "a date as YYYY-MM-DD", arguments.day),
        "until": Arg("YYYY-MM-DD", "a date as YYYY-MM-DD", arguments.day),
        "max_pages": Arg("N", "a whole number of 1 or more", arguments.at_least_one),
        "reset": Arg("1", "1 or 0 (true/false, yes/no, on/off)", arguments.flag),
    }
    # At least one of these must be given (the generic spider's entry points).
    required_arguments: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def check_values(cls, values: Mapping[str, Any]) -> None:
        """ArgumentError when parsed arguments cannot go together: a window that ends before
        it starts, or languages the site has no edition in (a crawl of nothing that would end
        as "the site may have changed")."""
        since, until = values.get("since"), values.get("until")
        if since and until and since > until:
            raise arguments.ArgumentError(f"-a since={since} is after -a until={until}")
        site = getattr(cls, "site", None)
        editions = sorted(lang for lang in (site.editions if site else {}) if lang)
        unknown = sorted(set(values.get("languages") or ()) - set(editions))
        if editions and unknown:
            hint = arguments.did_you_mean(unknown[0], editions)
            raise arguments.ArgumentError(
                f"-a languages={','.join(sorted(values['languages']))}: {cls.name} has no "
                f"{', '.join(unknown)} edition{hint} (it has {', '.join(editions)})"
            )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        name = getattr(self, "name", None) or type(self).__name__
        values = arguments.read_arguments(name, self.arguments, kwargs, self.required_arguments)
        self.check_values(values)
        # Anything else becomes an attribute, as Scrapy does with every argument: a spider
        # written in code may take its own. The command line is checked by `scrapy crawl`.
        super().__init__(*args, **{k: v for k, v in kwargs.items() if k not in self.arguments})
        self.configure(values)

    def configure(self, values: Mapping[str, Any]) -> None:
        """Set the spider up from its parsed arguments (those given)."""
        mirror = values.get("base_url")
        if mirror:
            # A mirror of the site: its other hosts are folders of the mirror.
            self.site = self.site.rebased(mirror)
        self.base_url = self.site.base_url.rstrip("/")
        self.languages: set[str] = values.get("languages") or set()
        self.since = values.get("since")
        self.until = values.get("until")
        self.max_pages = values.get("max_pages") or self.max_listing_pages
        # Read by the job (newscrawl.incremental.job) as the spider's `reset` attribute.
        self.reset = values.get("reset", False)
        hosts = set() if mirror else self.site.hosts()
        self.allowed_domains = sorted({urlsplit(self.base_url).hostname or "", *hosts})

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        if not settings.getdict("FEEDS"):
            settings.set("FEEDS", default_feeds(settings), priority="spider")

    # -- discovery ---------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        site, langs = self.site, self.languages
        starts = [
            *(self._request(p, self.parse_feed) for p in site.discovery_paths(site.feeds, langs)),
            *(self._sitemap_request(p) for p in site.discovery_paths(site.sitemaps, langs)),
            *(
                self._request(p, self.parse_listing, meta={LISTING_PAGE: 1})
                for p in site.discovery_paths(site.listings, langs)
            ),
        ]
        for request in starts:
            if request:
                yield request

    def _request(self, url: str, callback: Any, **kwargs: Any) -> Request | None:
        absolute = absolute_url(self.base_url + "/", url)
        if absolute is None:
            self.skip_url(url, "invalid_url")
            return None
        if urlsplit(absolute).scheme not in SCHEMES:
            self.skip_url(absolute, "unsupported_scheme")
            return None
        try:
            return Request(absolute, callback=callback, errback=self.on_error, **kwargs)
        except ValueError:
            self.skip_url(absolute, "invalid_url")
            return None

    def _sitemap_request(self, url: str) -> Request | None:
        # Sitemaps may be larger than any page: up to 50 MB uncompressed by the protocol, and
        # may come as .xml.gz files.
        limit = self.settings.getint("NEWSCRAWL_SITEMAP_MAXSIZE")
        meta: dict[str, Any] = {GZIP_OK: True}
        if limit:
            meta["download_maxsize"] = limit
        return self._request(url, self.parse_sitemap, meta=meta)

    def _xml(self, response: Response) -> bytes:
        """The feed or sitemap in `response`, gunzipped within the size limit of its request."""
        limit = response.meta.get("download_maxsize") or self.settings.getint("DOWNLOAD_MAXSIZE")
        return xml_bytes(response.body, limit)

    def _article_request(self, url: str, response: Response) -> Request | None:
        absolute = absolute_url(response, url)
        if absolute is None:
            self.skip_url(url, "invalid_url")
            return None
        if not self.site.is_article_url(absolute):
            self.skip_url(absolute, "not_article_url")
            return None
        if not self._wanted_edition(absolute):
            self.skip_url(absolute, "filtered_language")
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
        try:
            entries = read_feed(self._xml(response))
        except Unreadable as refused:
            self.skip(response, refused.reason)
            return
        for link, stamp in entries:
            if self._too_old(stamp):
                self.skip_url(link, "filtered_date")
                continue
            request = self._article_request(link, response)
            if request:
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        try:
            kind, entries = read_sitemap(self._xml(response))
        except Unreadable as refused:
            self.skip(response, refused.reason)
            return
        for entry in entries:
            loc = entry.get("loc")
            if not loc:
                continue
            request: Request | None = None
            if kind == "sitemapindex":
                request = self._sitemap_request(absolute_url(response, loc) or loc)
            elif self._too_old(entry.get("lastmod")):
                self.skip_url(loc, "filtered_date")
            else:
                request = self._article_request(loc, response)
                if request:
                    # An incremental job re-fetches a known article only when this is newer.
                    # Said even when the entry has none, so that the job's middleware does not
                    # read a sitemap of up to 50 MB a second time to look for it.
                    request.meta[LASTMOD] = entry.get("lastmod")
            if request:
                yield request

    def parse_listing(self, response: Response) -> Iterator[Request]:
        for href in response.css(self.site.listing_links).getall():
            request = self._article_request(href, response)
            if request:
                yield request
        next_href = response.css(self.site.next_page).get() if self.site.next_page else None
        if next_href:
            yield from self._next_listing_page(response, next_href, self.parse_listing)

    def _next_listing_page(self, response: Response, href: str, callback: Any) -> Iterator[Request]:
        page = response.meta[LISTING_PAGE]
        absolute = absolute_url(response, href) or href
        if page >= self.max_pages:
            # An endless listing (a calendar, ?page=N for ever) ends here, and says so.
            self.skip_url(absolute, "page_limit")
            return
        request = self._request(absolute, callback, meta={LISTING_PAGE: page + 1})
        if request:
            yield request

    # -- articles ----------------------------------------------------------------------

    async def parse_article(self, response: Response) -> AsyncIterator[ArticleDraft | Request]:
        if not isinstance(response, TextResponse):
            self.skip(response, "unsupported_content_type")
            return
        try:
            draft = await self._draft(response)
        except ExtractionFailed:
            self.skip(response, "extraction_failed")
            return
        if not self.is_article(draft):
            for followed in self.parse_not_article(response):
                yield followed
            return
        yield draft
        for lang, url in draft.alternates.items():
            if url != response.url and (not self.languages or lang in self.languages):
                translation = self._article_request(url, response)
                if translation:
                    yield translation

    async def _draft(self, response: TextResponse) -> ArticleDraft:
        """What the page says: in a worker process with NEWSCRAWL_EXTRACT_PROCESSES."""
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        mode = self.settings.get("NEWSCRAWL_EXTRACTION", "consensus")
        workers = self.crawler.get_extension(ExtractionProcesses)
        if workers is not None:
            return await workers.draft(response.body, response.url, self.site, content_type, mode)
        return page_draft(
            response.body, response.url, self.site, content_type=content_type, mode=mode
        )

    def is_article(self, draft: ArticleDraft) -> bool:
        """Site spiders reach only article URLs: anything with a body or an article
        declaration is an article, and validation judges the rest."""
        return draft.declares_article or bool(draft.blocks)

    def parse_not_article(self, response: Response) -> Iterator[Request]:
        """What to do with a page that is not an article; a site spider only counts it."""
        self.skip(response, "not_article")
        yield from ()

    def on_error(self, failure: Failure) -> None:
        request: Request = failure.request  # type: ignore[attr-defined]
        reason = reason_for(failure.value)
        self.skip(request, reason)
        self.logger.info("Skipped %s (%s): %s", request.url, reason, failure.getErrorMessage())

    # -- the books -------------------------------------------------------------------------

    def skip(self, request: Request | Response | None, reason: str) -> None:
        """This request (or the request of this response) ends here, skipped for `reason`."""
        if isinstance(request, Response):
            request = request.request
        books(self.crawler).settle(request, skipped(reason))

    def skip_url(self, url: str, reason: str) -> None:
        """A URL seen and, for `reason`, never requested."""
        self.logger.debug("Not requesting %s: %s", url, reason)
        books(self.crawler).settle_unrequested(reason)
