"""The drift monitors spidermon runs at the end of every crawl (settings SPIDERMON_*): a
declared site that breaks its thresholds (newscrawl.drift) is listed in stats as
`newscrawl/drift`, printed in the summary, and makes `scrapy crawl` exit with status 5."""

from __future__ import annotations

import warnings
from typing import ClassVar

from spidermon import Monitor, MonitorSuite

from newscrawl.drift import CHECKED, DRIFT, all_breaches

# spidermon 1.27 logs through Spider.log(), which Scrapy 2.19 deprecates; nothing to act on.
warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated", module="spidermon")


class SiteDriftMonitor(Monitor):
    """Every declared site crawled is within its thresholds."""

    def test_sites_within_thresholds(self) -> None:
        stats = self.data.crawler.stats
        found = all_breaches(stats.get_stats())
        # Recorded here, once computed: an error above leaves no CHECKED, so the crawl's exit
        # status says the check did not run (spidermon itself would only log the error).
        stats.set_value(DRIFT, found)
        stats.set_value(CHECKED, True)
        self.assertFalse(found, "; ".join(found))


class DriftMonitors(MonitorSuite):
    monitors: ClassVar[list[type]] = [SiteDriftMonitor]
