"""Any news site, without a profile: start from its home page, a section, an RSS/Atom feed,
a (news) sitemap, or a file of article URLs; stay on its hosts; tell articles from listings.

    scrapy crawl generic -a url=https://example.com/ -a since=2026-11-01 -a max_articles=200
    scrapy crawl generic -a urls=urls.txt -a timezone=Europe/Moscow
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any, ClassVar
from urllib.parse import urlsplit

from scrapy.http import Request, Response

from newscrawl.crawl.keys import GZIP_OK, LISTING_PAGE
from newscrawl.extract import wordlists
from newscrawl.extract.article import looks_like_article
from newscrawl.extract.blocks import in_furniture
from newscrawl.extract.draft import ArticleDraft
from newscrawl.sites import host_of
from newscrawl.sites.base import Site
from newscrawl.spiders.arguments import Arg, at_least_one, timezone, url_file, web_url
from newscrawl.spiders.base import NewsSpider, absolute_url
from newscrawl.spiders.discovery import FEED_ROOTS, SITEMAP_ROOTS, Unreadable, root_name
from newscrawl.urls import looks_like_article_url

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
# Link texts of "next page" in the languages we crawl most (data/words/next_page.txt), or
# just an arrow.
_NEXT_WORDS = frozenset(p.lower() for p in wordlists.phrases("next_page")) | {"»", "›", "→"}


class GenericSpider(NewsSpider):
    """Spider arguments: url= or urls=FILE, timezone= (for dates written without an offset;
    default UTC), max_articles=N, max_pages=N (listing pages followed), plus languages,
    since, until and reset as every news spider (`arguments`)."""

    name = "generic"
    max_listing_pages = 5
    # base_url is not one: the site is wherever url or urls point.
    arguments: ClassVar[Mapping[str, Arg]] = {
        **{k: v for k, v in NewsSpider.arguments.items() if k != "base_url"},
        "url": Arg("URL", "an http:// or https:// URL of a home page, feed or sitemap", web_url),
        "urls": Arg("FILE", "a file of http:// or https:// URLs, one a line", url_file),
        "timezone": Arg("Area/City", "an IANA time zone such as Europe/Moscow", timezone),
        "max_articles": Arg("N", "a whole number of 1 or more", at_least_one),
    }
    required_arguments = ("url", "urls")

    def configure(self, values: Mapping[str, Any]) -> None:
        self.entry_urls: list[str] = [values["url"]] if "url" in values else []
        self.listed_urls: list[str] = values.get("urls", [])
        first = (self.entry_urls or self.listed_urls)[0]
        origin = f"{urlsplit(first).scheme}://{urlsplit(first).netloc}"
        zone = values.get("timezone", "UTC")
        self.site = Site(name=host_of(first), base_url=origin, timezone=zone)
        super().configure({**values, "base_url": origin})
        hosts = {urlsplit(u).hostname or "" for u in self.entry_urls + self.listed_urls}
        self.allowed_domains = sorted(hosts)
        self.max_articles: int | None = values.get("max_articles")
        self.articles_requested = 0

    async def start(self) -> AsyncIterator[Request]:
        # The entry may be a sitemap.xml.gz.
        entry = {LISTING_PAGE: 1, GZIP_OK: True}
        starts = [
            *(self._request(u, self.parse_entry, meta=dict(entry)) for u in self.entry_urls),
            *(self._request(u, self.parse_article) for u in self.listed_urls),
        ]
        for request in starts:
            if request:
                yield request

    async def parse_entry(self, response: Response) -> AsyncIterator[Request | ArticleDraft]:
        """Whatever the user pointed us at: a feed, a sitemap or an HTML page."""
        try:
            root = root_name(self._xml(response))
        except Unreadable as refused:
            self.skip(response, refused.reason)
            return
        if root in SITEMAP_ROOTS:
            for request in self.parse_sitemap(response):
                yield request
        elif root in FEED_ROOTS:
            for request in self.parse_feed(response):
                yield request
        else:
            async for found in self.parse_article(response):
                yield found

    def _article_request(self, url: str, response: Response) -> Request | None:
        """A request for a page the site offers as a story: a sitemap or feed entry, a
        translation an article names, or a listing link that `parse_not_article` took for an
        article. Not judged by its URL, whose shape many CMSs give no clue in (/news/7,
        /?p=311): the page is fetched, within max_articles, and says whether it is one."""
        absolute = absolute_url(response, url)
        if absolute is None:
            self.skip_url(url, "invalid_url")
            return None
        if self.max_articles is not None and self.articles_requested >= self.max_articles:
            self.skip_url(absolute, "over_limit")
            return None
        self.articles_requested += 1
        return self._request(absolute, self.parse_article)

    def is_article(self, draft: ArticleDraft) -> bool:
        return looks_like_article(draft)

    def parse_not_article(self, response: Response) -> Iterator[Request]:
        """A listing: its feeds, its article links and its next page."""
        page = response.meta.get(LISTING_PAGE)
        # Reached as an article candidate, not as a listing; or a page such as "about us",
        # given as the entry or linked as a section, that lists nothing of its own.
        if page is None or not self._lists_stories(response):
            self.skip(response, "not_article")
            return
        next_href = self._next_page(response)
        next_url = absolute_url(response, next_href) if next_href else None
        followed: list[Request | None] = []
        for feed in response.css("link[rel=alternate]"):
            if feed.attrib.get("type", "").lower() in _FEED_TYPES and "href" in feed.attrib:
                feed_url = absolute_url(response, feed.attrib["href"]) or feed.attrib["href"]
                followed.append(self._request(feed_url, self.parse_entry))
        seen: set[str] = set()
        for link in response.css("a[href]"):
            # Links that neither look like articles nor are sections (navigation, social,
            # mailto:, javascript:) are not candidates: the crawl does not count them as seen.
            href = absolute_url(response, link.attrib["href"])
            # The next page is a listing, however much its URL looks like a story.
            if href is None or href == next_url:
                continue
            if href in seen:
                if looks_like_article_url(href):  # the same story linked twice on one page
                    self.skip_url(href, "duplicate_request")
                continue
            seen.add(href)
            if looks_like_article_url(href):
                followed.append(self._article_request(href, response))
            elif page == 1 and self._is_section(href):
                # From the entry page one level down: sections list what the home page omits.
                followed.append(self._request(href, self.parse_entry, meta={LISTING_PAGE: 2}))
        yield from (request for request in followed if request)
        if next_href:
            yield from self._next_listing_page(response, next_href, self.parse_entry)

    def _lists_stories(self, response: Response) -> bool:
        """Whether the page links to stories or sections from its own content: the menu,
        sidebar and footer of an "about us" page link to them too, and make it no listing."""
        for link in response.css("a[href]"):
            href = absolute_url(response, link.attrib["href"])
            # The URL tests first: climbing a link's ancestors for furniture costs more.
            if (
                href
                and (looks_like_article_url(href) or self._is_section(href))
                and not in_furniture(link.root)
            ):
                return True
        return False

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
