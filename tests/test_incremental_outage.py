"""What a worker logs once Redis is gone (`newscrawl.incremental.outage`): each in-flight
error counted once, whatever the number of root handlers, and only while its crawl runs."""

from __future__ import annotations

import logging

import redis
from scrapy import signals
from scrapy.utils.test import get_crawler

from newscrawl.crawl.keys import REDIS_UNAVAILABLE_ERRORS
from newscrawl.incremental.outage import _quiet_the_rest


def log_a_lost_call(logger: logging.Logger) -> None:
    try:
        raise redis.ConnectionError("Error 111 connecting to 127.0.0.1:6390.")
    except redis.ConnectionError:
        logger.exception("Error processing item")


def test_an_in_flight_error_is_counted_once_and_logged_not_at_all() -> None:
    crawler = get_crawler(settings_dict={"MEMUSAGE_ENABLED": False})
    assert crawler.stats is not None
    root = logging.getLogger()
    shown: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            shown.append(record)

    # Scrapy's crawl has two on the root logger: its own and the log counter.
    handlers = [Keep(), Keep()]
    for handler in handlers:
        root.addHandler(handler)
    try:
        _quiet_the_rest(crawler, crawler.stats)
        log_a_lost_call(logging.getLogger("scrapy.core.scraper"))
        assert shown == [] and crawler.stats.get_value(REDIS_UNAVAILABLE_ERRORS) == 1
        # Once the crawl is over, another one in the process logs its own errors.
        crawler.signals.send_catch_log(signal=signals.engine_stopped)
        log_a_lost_call(logging.getLogger("scrapy.core.scraper"))
        assert len(shown) == 2  # each handler, once
    finally:
        for handler in handlers:
            root.removeHandler(handler)
