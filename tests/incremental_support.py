"""What the incremental, kill and distributed tests share: the changing site as a process, the
settings that turn a crawl into a job (exactly the lines newscrawl/settings.py is to get), crawl
runners in-process and as `scrapy crawl` subprocesses, and a strict feed reader."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from newscrawl.spiders.generic import GenericSpider
from tests.crawl_support import FAST, Collector, run_crawl
from tests.mockserver import ServerProcess
from tests.scrapy_runner import ENV, scrapy_command

# The size of the conftest's module-wide `big_site`.
BIG_SITE_ARTICLES = 1000


class Site(ServerProcess):
    """tests/sitegen.py in its own process."""

    def __init__(self, articles: int, variants_every: int = 0) -> None:
        args = ["--articles", str(articles), "--variants-every", str(variants_every)]
        super().__init__("tests.sitegen", *args, name="tests.sitegen")
        self.sitemap = self.origin + "/sitemap.xml"

    def admin(self, action: str, **params: Any) -> Any:
        query = f"?{urlencode(params)}" if params else ""
        with urllib.request.urlopen(f"{self.origin}/_admin/{action}{query}", timeout=10) as reply:
            return json.load(reply)

    def article_hits(self) -> dict[str, int]:
        return {p: n for p, n in self.admin("hits").items() if p.startswith("/news/")}


def read_feed(path: Path) -> list[dict[str, Any]]:
    """Every line of a JSON Lines file, failing on any line a JSON Lines reader would choke on."""
    data = path.read_bytes()
    assert not data or data.endswith(b"\n"), f"{path} ends in a torn line"
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def count_lines(paths: list[Path]) -> int:
    """Lines (newlines) in those of the files that exist."""
    return sum(path.read_bytes().count(b"\n") for path in paths if path.exists())


async def crawl_job(
    tmp_path: Path,
    feed: str,
    spider_cls: type[GenericSpider] = GenericSpider,
    settings: dict[str, Any] | None = None,
    **spider_args: str,
) -> tuple[Collector, dict[str, Any]]:
    """One in-process crawl of the job in tmp_path/job, its articles going to tmp_path/feed."""
    job = {
        "JOBDIR": str(tmp_path / "job"),
        "FEEDS": {str(tmp_path / feed): {"format": "jsonlines"}},
        "NEWSCRAWL_REJECTED_FEED": str(tmp_path / "rejected.jsonl"),
    }
    return await run_crawl(spider_cls, {**job, **(settings or {})}, **spider_args)


def scrapy_crawl(
    cwd: Path, site: Site, feed: Path, settings: dict[str, Any], *args: str
) -> subprocess.Popen[str]:
    """`scrapy crawl generic` against the site as cron would start it, in its own process."""
    command = scrapy_command(
        *("crawl", "generic", "-a", f"url={site.sitemap}", "-o", f"{feed}:jsonlines", *args),
        settings={**FAST, "NEWSCRAWL_SUMMARY": True, **settings},
    )
    log = (cwd / f"{feed.stem}.log").open("w")
    return subprocess.Popen(
        command, cwd=cwd, env=ENV, stdout=log, stderr=subprocess.STDOUT, text=True
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """A real redis-server on a free loopback port, in memory only, for one test module."""

    def __init__(self, workdir: Path) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(binary).exists():
            pytest.skip("redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        command = [binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(workdir)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
