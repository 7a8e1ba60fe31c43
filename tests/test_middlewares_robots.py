"""A robots.txt that cannot be fetched (`newscrawl.middlewares.robots`): one WARNING line, no
traceback, and the crawl goes on as Scrapy's middleware lets it, with the real engine."""

from __future__ import annotations

import logging
import socket
import sys
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from newscrawl.middlewares.robots import OneLineRobotsFailure
from newscrawl.spiders.generic import GenericSpider
from tests.crawl_support import run_crawl

pytestmark = pytest.mark.slow


@deferred_f_from_coro_f
async def test_an_unreachable_robots_txt_is_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as unused:  # nothing listens there once it is closed
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    settings = {
        "NEWSCRAWL_OUTPUT_DIR": str(tmp_path),
        "NEWSCRAWL_FAIL_ON_NO_ARTICLES": False,
        "RETRY_TIMES": 0,
    }
    with caplog.at_level(logging.INFO):
        _, stats = await run_crawl(GenericSpider, settings, url=f"http://127.0.0.1:{port}/")
    robots = [r for r in caplog.records if r.name == "scrapy.downloadermiddlewares.robotstxt"]
    # It was an ERROR with two chained tracebacks, even at -L WARNING.
    assert [(r.levelname, r.exc_info) for r in robots] == [("WARNING", None)]
    said = robots[0].getMessage()
    assert said.startswith(f"could not fetch robots.txt for <GET http://127.0.0.1:{port}/> (")
    assert stats["newscrawl/skipped/connection_failed"] == 1


def test_any_other_error_there_keeps_its_traceback() -> None:
    # A robots.txt parser that fails, or a bug: an ERROR with its traceback, as Scrapy logs it.
    try:
        raise ValueError("the parser choked")
    except ValueError:
        record = logging.LogRecord(
            "scrapy.downloadermiddlewares.robotstxt",
            logging.ERROR,
            __file__,
            1,
            "Error downloading %(request)s: %(f_exception)s",
            None,
            sys.exc_info(),
        )
    assert OneLineRobotsFailure((ConnectionRefusedError,)).filter(record)
    assert record.levelname == "ERROR" and record.exc_info is not None
