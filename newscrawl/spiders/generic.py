"""Any news site, without a profile: start from its home page, a section, an RSS/Atom feed,
a (news) sitemap, or a file of article URLs; stay on its hosts; tell articles from listings.

    scrapy crawl generic -a url=https://example.com/ -a since=2026-11-01 -a max_articles=200
    scrapy crawl generic -a urls=urls.txt -a timezone=Europe/Moscow
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response

from newscrawl.extract.article import looks_like_article
from newscrawl.extract.draft import ArticleDraft
from newscrawl.sites import host_of
from newscrawl.sites.base import Site
from newscrawl.spiders.base import NewsSpider
from newscrawl.urls import looks_like_article_url, strip_tracking

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
# Link texts of "next page" in the languages we crawl most.
_NEXT_WORDS = frozenset(
    "next older more далее дальше следующая следующие ещё еще келесі әрі қарай наступна "
    "weiter suivant siguiente » › →".split()
)
_SNIFF_BYTES = 512


def _read_urls(path: str) -> list[str]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


class GenericSpider(NewsSpider):
    """Spider arguments: url= or urls=FILE, timezone= (for dates written without an offset;
    default UTC), max_articles=N, max_pages=N (listing pages followed), plus languages,
    since and until as every news spider."""

    name = "generic"
    max_listing_pages = 5

    def __init__(
        self,
        *args: Any,
        url: str | None = None,
        urls: str | None = None,
        timezone: str = "UTC",
        max_articles: str | int | None = None,
        **kwargs: Any,
    ) -> None:
        if not url and not urls:
            raise ValueError("give -a url=URL (home page, feed or sitemap) or -a urls=FILE")
        self.entry_urls = [url] if url else []
        self.listed_urls = _read_urls(urls) if urls else []
        first = (self.entry_urls or self.listed_urls)[0]
        origin = f"{urlsplit(first).scheme}://{urlsplit(first).netloc}"
        self.site = Site(name=host_of(first), base_url=origin, timezone=timezone)
        super().__init__(*args, base_url=origin, **kwargs)
        hosts = {urlsplit(u).hostname or "" for u in self.entry_urls + self.listed_urls}
        self.allowed_domains = sorted(hosts)
        self.max_articles = int(max_articles) if max_articles else None
        self.articles_requested = 0

    async def start(self) -> AsyncIterator[Request]:
        for url in self.entry_urls:
            yield self._request(url, self.parse_entry, meta={"listing_page": 1})
        for url in self.listed_urls:
            yield self._request(url, self.parse_article)

    def parse_entry(self, response: Response) -> Iterator[Request | ArticleDraft]:
        """Whatever the user pointed us at: a feed, a sitemap or an HTML page."""
        head = response.body[:_SNIFF_BYTES].lstrip().lower()
        if b"<urlset" in head or b"<sitemapindex" in head:
            yield from self.parse_sitemap(response)
        elif b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
            yield from self.parse_feed(response)
        else:
            yield from self.parse_article(response)

    def _article_request(self, url: str, response: Response) -> Request | None:
        absolute = strip_tracking(response.urljoin(url.strip()))
        if not looks_like_article_url(absolute):
            self._count("skipped/not_article_url")
            return None
        if self.max_articles is not None and self.articles_requested >= self.max_articles:
            self._count("skipped/over_limit")
            return None
        self.articles_requested += 1
        return self._request(absolute, self.parse_article)

    def is_article(self, draft: ArticleDraft) -> bool:
        return looks_like_article(draft)

    def parse_not_article(self, response: Response) -> Iterator[Request]:
        """A listing: its feeds, its article links and its next page."""
        page = response.meta.get("listing_page")
        if page is None:  # reached as an article candidate, not as a listing
            self._count("skipped/not_article")
            return
        for feed in response.css("link[rel=alternate]"):
            if feed.attrib.get("type", "").lower() in _FEED_TYPES and "href" in feed.attrib:
                yield self._request(response.urljoin(feed.attrib["href"]), self.parse_entry)
        seen = set()
        for link in response.css("a[href]"):
            href = response.urljoin(link.attrib["href"])
            if href in seen:
                continue
            seen.add(href)
            if looks_like_article_url(href):
                request = self._article_request(href, response)
                if request:
                    yield request
            elif page == 1 and self._is_section(href):
                # From the entry page one level down: sections list what the home page omits.
                yield self._request(href, self.parse_entry, meta={"listing_page": 2})
        if page < self.max_pages:
            next_href = self._next_page(response)
            if next_href:
                yield self._request(
                    response.urljoin(next_href), self.parse_entry, meta={"listing_page": page + 1}
                )

    def _is_section(self, url: str) -> bool:
        parts = urlsplit(url)
        depth = len([s for s in parts.path.split("/") if s])
        return parts.hostname in self.allowed_domains and 1 <= depth <= 2 and not parts.query

    @staticmethod
    def _next_page(response: Response) -> str | None:
        rel_next = response.css("a[rel~=next]::attr(href), link[rel=next]::attr(href)").get()
        if rel_next:
            return str(rel_next)
        for link in response.css("a[href]"):
            text = " ".join(link.css("::text").getall()).strip().lower()
            if text in _NEXT_WORDS or text.rstrip(" »›→") in _NEXT_WORDS:
                return str(link.attrib["href"])
        return None
