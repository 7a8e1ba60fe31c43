"""`python -m bench.heap`: where a long crawl's memory goes, for docs/benchmarks.md's
"Where a crawl's memory goes".

    python -m bench.heap [--pages 8000] [--trim-seconds 30] [--tracemalloc]

Crawls a `bench.mirror` of --pages pages in this process (fast mode, as the bench's memory
run) and prints, every 1,000 pages the mirror served, the crawl's resident set; with
--tracemalloc also what Python itself holds (slow: about a fifth of the speed). Run it with
--trim-seconds 0 and with the default to compare a crawl that gives freed memory back with
one that does not.
"""

from __future__ import annotations

import argparse
import os
import tracemalloc
from pathlib import Path
from tempfile import TemporaryDirectory

from bench.crawl import QUIET
from bench.memory import rss_mb, served_pages
from tests.mockserver import ServerProcess

EVERY = 1000


class Marks:
    """Prints a line each time the mirror has served EVERY more pages."""

    def __init__(self, origin: str) -> None:
        self.origin, self.next = origin, EVERY

    def check(self) -> None:
        try:
            served = served_pages(self.origin)
        except OSError:
            return  # the mirror is busy building a page: the next tick asks again
        while served >= self.next:
            line = f"page {self.next:>6,}: RSS {rss_mb(os.getpid()) or 0:.0f} MB"
            if tracemalloc.is_tracing():
                line += f", Python {tracemalloc.get_traced_memory()[0] / 2**20:.0f} MB"
            print(line, flush=True)
            self.next += EVERY


def crawl(origin: str, work: Path, trim_seconds: float) -> None:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    run = {
        **QUIET,
        "LOG_LEVEL": "ERROR",
        "NEWSCRAWL_EXTRACTION": "fast",
        "NEWSCRAWL_MEMORY_TRIM_SECONDS": trim_seconds,
        "NEWSCRAWL_REJECTED_FEED": str(work / "rejected.jsonl"),
        "FEEDS": {str(work / "out.jsonl"): {"format": "jsonlines"}},
    }
    settings.setdict(run, priority="cmdline")
    process = CrawlerProcess(settings)
    from twisted.internet import task  # after CrawlerProcess installed the reactor

    marks = Marks(origin)
    process.crawl("generic", url=f"{origin}/sitemap.xml")
    task.LoopingCall(marks.check).start(1.0)
    process.start()
    marks.check()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=8000)
    parser.add_argument("--trim-seconds", type=float, default=30.0, help="0: never trim")
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args(argv)
    if args.tracemalloc:
        tracemalloc.start(1)
    mirror = ServerProcess("bench.mirror", "--pages", str(args.pages), name="bench mirror")
    try:
        with TemporaryDirectory() as tmp:
            crawl(mirror.origin, Path(tmp), args.trim_seconds)
    finally:
        mirror.stop()


if __name__ == "__main__":
    main()
