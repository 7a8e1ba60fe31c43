"""What every timed run of `make bench-crawl` shares: its record, and the command line of a
crawl of the bench mirror."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass
class Run:
    name: str
    pages: int
    wall: float
    cpu: float = 0.0
    rss_mb: float = 0.0

    @property
    def rate(self) -> float:
        return self.pages / self.wall if self.wall else 0.0

    def row(self) -> str:
        cpu_ms = 1000 * self.cpu / self.pages if self.pages else 0.0
        return (
            f"| {self.name} | {self.pages} | {self.wall:.1f} | {self.rate:.1f} | {cpu_ms:.1f}"
            f" | {self.rss_mb:.0f} |"
        )


def crawl_command(origin: str, output: list[str], settings: Mapping[str, str]) -> list[str]:
    """`scrapy crawl generic` of the mirror at `origin` from its sitemap index, writing
    `output` (-o/-O options), with `settings`."""
    command = [sys.executable, "-m", "scrapy", "crawl", "generic"]
    command += ["-a", f"url={origin}/sitemap.xml", *output]
    for key, value in settings.items():
        command += ["-s", f"{key}={value}"]
    return command
