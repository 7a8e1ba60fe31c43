"""What crawls produced, counted from their JSON Lines feeds (`scrapy report`).

Pure functions, no Scrapy: `feeds` finds and reads the files, `counts` tallies them into a
`Report`, `table` prints it for a terminal and `page` writes it as one self-contained HTML page.
"""

from newscrawl.reporting.counts import Report, build_report
from newscrawl.reporting.feeds import FeedError, feed_files

__all__ = ["FeedError", "Report", "build_report", "feed_files"]
