"""`make bench-crawl`: crawl throughput on this machine, in one run, over a local mirror of
realistic pages served by another process (bench/mirror.py; the shared corpora's pages under
--pages URLs, grouped into sites with sitemaps and feeds).

    python -m bench.crawl [--pages 6000] [--memory-pages 20000] [--write]

The mirror's pages come from the corpora and the project's Kazakh site mirrors (bench/pages.py),
each copy retold (bench/retell.py: its words swapped among themselves, its declared URL
dropped), so they are that many distinct stories; each site has listing pages too.

Measures, each as its own process under /usr/bin/time (wall, CPU, peak RSS):
- raw Scrapy: the sitemaps and every page fetched, nothing parsed (bench/rawfetch.py);
- extract_article alone, back to back over the same pages (in this process);
- `scrapy crawl generic` of the mirror, in process, and with NEWSCRAWL_EXTRACT_PROCESSES=2;
- `scrapy extract DIR --jobs 1` and `--jobs 2` over the pages saved to disk.
The ratios: the crawl against fetching and extracting back to back (1 / (1/fetch +
1/extract)), two extraction processes against that, and two jobs against one. Memory: the
RSS of the in-process crawl from its 1,000th article to its end, and of a --memory-pages
crawl (fast mode) from page 2,000 to its end (bench/memory.py). Distributed: a plain
process, one Redis worker and two (bench/workers.py). With --write the table goes into
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.corpora import DEFAULT_CORPORA, REPO
from bench.memory import Sample, Sampler, growth, served_pages
from bench.pages import mirror_pages
from bench.report import update_doc
from bench.runs import Run, crawl_command
from bench.workers import workers_lines, workers_runs
from newscrawl import extract_article, settings
from newscrawl.extensions.collector import collect_less
from tests.mockserver import ServerProcess

ENV = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings", "PYTHONPATH": str(REPO)}
START, END = "<!-- bench:crawl:start -->", "<!-- bench:crawl:end -->"
QUIET = {
    "LOG_LEVEL": "WARNING",
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "NEWSCRAWL_PROGRESS": "False",
}


def timed(
    name: str, command: list[str], cwd: Path, pages: int, sampler: Sampler | None = None
) -> tuple[Run, str]:
    """`command` under /usr/bin/time, and what it printed; `sampler` watches it run."""
    stamp = cwd / f"{name.replace(' ', '_')}.time"
    wrapped = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", str(stamp), *command]
    with subprocess.Popen(
        wrapped, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        if sampler is not None:
            sampler.watch(process.pid)
        stdout, stderr = process.communicate()
    if sampler is not None:
        sampler.stop()
    if process.returncode not in (0, 3):
        raise SystemExit(f"{name} failed ({process.returncode}): {stderr[-2000:]}")
    wall, user, system, rss = stamp.read_text().split()[-4:]
    run = Run(name, pages, float(wall), float(user) + float(system), int(rss) / 1024)
    return run, stdout


def crawl(
    origin: str, work: Path, name: str, memory: list[Sample] | None = None, **settings: str
) -> Run:
    """One `scrapy crawl generic` of the mirror; with `memory`, its RSS samples go there."""
    feed = work / f"{name.replace(' ', '_')}.jsonl"
    rejected = {"NEWSCRAWL_REJECTED_FEED": str(work / (name + ".rejected"))}
    command = crawl_command(
        origin, ["-O", str(feed)], {**rejected, **QUIET, "NEWSCRAWL_SUMMARY": "True", **settings}
    )
    sampler = Sampler(origin, feed) if memory is not None else None
    before = served_pages(origin)
    run, _ = timed(name, command, work, 0, sampler)
    if sampler is not None and memory is not None:
        memory.extend(sampler.samples)
    # The story pages it read, as for the other runs; its listing and sitemap fetches are
    # part of its work, not pages of the rate.
    run.pages = served_pages(origin) - before
    return run


def extract_alone(bodies: list[tuple[str, bytes]]) -> Run:
    # Under the crawl's garbage-collection threshold, so that the crawl's ratio to it measures
    # the crawl's own costs, not a setting the baseline did not get.
    before = gc.get_threshold()
    collect_less(settings.NEWSCRAWL_GC_THRESHOLD)
    started, cpu = time.monotonic(), time.process_time()
    for url, body in bodies:
        extract_article(body, url)
    gc.set_threshold(*before)
    return Run(
        "extract_article alone",
        len(bodies),
        time.monotonic() - started,
        time.process_time() - cpu,
        0.0,
    )


def saved_pages(bodies: list[tuple[str, bytes]], folder: Path) -> None:
    folder.mkdir()
    for n, (_, body) in enumerate(bodies):
        (folder / f"{n:06d}.html").write_bytes(body)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6000)
    parser.add_argument(
        "--memory-pages", type=int, default=20000, help="pages of the memory run (0: none)"
    )
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--write", action="store_true", help="add the table to docs/benchmarks.md")
    args = parser.parse_args(argv)
    # The very bytes the mirror serves, under their sources' URLs.
    bodies = [(source.url, body) for source, body in mirror_pages(args.corpora, args.pages)]
    runs, memory = throughput(args.pages, bodies)
    distributed = distributed_runs(args.pages)
    long_run = memory_run(args.memory_pages) if args.memory_pages else []
    report = "\n\n".join(
        [
            table(runs),
            workers_lines(distributed),
            memory_lines(memory, long_run, args.memory_pages),
        ]
    )
    print(report)
    if args.write:
        update_doc(REPO / "docs" / "benchmarks.md", report + "\n", START, END)


def throughput(pages: int, bodies: list[tuple[str, bytes]]) -> tuple[list[Run], list[Sample]]:
    """Every timed run over one mirror of `pages` pages; and the in-process crawl's samples."""
    mirror = ServerProcess("bench.mirror", "--pages", str(pages), name="bench mirror")
    runs: list[Run] = []
    memory: list[Sample] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            raw = [sys.executable, "-m", "bench.rawfetch", mirror.origin + "/sitemap.xml"]
            runs.append(timed("raw Scrapy fetch", raw, work, pages)[0])
            runs.append(extract_alone(bodies))
            runs.append(crawl(mirror.origin, work, "crawl in process", memory))
            two = "crawl, 2 extraction processes"
            runs.append(crawl(mirror.origin, work, two, NEWSCRAWL_EXTRACT_PROCESSES="2"))
            saved_pages(bodies, work / "pages")
            for jobs in ("1", "2"):
                command = [sys.executable, "-m", "scrapy", "extract", str(work / "pages")]
                command += ["-o", str(work / f"jobs{jobs}.jsonl"), "--jobs", jobs]
                runs.append(timed(f"scrapy extract --jobs {jobs}", command, work, pages)[0])
    finally:
        mirror.stop()
    return runs, memory


