"""`python -m bench`: score newscrawl (consensus and fast), trafilatura and readability-lxml on
the shared corpora, side by side, each corpus split into its tuning and checking halves."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench import corpora, report
from bench.corpora import DEFAULT_CORPORA, REPO, Page
from bench.report import DOC
from bench.run import CorpusRun, available_cpus, pin_to_one_core, run
from bench.systems import FACTORIES, NEWSCRAWL_SCORED_TEXT

RERUN = "make bench  # or: .venv/bin/python -m bench"

NOTES = [
    "Corpora and scoring as defined in `../shared/corpora/README.md` (pages read there at run "
    "time, never copied here). ru-news and multi-news: 4-token `\\w+` shingles as multisets, "
    "per-page precision and recall averaged over pages, F1 of the two means; ru-news is "
    "scored against `body_without_title`, multi-news against `body`. snippets: P/R/F1 from "
    "must_include / must_exclude totals, matched after whitespace collapse.",
    f"newscrawl: `extract_article(html_bytes, url)` (consensus, the default); newscrawl-fast: "
    f'the same with `mode="fast"`; scored text = {NEWSCRAWL_SCORED_TEXT}.',
    "trafilatura: `trafilatura.extract(html_bytes, url=url)` with default settings. "
    "readability: `readability.Document(text).summary(html_partial=True)` as text, on the "
    "page as newscrawl decodes it.",
    "Halves: `bench.corpora.half_of(host)`, sha1 of the host (ru-news: its `domain`), as "
    "`shared/corpora/README.md` prescribes; the consensus model is trained on the tuning half "
    "only (`python -m bench.train_consensus`). Every rule of our extractor before this split "
    "was tuned on all the pages, so its checking figures still flatter it.",
    "Both get the raw bytes and the URL from MANIFEST.tsv or the page json; ru-news has no "
    "URLs, so both get `http://<domain>/` from its json.",
    "pages/s: time.perf_counter around the extraction call only (no file reading), after 2 "
    "untimed warm-up pages per corpus and system; both systems run one after the other in one "
    "process pinned to one CPU. errors: the extractor raised (scored as empty); empty: no text.",
]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="corpora folder")
    p.add_argument(
        "--corpus",
        action="append",
        choices=corpora.CORPORA,
        help="corpus to run (repeatable; default: all)",
    )
    p.add_argument("--limit", type=int, help="first N pages of each corpus")
    p.add_argument("--system", choices=list(FACTORIES), help="run one system only")
    p.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    p.add_argument("--worst", type=int, default=0, metavar="N", help="N worst newscrawl pages")
    p.add_argument(
        "--dump", type=Path, metavar="DIR", help="write newscrawl predictions to DIR/<corpus>/"
    )
    args = p.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        p.error("--limit must be at least 1")
    if args.dump is not None:
        args.dump = args.dump.resolve()
        # Predictions are third-party text: keep them out of the repository.
        if args.dump == REPO or REPO in args.dump.parents:
            p.error(f"--dump must be outside the repository ({REPO}), e.g. /tmp/bench-dump")
    return args


class Dumper:
    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, page: Page, text: str) -> None:
        folder = self.root / page.corpus
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{page.id}.txt").write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    root: Path = args.corpora.resolve()
    wanted = list(dict.fromkeys(args.corpus or corpora.CORPORA))
    present, absent = corpora.available(root, wanted)
    for name in absent:
        print(f"skipping {name}: no {root / name / 'MANIFEST.tsv'}", file=sys.stderr)
    if not present:
        print(f"no corpus found under {root}", file=sys.stderr)
        return 2

    nproc = available_cpus()
    pinned = pin_to_one_core()
    names = [args.system] if args.system else list(FACTORIES)
    systems = [FACTORIES[n]() for n in names]
    dumper = Dumper(args.dump) if args.dump else None

    started = time.perf_counter()
    runs: dict[str, dict[str, CorpusRun]] = {}
    for corpus in present:
        pages = corpora.load(root, corpus, args.limit)
        runs[corpus] = {}
        for system in systems:
            t0 = time.perf_counter()
            hook = dumper if dumper and system.name == "newscrawl" else None
            runs[corpus][system.name] = run(system, corpus, pages, hook)
            print(
                f"{corpus}: {system.name} on {len(pages)} pages "
                f"({time.perf_counter() - t0:.1f}s wall)",
                file=sys.stderr,
            )
    wall = time.perf_counter() - started

    results = report.Results(runs)
    machine = report.Machine.describe(REPO, nproc, pinned)
    section = report.render(results, machine, NOTES, RERUN, skipped=absent)
    print(section)
    print(f"Total wall time: {wall:.0f}s", file=sys.stderr)

    if args.worst:
        for corpus, by_system in runs.items():
            if "newscrawl" in by_system:
                print(f"\nWorst {args.worst} newscrawl pages on {corpus}:\n")
                print(report.worst_table(by_system["newscrawl"], args.worst))

    # Published figures must come from the whole benchmark; a trimmed run only prints.
    full = (
        args.limit is None
        and not args.system
        and not absent
        and set(present) == set(corpora.CORPORA)
    )
    if args.no_write:
        pass
    elif not full:
        print(
            f"\nnot updating {DOC.relative_to(REPO)}: partial run "
            "(--limit, --corpus, --system or a missing corpus)",
            file=sys.stderr,
        )
    else:
        DOC.parent.mkdir(parents=True, exist_ok=True)
        report.update_doc(DOC, section)
        print(f"\nupdated {DOC.relative_to(REPO)}", file=sys.stderr)
    if args.dump:
        print(f"newscrawl predictions in {args.dump}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
