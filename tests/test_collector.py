"""The crawl's garbage-collection threshold: set while the spider runs, put back after."""

from __future__ import annotations

import gc

import pytest
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from newscrawl.extensions.collector import GarbageCollection


@pytest.fixture
def thresholds():
    before = gc.get_threshold()
    yield before
    gc.set_threshold(*before)


def test_young_threshold_while_the_spider_runs_then_put_back(thresholds) -> None:
    gc.set_threshold(700, 11, 12)
    crawler = get_crawler(settings_dict={"NEWSCRAWL_GC_THRESHOLD": 5000})
    extension = GarbageCollection.from_crawler(crawler)  # receivers are weak references
    crawler.signals.send_catch_log(signals.spider_opened, spider=None)
    assert gc.get_threshold() == (5000, 11, 12)
    crawler.signals.send_catch_log(signals.spider_closed, spider=None, reason="finished")
    assert gc.get_threshold() == (700, 11, 12)
    assert extension.young == 5000


def test_zero_leaves_python_alone(thresholds) -> None:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_GC_THRESHOLD": 0})
    with pytest.raises(NotConfigured):
        GarbageCollection.from_crawler(crawler)
