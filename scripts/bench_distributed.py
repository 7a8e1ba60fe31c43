"""Pages per second of one crawl of the synthetic site (tests/sitegen.py) by 1 and by 2
`scrapy crawl` workers sharing it through Redis, with a single-process run (no job, and a
JOBDIR job) for comparison. Not a test: numbers for docs/scheduling.md.

    .venv/bin/python scripts/bench_distributed.py [--articles 2000] [--repeat 2]

Needs redis-server on PATH. Politeness delays are off (the site is ours, on 127.0.0.1); the
rest are the project's settings. "pages/s" counts exported articles over the time from the
first to the last exported line, so process start-up (about 1.5 s) is left out; "wall" is from
launch to the last line.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.incremental_support import RedisServer, Site, count_lines, scrapy_crawl  # noqa: E402


def run(
    site: Site, workdir: Path, workers: int, settings: dict[str, Any], total: int
) -> dict[str, float]:
    feeds = [workdir / f"worker{n}.jsonl" for n in range(workers)]
    started = time.monotonic()
    procs = [scrapy_crawl(workdir, site, feed, settings) for feed in feeds]
    first = last = None
    while True:
        done = count_lines(feeds)
        now = time.monotonic()
        if done and first is None:
            first = now
        if done >= total:
            last = now
            break
        if all(p.poll() is not None for p in procs):
            raise SystemExit(f"workers exited with {done} of {total} articles; see {workdir}")
        time.sleep(0.05)
    for proc in procs:
        proc.wait(timeout=120)
    assert first is not None
    shares = [count_lines([feed]) for feed in feeds]
    return {
        "pages_per_s": total / max(last - first, 1e-9),
        "wall_s": last - started,
        "min_share": min(shares) / total,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    base = {
        "NEWSCRAWL_FAIL_ON_NO_ARTICLES": False,
        "NEWSCRAWL_IDLE_TIMEOUT": 1,
        "LOG_LEVEL": "ERROR",
    }
    site = Site(articles=args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        redis = RedisServer(Path(tmp))
        try:
            setups: list[tuple[str, int, dict[str, Any]]] = [
                ("1 process, not a job", 1, {}),
                ("1 process, JOBDIR job (SQLite)", 1, {"JOBDIR": "job"}),
                ("1 worker, Redis", 1, {"NEWSCRAWL_REDIS_URL": redis.url}),
                ("2 workers, Redis", 2, {"NEWSCRAWL_REDIS_URL": redis.url}),
            ]
            print(f"{args.articles} articles, best of {args.repeat} runs each\n")
            print("| setup | pages/s | wall (s) | smallest share |")
            print("|---|---:|---:|---:|")
            for number, (label, workers, extra) in enumerate(setups):
                results = []
                for attempt in range(args.repeat):
                    workdir = Path(tmp) / f"setup{number}-{attempt}"
                    workdir.mkdir()
                    # A job of its own each time: a new crawl, not an incremental rerun.
                    settings = {**base, **extra, "NEWSCRAWL_JOB": workdir.name}
                    results.append(run(site, workdir, workers, settings, args.articles))
                best = max(results, key=lambda r: r["pages_per_s"])
                spread = statistics.pstdev(r["pages_per_s"] for r in results)
                print(
                    f"| {label} | {best['pages_per_s']:.0f} (±{spread:.0f}) | "
                    f"{best['wall_s']:.1f} | {best['min_share']:.0%} |",
                    flush=True,
                )
        finally:
            redis.stop()
            site.stop()


if __name__ == "__main__":
    main()
