"""Progress while crawling: pages fetched, articles exported, rejected and skipped, the rate
and the time spent, so a long crawl is not a silent one.

In a terminal it is one line on standard error, redrawn in place; anywhere else (cron, a pipe,
a log file) a carriage return would garble the output, so it is an ordinary INFO log line every
NEWSCRAWL_PROGRESS_INTERVAL seconds. The numbers come from the same books as the end-of-crawl
summary (newscrawl.crawl.ledger), so the last progress line agrees with it.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import Any, Self, TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from newscrawl.crawl.keys import EXPORTED, REJECTED, skipped_counts, stat

logger = logging.getLogger(__name__)

# Often enough to look alive, seldom enough to cost nothing.
TERMINAL_REFRESH = 0.5
CLEAR_TO_END = "\x1b[K"


def progress_line(stats: dict[str, Any], elapsed: float) -> str:
    pages = stats.get("downloader/response_count", 0)
    exported = stats.get(stat(EXPORTED), 0)
    seconds = max(elapsed, 1e-9)
    return (
        f"pages {pages}, exported {exported}, rejected {stats.get(stat(REJECTED), 0)},"
        f" skipped {sum(skipped_counts(stats).values())}"
        f" | {pages / seconds:.1f} pages/s, {exported * 60 / seconds:.1f} articles/min"
        f" | elapsed {format_elapsed(elapsed)}"
    )


def format_elapsed(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


class TerminalLine:
    """One line redrawn in place. Log records written meanwhile would land after the line's
    text, so the line is wiped before each one and drawn again at the next refresh."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def draw(self, text: str) -> None:
        # A line wider than the terminal wraps, and \r then returns to the wrapped part only.
        width = terminal_width(self.stream)
        self.write("\r" + (text[: width - 1] if width else text) + CLEAR_TO_END)

    def finish(self, text: str) -> None:
        self.draw(text)
        self.write("\n")

    def wipe_before_log(self, record: logging.LogRecord) -> bool:
        """A filter on the log handlers that share the stream: it lets every record through."""
        self.write("\r" + CLEAR_TO_END)
        return True

    def write(self, text: str) -> None:
        # One write, flushed: the terminal never shows half a line.
        self.stream.write(text)
        self.stream.flush()

    def attach_to_logs(self) -> None:
        for handler in stream_handlers(self.stream):
            handler.addFilter(self.wipe_before_log)

    def detach_from_logs(self) -> None:
        for handler in stream_handlers(self.stream):
            handler.removeFilter(self.wipe_before_log)


def terminal_width(stream: TextIO) -> int:
    """Columns of the terminal, 0 when it does not say (a pty nobody sized)."""
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError):
        return 0


def stream_handlers(stream: TextIO) -> list[logging.Handler]:
    return [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler, logging.StreamHandler) and handler.stream is stream
    ]


class CrawlProgress:
    def __init__(self, crawler: Crawler, interval: float, stream: TextIO) -> None:
        self.crawler = crawler
        self.terminal = TerminalLine(stream) if stream.isatty() else None
        self.interval = min(interval, TERMINAL_REFRESH) if self.terminal else interval
        self.loop = task.LoopingCall(self.show)
        self.started: float | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSCRAWL_PROGRESS"):
            raise NotConfigured
        ext = cls(crawler, crawler.settings.getfloat("NEWSCRAWL_PROGRESS_INTERVAL"), sys.stderr)
        # Receivers are weak references: the bound methods live as long as the extension does,
        # which the crawler keeps in its extension manager.
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        if self.terminal:
            self.terminal.attach_to_logs()
        self.loop.start(self.interval, now=False)

    def spider_closed(self) -> None:
        if self.started is None:  # the crawl never opened: nothing to report
            return
        if self.loop.running:
            self.loop.stop()
        # The final numbers, and in a terminal the line ended before the summary prints.
        if self.terminal:
            self.terminal.detach_from_logs()
            self.terminal.finish(self.current())
        else:
            logger.info("progress: %s", self.current())

    def show(self) -> None:
        if self.terminal:
            self.terminal.draw(self.current())
        else:
            logger.info("progress: %s", self.current())

    def current(self) -> str:
        assert self.crawler.stats is not None and self.started is not None
        return progress_line(self.crawler.stats.get_stats(), time.monotonic() - self.started)
