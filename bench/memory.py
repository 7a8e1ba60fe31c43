"""Memory of a running crawl: its resident set sampled every half second, with how many
pages the mirror had served and how many articles the crawl's feed held at that moment.

The crawl runs under /usr/bin/time, so the process sampled is time's child. Feed lines are
counted as written (Scrapy's exporter flushes in blocks), so an article count may lag by a
few lines: a few kilobytes of RSS, well below what the targets measure.
"""

from __future__ import annotations

import threading
import urllib.request
from dataclasses import dataclass
from pathlib import Path

INTERVAL = 0.5


@dataclass(frozen=True)
class Sample:
    served: int
    articles: int
    rss_mb: float


def rss_mb(pid: int) -> float | None:
    """The resident set of process `pid` in MB, or None once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def _child(pid: int) -> int | None:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    return int(children[0]) if children else None


def count_lines(path: Path) -> int:
    """Lines in the file so far (0 before it exists)."""
    try:
        with path.open("rb") as f:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    except OSError:
        return 0


class Sampler:
    def __init__(self, origin: str, feed: Path) -> None:
        self.origin, self.feed = origin, feed
        self.samples: list[Sample] = []
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._before = 0

    def watch(self, wrapper_pid: int) -> None:
        # The mirror counts every page it served, earlier runs' too: samples count from here.
        self._before = served_pages(self.origin)
        self._thread = threading.Thread(target=self._run, args=(wrapper_pid,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self, wrapper_pid: int) -> None:
        crawl_pid = None
        while not self._done.wait(INTERVAL):
            crawl_pid = crawl_pid or _child(wrapper_pid)
            rss = rss_mb(crawl_pid) if crawl_pid else None
            if rss is not None:
                served = served_pages(self.origin) - self._before
                self.samples.append(Sample(served, count_lines(self.feed), rss))


def served_pages(origin: str) -> int:
    """How many story pages the mirror at `origin` has served so far."""
    with urllib.request.urlopen(f"{origin}/_served", timeout=5) as answer:
        return int(answer.read())


def rss_at(samples: list[Sample], *, served: int = 0, articles: int = 0) -> float | None:
    """RSS at the first sample past `served` pages or `articles` articles."""
    for sample in samples:
        if sample.served >= served and sample.articles >= articles:
            return sample.rss_mb
    return None


def growth(samples: list[Sample], *, served: int = 0, articles: int = 0) -> str:
    """ "A → B MB (+C)" from the given point to the last sample, or why it cannot be said."""
    start = rss_at(samples, served=served, articles=articles)
    if start is None or not samples:
        return "not reached"
    end = samples[-1]
    return (
        f"{start:.0f} → {end.rss_mb:.0f} MB ({end.rss_mb - start:+.0f} MB;"
        f" {end.served} pages, {end.articles} articles at the end)"
    )