def distributed_runs(pages: int) -> list[Run]:
    """A plain process, one Redis worker and two, over a mirror of `pages` pages."""
    mirror = ServerProcess("bench.mirror", "--pages", str(pages), name="bench mirror")
    try:
        return workers_runs(mirror.origin, QUIET, ENV)
    finally:
        mirror.stop()


def memory_run(pages: int) -> list[Sample]:
    """A long crawl in `fast` mode (the consensus's peers change the CPU, not what is kept),
    sampled for its RSS from start to end."""
    mirror = ServerProcess("bench.mirror", "--pages", str(pages), name="bench mirror")
    samples: list[Sample] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            crawl(mirror.origin, Path(tmp), "memory run", samples, NEWSCRAWL_EXTRACTION="fast")
    finally:
        mirror.stop()
    return samples


def memory_lines(memory: list[Sample], long_run: list[Sample], long_pages: int) -> str:
    return (
        "Memory (RSS of the crawl process, sampled every 0.5 s): the in-process crawl above"
        f" from its 1,000th article to its end: {growth(memory, articles=1000)}; a"
        f" {long_pages:,}-page crawl in fast mode from page 2,000 to its end:"
        f" {growth(long_run, served=2000)}."
    )


def table(runs: list[Run]) -> str:
    by = {run.name: run for run in runs}
    fetch, alone = by["raw Scrapy fetch"].rate, by["extract_article alone"].rate
    back_to_back = 1 / (1 / fetch + 1 / alone)
    crawl_in, crawl_two = by["crawl in process"].rate, by["crawl, 2 extraction processes"].rate
    jobs1, jobs2 = by["scrapy extract --jobs 1"].rate, by["scrapy extract --jobs 2"].rate
    header = (
        f"## Crawl throughput ({datetime.now(UTC):%Y-%m-%d}, `make bench-crawl`, "
        f"{os.cpu_count()} cores, {platform.python_version()})\n\n"
        "| run | pages | wall s | pages/s | CPU ms/page | peak RSS MB |\n|---|---|---|---|---|---|"
    )
    ratios = (
        f"\nBack to back (fetch, then extract): {back_to_back:.1f} pages/s. Crawl in process:"
        f" {crawl_in / back_to_back:.2f}x that; with 2 extraction processes:"
        f" {crawl_two / back_to_back:.2f}x. `scrapy extract --jobs 2`: {jobs2 / jobs1:.2f}x"
        " `--jobs 1`. Walls include each process's start (about 2 s). Rerun: `make bench-crawl`"
        " (BENCH_PAGES=6000 by default: a crawl of over 4,000 articles)."
    )
    return "\n".join([header, *(run.row() for run in runs), ratios])


if __name__ == "__main__":
    main()
