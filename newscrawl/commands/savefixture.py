"""scrapy savefixture NAME URL | scrapy savefixture NAME FILE --url URL  [--invalid]

Save a page of a declared site as a fixture: its bytes, compressed, with its URL and capture
time, and its extraction today as the expected record, for the developer to read and commit
(newscrawl.fixtures). tests/test_site_pages.py then checks it; `pytest -k NAME` runs one
site's fixtures. A URL is fetched with the project's settings (robots.txt, user agent,
retries); a page saved by hand is given as FILE with the URL it came from.
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, ClassVar, NoReturn

import scrapy
from scrapy.commands import ScrapyCommand
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawl import fixtures
from newscrawl.commands import errors_in_one_line, fixtures_root, refuse
from newscrawl.extract.dates import utc_now
from newscrawl.middlewares.responses import is_binary
from newscrawl.sites import SITES
from newscrawl.spiders.arguments import web_url


class PageFetch(scrapy.Spider):
    """Fetches one URL and keeps the response (or why it has none)."""

    name = "savefixture"

    def __init__(self, url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.url = url
        self.response: Response | None = None
        self.failure = "no response"

    async def start(self) -> AsyncIterator[Request]:
        yield Request(self.url, callback=self.keep, errback=self.failed, dont_filter=True)

    def keep(self, response: Response) -> Iterator[Any]:
        self.response = response
        yield from ()

    def failed(self, failure: Failure) -> None:
        if isinstance(failure.value, HttpError):
            self.failure = f"HTTP status {failure.value.response.status}"
        else:
            self.failure = failure.getErrorMessage() or type(failure.value).__name__


def _fail(message: str, status: int = 2) -> NoReturn:
    refuse("savefixture", message, status)


class Command(ScrapyCommand):
    requires_project = True
    # One page fetched is no crawl: no summary, progress, verdict or feeds.
    quiet: ClassVar[dict[str, bool]] = {
        "NEWSCRAWL_SUMMARY": False,
        "NEWSCRAWL_PROGRESS": False,
        "NEWSCRAWL_FAIL_ON_NO_ARTICLES": False,
        "SPIDERMON_ENABLED": False,
    }
    # ... and no books: they would call the page's URL unsettled (a newscrawl bug) when it
    # cannot be fetched.
    no_books: ClassVar[dict[str, Any]] = {"newscrawl.crawl.ledger.Ledger": None}

    def syntax(self) -> str:
        return "NAME URL | NAME FILE --url URL [--invalid]"

    def short_desc(self) -> str:
        return "Save a page of a declared site as a fixture with its expected record"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        errors_in_one_line(parser, "savefixture")
        parser.add_argument("--url", help="the URL a page given as FILE was saved from")
        parser.add_argument(
            "--invalid",
            action="store_true",
            help="save it even when a crawl would reject its record (a page it must reject)",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        # Checked here, before the crawler process starts logging: a mistake is one line.
        super().process_options(args, opts)
        if len(args) != 2:
            _fail("give a site name and a URL, or a site name and a FILE with --url URL")
        name, source = args
        if name not in SITES:
            _fail(f"no site {name!r}: declared sites are {', '.join(sorted(SITES))}")
        if opts.url:
            self._checked_url(opts.url, "--url")
            if not Path(source).is_file():
                _fail(f"FILE {source!r}: no such file (give a URL without --url to fetch one)")
            if is_binary(Path(source).read_bytes()):
                _fail(f"FILE {source!r}: binary content, not an HTML page")
        else:
            self._checked_url(source, "URL")
        assert self.settings is not None
        self.settings.setdict(self.quiet, priority="cmdline")
        middlewares = self.settings.getdict("SPIDER_MIDDLEWARES")
        self.settings.set("SPIDER_MIDDLEWARES", {**middlewares, **self.no_books}, "cmdline")
        if not opts.loglevel:
            self.settings.set("LOG_LEVEL", "WARNING", priority="cmdline")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        name, source = args
        if opts.url:
            url, page, content_type = opts.url, Path(source).read_bytes(), None
        else:
            url = source
            page, content_type = self._fetch(url)
        try:
            saved = fixtures.save(
                fixtures_root(self.settings),
                *(name, url, page, utc_now().isoformat(), content_type),
                invalid_too=opts.invalid,
            )
        except fixtures.InvalidRecord as invalid:
            _fail(
                f"{url}: a crawl would reject its record ({invalid}): not saved "
                "(--invalid saves it, for a page the site must reject)",
                status=1,
            )
        print(f"saved {saved.page_file} and {saved.record_file}: review the expected record")

    def _checked_url(self, value: str, what: str) -> str:
        try:
            return web_url(value)
        except ValueError:
            _fail(f"{what} {value!r}: not an http:// or https:// URL")

    def _fetch(self, url: str) -> tuple[bytes, str | None]:
        assert self.crawler_process is not None
        crawler = self.crawler_process.create_crawler(PageFetch)
        self.crawler_process.crawl(crawler, url=url)
        self.crawler_process.start()
        spider = crawler.spider
        assert isinstance(spider, PageFetch)
        if spider.response is None:
            _fail(f"could not fetch {url}: {spider.failure}", status=1)
        if is_binary(spider.response.body):
            _fail(f"{url}: binary content, not an HTML page", status=1)
        kind = spider.response.headers.get("Content-Type")
        return spider.response.body, kind.decode("latin-1") if kind else None
