"""Distributed workers in `make bench-crawl`: one crawl of the mirror by a plain process, by
one Redis worker and by two sharing one job through a real redis-server (in memory).

Each is timed from launch to its last exported line, since a Redis worker waits out its idle
timeout before it exits; pages are the story pages the mirror served them (listing and
sitemap fetches are part of the work, not of the count), as for the other crawls. Each
setup is a job of its own: a new crawl, not a rerun.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bench.memory import count_lines as feed_lines
from bench.memory import served_pages
from bench.runs import Run, crawl_command
from tests.incremental_support import RedisServer


@dataclass(frozen=True)
class Launch:
    origin: str
    work: Path
    env: Mapping[str, str]


def _run(launch: Launch, name: str, workers: int, settings: dict[str, str]) -> Run:
    origin, work = launch.origin, launch.work
    feeds = [work / f"{name}-{n}.jsonl" for n in range(workers)]
    before = served_pages(origin)
    started = time.monotonic()
    processes = [
        subprocess.Popen(
            crawl_command(origin, ["-o", f"{feed}:jsonlines"], settings),
            cwd=work,
            env=dict(launch.env),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for feed in feeds
    ]
    last, seen = started, 0
    while any(p.poll() is None for p in processes):
        count = sum(feed_lines(feed) for feed in feeds)
        if count > seen:
            last, seen = time.monotonic(), count
        time.sleep(0.1)
    for process in processes:
        process.communicate()  # drains what is left of its output
        if process.returncode not in (0, 3):
            raise SystemExit(f"{name}: a worker exited with {process.returncode}")
    if sum(feed_lines(feed) for feed in feeds) > seen:
        last = time.monotonic()  # the last lines landed as the process closed
    return Run(name, served_pages(origin) - before, last - started)


def workers_runs(
    origin: str,
    quiet: Mapping[str, str],
    env: Mapping[str, str],
) -> list[Run]:
    settings = {**quiet, "NEWSCRAWL_IDLE_TIMEOUT": "2"}
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        launch = Launch(origin, work, env)
        redis = RedisServer(work)
        try:
            runs.append(_run(launch, "plain process", 1, settings))
            for workers in (1, 2):
                job = {"NEWSCRAWL_REDIS_URL": redis.url, "NEWSCRAWL_JOB": f"bench{workers}"}
                label = f"{workers} Redis worker{'s' if workers > 1 else ''}"
                runs.append(_run(launch, label, workers, {**settings, **job}))
        finally:
            redis.stop()
    return runs


def workers_lines(runs: list[Run]) -> str:
    by = {run.name: run for run in runs}
    plain = by["plain process"].rate
    rows = [
        f"| {r.name} | {r.pages} | {r.wall:.1f} | {r.rate:.1f} | {r.rate / plain:.2f}x |"
        for r in runs
    ]
    return "\n".join(
        [
            "Distributed (launch to last exported line; a Redis worker waits out a 2 s idle"
            " timeout after it):",
            "",
            "| setup | pages | s | pages/s | vs plain |",
            "|---|---|---|---|---|",
            *rows,
        ]
    )
