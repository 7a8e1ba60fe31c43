"""scrapy crawl SPIDER …, with an exit status a cron job can act on.

    0  the crawl exported at least one article
    1  the crawl could not start (Scrapy's own status: unknown spider, bad arguments, …)
    2  usage error (Scrapy's own status)
    3  the crawl ran and exported no article: the site changed its layout, blocked the crawler
       or is down (the log has an ERROR line and the summary says which skips it saw instead)

Scrapy's crawl command exits 0 whatever the crawl found; this one (found first through
settings.COMMANDS_MODULE) reads the books' verdict from the crawler's stats.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings

from newscrawl import MODES

NO_ARTICLES = 3


def check_extraction_mode(settings: BaseSettings | None) -> str:
    """NEWSCRAWL_EXTRACTION, refused in one line before anything is fetched when unknown."""
    mode = settings.get("NEWSCRAWL_EXTRACTION", "consensus") if settings else "consensus"
    if mode not in MODES:
        raise UsageError(f"-s NEWSCRAWL_EXTRACTION={mode}: choose one of {', '.join(MODES)}")
    return str(mode)


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            # Scrapy's own usage errors for no spider or several.
            super().run(args, opts)
            return
        assert self.crawler_process is not None
        check_extraction_mode(self.settings)
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
