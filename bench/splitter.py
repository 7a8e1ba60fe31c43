"""`python -m bench.splitter`: the mixed-language boilerplate splitter and language labels.

1. Injection: into the article container of every ru-news and multi-news page (the element
   holding most of the truth's paragraphs), insert the blocks news templates leak — an inline
   "read also" line with a headline (linked or not) after the second paragraph, and a "related
   news" heading with a list of linked headlines in the middle or after the last paragraph —
   in a language chosen so that it usually differs from the page's. Then: how much of the
   injected text leaks into the body, and how much the page's F1 changes. The marker phrases
   and headlines are bench.injection's own lists, with spellings the marker data files lack.
   Phrase families (a marker category in one language: the inline lines are read_also, the
   headings related_news) are split by a hash of "category:language" into tuning and
   checking families. Checking: only checking-family phrases are injected, and the splitter
   runs with those families' phrases withheld from its marker lists (`markers.without`), so
   every phrasing is one it was never given. Tuning: tuning-family phrases, lists as shipped.
   Both in fast mode (the splitter sees every block of the article area the body finder
   chose) and in consensus mode (the default, where the other extractors' vote comes first).
2. Language labels: paragraphs of ≥ 20 words in en/ru/kk/uk (tests/fixtures/language/, written
   for the project) labelled one by one.
3. Cost: the split and language steps' share of extract_article's time per page.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from bench import corpora, report, scoring
from bench.corpora import DEFAULT_CORPORA, HALVES, REPO, Page
from bench.injection import (
    FAMILIES,
    INJECTION_MODES,
    Injections,
    injection_lines,
    run_injection,
    still_known,
)
from bench.report import DOC
from bench.run import available_cpus, pin_to_one_core
from newscrawl import page_draft, steps
from newscrawl.extract.boilerplate import markers
from newscrawl.extract.language import detect

LANGUAGE_SETS = REPO / "tests" / "fixtures" / "language"
START, END = "<!-- bench:splitter:start -->", "<!-- bench:splitter:end -->"


def language_accuracy() -> dict[str, tuple[int, int, Counter[str]]]:
    """language -> (correct, total, wrong labels)."""
    results = {}
    for path in sorted(LANGUAGE_SETS.glob("*.txt")):
        expected = path.stem
        lines = [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if len(scoring.tokens(line)) >= 20
        ]
        wrong: Counter[str] = Counter()
        for line in lines:
            found = detect(line)[0]
            if found != expected:
                wrong[str(found)] += 1
        results[expected] = (len(lines) - sum(wrong.values()), len(lines), wrong)
    return results


def step_costs(pages: Sequence[Page]) -> tuple[float, float, float]:
    """Seconds spent (all steps, split step, language step) over the pages.

    All steps: what extract_article runs, from page_draft through steps.STEPS to to_item.
    """
    total = split = language = 0.0
    for page in pages:
        raw = page.read_html()
        t0 = time.perf_counter()
        draft = page_draft(raw, page.url or "http://example.com/")
        for step in steps.STEPS:
            start = time.perf_counter()
            draft = step(draft)
            spent = time.perf_counter() - start
            if step is steps.split_boilerplate:
                split += spent
            elif step is steps.detect_language:
                language += spent
        steps.to_item(draft)
        total += time.perf_counter() - t0
    return total, split, language


def render(
    injections: Injections,
    still: list[tuple[str, markers.Marker]],
    accuracy: dict[str, tuple[int, int, Counter[str]]],
    costs: tuple[float, float, float],
    pages: int,
    machine: report.Machine,
) -> str:
    acc_rows = []
    for lang, (correct, count, wrong) in accuracy.items():
        share = correct / count * 100 if count else None
        errors = ", ".join(f"{k}×{v}" for k, v in wrong.most_common()) or "—"
        acc_rows.append([lang, str(count), str(correct), report.fmt(share, 1) + " %", errors])
    total, split, language = costs
    return "\n".join(
        [
            "## Mixed-language boilerplate and language labels",
            "",
            *machine.lines(),
            "- Rerun: `make bench  # or: .venv/bin/python -m bench.splitter`",
            "",
            *injection_lines(injections, still),
            "",
            "Language labels, paragraphs of ≥ 20 words (tests/fixtures/language/, target ≥ 99 %):",
            "",
            report.table(
                ["language", "paragraphs", "correct", "accuracy", "mistaken for"], acc_rows
            ),
            "",
            f"Cost over {pages} corpus pages: the split step takes {split / total * 100:.1f} % and "
            f"the language step {language / total * 100:.1f} % of extract_article's time "
            f"({(split + language) / total * 100:.1f} % together; target ≤ 20 %).",
            "",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.splitter", description=__doc__)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    nproc = available_cpus()
    pinned = pin_to_one_core()  # before any timing: the cost shares are one-core figures
    root = args.corpora.resolve()
    present, absent = corpora.available(root, ["ru-news", "multi-news"])
    for name in absent:
        print(f"skipping {name}: not under {root}", file=sys.stderr)
    pages = [p for name in present for p in corpora.load(root, name)]
    unlisted = set(FAMILIES) - markers.families()
    if unlisted:  # withholding them would withhold nothing: the checking figure would lie
        parser.error(f"no marker file lists {sorted(unlisted)}")
    injections = {
        (half, mode): run_injection(pages, half, mode)
        for half in HALVES
        for mode in INJECTION_MODES
    }
    accuracy = language_accuracy()
    costs = step_costs(pages)
    machine = report.Machine.describe(REPO, nproc, pinned)
    section = render(injections, still_known("checking"), accuracy, costs, len(pages), machine)
    print(section)
    if not args.no_write and not absent:
        report.update_doc(DOC, section, START, END)
        print(f"updated {DOC.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
