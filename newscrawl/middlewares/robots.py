"""Scrapy's robots.txt middleware, with a robots.txt that cannot be fetched said in one line.

Scrapy logs that failure as an ERROR with a traceback (two, chained, for a refused
connection), even at `-L WARNING`, though the crawl goes on as robots.txt allows: the pages
are fetched as if it allowed every one, and a page that cannot be fetched either is a counted
skip (`connection_failed`), not a crawler error. Cron mail got the traceback each run.
"""

from __future__ import annotations

import logging
from typing import Self

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.downloadermiddlewares.robotstxt import logger as robots_logger
from scrapy.utils.misc import load_object


class OneLineRobotsFailure(logging.Filter):
    """Rewrites the middleware's "Error downloading" record as a WARNING without traceback
    when robots.txt could not be downloaded (an error of RETRY_EXCEPTIONS: refused, timed
    out, unresolved, cut off). Any other error there (its parser, a robots_parsed handler)
    stays an ERROR with its traceback."""

    def __init__(self, download_errors: tuple[type[BaseException], ...]) -> None:
        super().__init__()
        self.download_errors = download_errors

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if record.levelno >= logging.ERROR and isinstance(error, self.download_errors):
            record.msg = (
                "could not fetch robots.txt for %(request)s (%(f_exception)s): "
                "its site is crawled as if it allowed every page"
            )
            record.args = {"request": _arg(record, "request"), "f_exception": error}
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text = None, None
        return True


def _arg(record: logging.LogRecord, name: str) -> object:
    args = record.args
    return args.get(name, "") if isinstance(args, dict) else ""


class RobotsTxt(RobotsTxtMiddleware):
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not any(isinstance(f, OneLineRobotsFailure) for f in robots_logger.filters):
            errors = crawler.settings.getlist("RETRY_EXCEPTIONS")
            loaded = tuple(load_object(e) if isinstance(e, str) else e for e in errors)
            robots_logger.addFilter(OneLineRobotsFailure(loaded))
        return super().from_crawler(crawler)
