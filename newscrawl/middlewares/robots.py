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


class OneLineRobotsFailure(logging.Filter):
    """Rewrites the middleware's "Error downloading" record: a WARNING without traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR and record.exc_info:
            error = record.exc_info[1]
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
            robots_logger.addFilter(OneLineRobotsFailure())
        return super().from_crawler(crawler)
