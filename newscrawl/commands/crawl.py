"""scrapy crawl SPIDER …, with an exit status a cron job can act on.

    0  the crawl exported at least one article
    1  the crawl could not start (Scrapy's own status: a job already running, …)
    2  usage error: an unknown spider, an argument the spider does not take (with the closest
       one it does), a value it cannot read or a missing one, said in one line on standard
       error before anything starts
    3  the crawl ran and exported no article: the site changed its layout, blocked the crawler
       or is down (the log has an ERROR line and the summary says which skips it saw instead)

Scrapy's crawl command exits 0 whatever the crawl found; this one (found first through
settings.COMMANDS_MODULE) reads the books' verdict from the crawler's stats.
"""

from __future__ import annotations

import argparse
import difflib
import sys

from scrapy import Spider
from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings
from scrapy.spiderloader import get_spider_loader

from newscrawl import MODES
from newscrawl.spiders.arguments import ArgumentError, check_known, read_arguments

NO_ARTICLES = 3


def check_extraction_mode(settings: BaseSettings | None) -> str:
    """NEWSCRAWL_EXTRACTION, refused in one line before anything is fetched when unknown."""
    mode = settings.get("NEWSCRAWL_EXTRACTION", "consensus") if settings else "consensus"
    if mode not in MODES:
        raise UsageError(f"-s NEWSCRAWL_EXTRACTION={mode}: choose one of {', '.join(MODES)}")
    return str(mode)


def spider_class(settings: BaseSettings, name: str) -> type[Spider]:
    """The project's spider called `name`; ArgumentError listing them when there is none."""
    loader = get_spider_loader(settings)
    try:
        return loader.load(name)
    except KeyError:
        known = sorted(loader.list())
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        spiders = ", ".join(known)
        raise ArgumentError(f"no spider named {name!r}{hint} (spiders: {spiders})") from None


def check_spider_arguments(spidercls: type[Spider], given: dict[str, str]) -> None:
    """`-a` arguments as the spider declares them (newscrawl.spiders.arguments); a spider
    that declares none is left to take what it likes, as Scrapy lets it."""
    declared = getattr(spidercls, "arguments", None)
    if declared is None:
        return
    required = getattr(spidercls, "required_arguments", ())
    check_known(spidercls.name, declared, given)
    read_arguments(spidercls.name, declared, given, required)


class Command(ScrapyCrawl):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if len(args) != 1:
            return  # Scrapy's own usage errors, in run
        assert self.settings is not None
        try:
            check_spider_arguments(spider_class(self.settings, args[0]), opts.spargs)
            check_extraction_mode(self.settings)
        except (ArgumentError, UsageError) as mistake:
            # Here, before the crawler process starts logging, and in one line: Scrapy's
            # UsageError would add its usage banner around it.
            print(f"scrapy crawl: {mistake}", file=sys.stderr)
            raise SystemExit(2) from None

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            # Scrapy's own usage errors for no spider or several.
            super().run(args, opts)
            return
        assert self.crawler_process is not None
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
        elif crawler.stats is not None and crawler.stats.get_value("newscrawl/no_articles"):
            self.exitcode = NO_ARTICLES

    def long_desc(self) -> str:
        return (
            "Run a spider of the project. Exit status: 0 articles exported, 1 the crawl could "
            "not start, 2 usage error, 3 the crawl exported no article."
        )
