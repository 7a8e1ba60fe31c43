"""scrapy crawl SPIDER …, with an exit status a cron job can act on.

    0  the crawl exported at least one article
    1  the crawl could not start (Scrapy's own status: a job already running, …)
    2  usage error: an unknown spider, an argument the spider does not take (with the closest
       one it does), a value it cannot read or a missing one, said in one line on standard
       error before anything starts
    3  the crawl ran and exported no article: the site changed its layout, blocked the crawler
       or is down (the log has an ERROR line and the summary says which skips it saw instead)
    4  the crawl was stopped before the end by SIGTERM or Ctrl-C (SIGINT): it shut down
       gracefully, so the feeds hold what was exported and the summary printed, but the crawl
       is incomplete (whether or not it exported anything)
    5  a declared site drifted from its declaration: a field's coverage, the share of pages
       its overrides found nothing on, or its rejections broke the site's thresholds
       (newscrawl.drift; the summary lists each breach), or the drift check did not run
    6  a feed could not be written (a full disk, a folder removed under the crawl): articles
       counted as exported are missing from it; the summary says how many. A destination
       that cannot be written at all is a usage error (2), found before anything is fetched
    7  a distributed worker's Redis server stopped answering mid-crawl: the worker stopped;
       run it again once Redis is back (its unfinished requests return to the queue)

Scrapy's crawl command exits 0 whatever the crawl found; this one (found first through
settings.COMMANDS_MODULE) reads the books' verdict from the crawler's stats.
"""

from __future__ import annotations

import argparse

from scrapy import Spider
from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings
from scrapy.spiderloader import get_spider_loader

from newscrawl import MODES, drift
from newscrawl.commands import errors_in_one_line, program, refuse
from newscrawl.commands.options import check_settings
from newscrawl.crawl import keys
from newscrawl.feeds import UnwritableFeed, check_writable, local_folder, output_dir
from newscrawl.incremental.preflight import JobUnavailable, check_job
from newscrawl.spiders.arguments import (
    ArgumentError,
    check_known,
    did_you_mean,
    flag,
    read_arguments,
)

NO_ARTICLES = 3
STOPPED = 4
DRIFT = 5
FEED_FAILED = 6
REDIS_LOST = 7
# The reason Scrapy closes the spider with on the first SIGTERM or SIGINT.
SHUTDOWN_REASON = "shutdown"


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
        hint, spiders = did_you_mean(name, known), ", ".join(known)
        raise ArgumentError(f"no spider named {name!r}{hint} (spiders: {spiders})") from None


def check_spider_arguments(spidercls: type[Spider], given: dict[str, str]) -> None:
    """`-a` arguments as the spider declares them (newscrawl.spiders.arguments); a spider
    that declares none is left to take what it likes, as Scrapy lets it."""
    declared = getattr(spidercls, "arguments", None)
    if declared is None:
        return
    required = getattr(spidercls, "required_arguments", ())
    check_known(spidercls.name, declared, given)
    values = read_arguments(spidercls.name, declared, given, required)
    check_values = getattr(spidercls, "check_values", None)
    if check_values is not None:
        check_values(values)


def _wants_reset(spargs: dict[str, str]) -> bool:
    try:
        return flag(str(spargs.get("reset") or "0"))
    except ValueError:  # a spider that declares no arguments reads its own
        return False


def _named_feeds(opts: argparse.Namespace) -> dict[str, str]:
    """The feed URIs given with -o / -O (each may end in ":format"), with their option."""
    named = {}
    for option, given in (("-o", opts.output), ("-O", opts.overwrite_output)):
        for name in given or []:
            named[name] = named[name.rsplit(":", 1)[0]] = option
    return named


def check_feed_destinations(settings: BaseSettings, spider: str, named: dict[str, str]) -> None:
    """Every local feed (FEEDS, -o/-O, else the default one under NEWSCRAWL_OUTPUT_DIR, and
    the rejected feed) can be written, refused in one line naming where it came from before
    anything is fetched: else the crawl would run, count its articles as exported and write
    none of them."""
    params = {"name": spider, "output_dir": output_dir(settings)}
    feeds = settings.getdict("FEEDS")
    destinations = [(f"{named.get(uri, 'FEEDS')} {uri}", uri) for uri in feeds]
    if not feeds:
        given = f"-s NEWSCRAWL_OUTPUT_DIR={params['output_dir']}"
        destinations = [(given, uri) for uri in settings.getdict("NEWSCRAWL_DEFAULT_FEEDS")]
    rejected = settings.get("NEWSCRAWL_REJECTED_FEED")
    if rejected:
        destinations.append((f"-s NEWSCRAWL_REJECTED_FEED={rejected}", rejected))
    for given, uri in destinations:
        folder = local_folder(uri, params)
        try:
            if folder is not None:
                check_writable(folder)
        except UnwritableFeed as reason:
            raise UsageError(f"{given}: {reason}") from None


def exit_status(crawler: Crawler, bootstrap_failed: bool) -> int:
    """The documented status (module docstring) from how the crawl ended."""
    if bootstrap_failed:
        return 1
    stats = crawler.stats.get_stats() if crawler.stats is not None else {}
    # Before all else: whatever the crawl found, articles it counted as exported are lost.
    if keys.feed_failures(stats):
        return FEED_FAILED
    if stats.get(keys.REDIS_UNAVAILABLE_STAT):
        return REDIS_LOST
    # Stopped comes before "no articles": a crawl cut short has not shown the site is broken.
    if stats.get("finish_reason") == SHUTDOWN_REASON:
        return STOPPED
    if stats.get(keys.NO_ARTICLES):
        return NO_ARTICLES
    if drift.verdict(crawler.settings, stats):
        return DRIFT
    return 0


class Command(ScrapyCrawl):
    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        errors_in_one_line(parser, "crawl")

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        unknown = next((arg for arg in args if arg.startswith("-")), None)
        if unknown:
            name = unknown.lstrip("-").split("=", 1)[0]
            refuse("crawl", f"no such option: {unknown} (a spider argument is -a {name}=VALUE)")
        if not args:
            refuse("crawl", f"give a spider's name (`{program()} list` names them)")
        if len(args) > 1:
            refuse("crawl", f"one spider a crawl, not {len(args)}: {' '.join(args)}")
        assert self.settings is not None
        try:
            spidercls = spider_class(self.settings, args[0])
            check_spider_arguments(spidercls, opts.spargs)
            check_extraction_mode(self.settings)
            check_settings(self.settings)
            check_feed_destinations(self.settings, spidercls.name, _named_feeds(opts))
            check_job(self.settings, spidercls.name, _wants_reset(opts.spargs))
        except (ArgumentError, UsageError) as mistake:
            # Here, before the crawler process starts logging, and in one line: Scrapy's
            # UsageError would add its usage banner around it.
            refuse("crawl", mistake)
        except JobUnavailable as unavailable:
            refuse("crawl", unavailable, unavailable.status)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.crawler_process is not None
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        self.exitcode = exit_status(crawler, self.crawler_process.bootstrap_failed)

    def long_desc(self) -> str:
        return (
            "Run a spider of the project. Exit status: 0 articles exported, 1 the crawl could "
            "not start, 2 usage error, 3 the crawl exported no article, 4 the crawl was "
            "stopped before the end (SIGTERM or Ctrl-C), 5 a declared site drifted from its "
            "declaration (the summary lists each breach), 6 a feed could not be written, 7 the "
            "job's Redis server stopped answering mid-crawl."
        )
