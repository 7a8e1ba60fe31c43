"""The drift monitors spidermon runs at the end of every crawl (settings SPIDERMON_*): a
declared site that breaks its thresholds (newscrawl.drift) is listed in stats as
`newscrawl/drift`, printed in the summary, and makes `scrapy crawl` exit with status 5."""

from __future__ import annotations

import warnings
from typing import ClassVar

from spidermon import Monitor, MonitorSuite
from spidermon.core.actions import Action

from newscrawl.drift import CHECKED, DRIFT, all_breaches

# spidermon 1.27 logs through Spider.log(), which Scrapy 2.19 deprecates; nothing to act on.
warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated", module="spidermon")


class SiteDriftMonitor(Monitor):
    """Every declared site crawled is within its thresholds."""

    def test_sites_within_thresholds(self) -> None:
        found = all_breaches(self.data.crawler.stats.get_stats())
        self.assertFalse(found, "; ".join(found))


class RecordDrift(Action):
    def run_action(self) -> None:
        stats = self.data.crawler.stats
        stats.set_value(DRIFT, all_breaches(stats.get_stats()))


class MarkChecked(Action):
    """Spidermon logs, and goes on, when a suite raises: this says the check did finish."""

    def run_action(self) -> None:
        self.data.crawler.stats.set_value(CHECKED, True)


class DriftMonitors(MonitorSuite):
    monitors: ClassVar[list[type]] = [SiteDriftMonitor]
    monitors_failed_actions: ClassVar[list[type]] = [RecordDrift]
    monitors_finished_actions: ClassVar[list[type]] = [MarkChecked]
