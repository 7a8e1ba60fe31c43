"""Markdown tables of a benchmark run, machine facts, and the docs/benchmarks.md section."""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.corpora import HALVES, REPO
from bench.run import CorpusRun, total_pages_per_second
from bench.systems import package_version

DOC = REPO / "docs" / "benchmarks.md"
START = "<!-- bench:extraction:start -->"
END = "<!-- bench:extraction:end -->"
DOC_HEADER = (
    "# Benchmarks\n\n"
    "Figures written by the project's benchmark commands. Each section sits between its own\n"
    "markers and is rewritten only by the command that owns it; edit outside the markers.\n"
)

# The goals of consensus extraction (issue 15), judged on the checking half: shingle F1 floors
# per corpus, a margin over the better of the two peers on every corpus, and speed relative to
# trafilatura for the consensus (the default) and for fast mode.
F1_FLOORS: dict[str, float] = {"ru-news": 0.89, "multi-news": 0.95}
PEER_MARGIN = 0.01
SPEED_FLOORS: dict[str, float] = {"newscrawl": 0.5, "newscrawl-fast": 1.0}
OURS, THEIRS = "newscrawl", "trafilatura"
PEERS = ("trafilatura", "readability")
JUDGED = "checking"


def fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _yes(ok: bool | None) -> str:
    return "n/a" if ok is None else ("yes" if ok else "**no**")


def table(header: Sequence[str], rows: Sequence[Sequence[str]], right_from: int = 1) -> str:
    align = ["---" if i < right_from else "---:" for i in range(len(header))]
    lines = [header, align, *rows]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


@dataclass(frozen=True)
class Results:
    """All runs of one invocation, by corpus then system name (insertion order kept)."""

    runs: dict[str, dict[str, CorpusRun]]

    @property
    def systems(self) -> list[str]:
        names: list[str] = []
        for by_system in self.runs.values():
            names += [n for n in by_system if n not in names]
        return names

    def get(self, corpus: str, system: str) -> CorpusRun | None:
        return self.runs.get(corpus, {}).get(system)

    def pages_per_second(self, system: str) -> float | None:
        return total_pages_per_second(
            r for by_system in self.runs.values() for n, r in by_system.items() if n == system
        )


def _ratio(ours: float | None, theirs: float | None) -> float | None:
    return ours / theirs if ours is not None and theirs else None


def main_table(results: Results) -> str:
    systems = results.systems
    both = OURS in systems and THEIRS in systems
    header = ["corpus", "metric", "pages"]
    for s in systems:
        header += [f"{s} P", f"{s} R", f"{s} F1"]
    header += [f"{s} pages/s" for s in systems]
    if both:
        header.append("speed vs trafilatura")
    header.append("errors / empty (" + ", ".join(systems) + ")")
    rows = []
    for corpus, by_system in results.runs.items():
        any_run = next(iter(by_system.values()))
        row = [corpus, any_run.kind, str(len(any_run.outcomes))]
        for s in systems:
            f = by_system[s].figures()
            row += [fmt(f.precision), fmt(f.recall), fmt(f.f1)]
        row += [fmt(by_system[s].pages_per_second, 1) for s in systems]
        if both:
            ratio = _ratio(by_system[OURS].pages_per_second, by_system[THEIRS].pages_per_second)
            row.append(f"{fmt(ratio, 2)}x")
        row.append(", ".join(f"{by_system[s].errors} / {by_system[s].empty}" for s in systems))
        rows.append(row)
    pages = sum(len(next(iter(b.values())).outcomes) for b in results.runs.values())
    total = ["all", "", str(pages)]
    total += ["", "", ""] * len(systems)
    total += [fmt(results.pages_per_second(s), 1) for s in systems]
    if both:
        ratio = _ratio(results.pages_per_second(OURS), results.pages_per_second(THEIRS))
        total.append(f"{fmt(ratio, 2)}x")
    total.append("")
    rows.append(total)
    return table(header, rows, right_from=2)


def halves_table(results: Results) -> str:
    """F1 of every system on each half of each corpus, the checking half first: the figure
    that says how we do on sites nobody tuned for."""
    systems = results.systems
    header = ["corpus", "half", "pages", *systems]
    rows = []
    for corpus, by_system in results.runs.items():
        for half in HALVES:
            found = {s: by_system[s].figures(half=half) for s in systems}
            pages = next(iter(found.values())).pages
            rows.append([corpus, half, str(pages), *(fmt(f.f1) for f in found.values())])
    return table(header, rows, right_from=2)


def _best_peer(results: Results, corpus: str) -> float | None:
    scores = [
        run.figures(half=JUDGED).f1
        for name in PEERS
        if (run := results.get(corpus, name)) is not None
    ]
    known = [f1 for f1 in scores if f1 is not None]
    return max(known) if known else None


def targets_table(results: Results) -> str:
    rows = []
    for corpus in results.runs:
        ours = results.get(corpus, OURS)
        if ours is None:
            continue
        f1, peer = ours.figures(half=JUDGED).f1, _best_peer(results, corpus)
        floor = F1_FLOORS.get(corpus)
        if floor is not None:
            met = None if f1 is None else f1 >= floor
            rows.append([f"{corpus} F1 ≥ {floor:.2f} ({JUDGED} half)", fmt(f1), "", _yes(met)])
        margin = None if f1 is None or peer is None else f1 >= peer + PEER_MARGIN
        rows.append(
            [
                f"{corpus}: ≥ best peer + {PEER_MARGIN} ({JUDGED} half)",
                fmt(f1),
                fmt(peer),
                _yes(margin),
            ]
        )
    theirs = results.pages_per_second(THEIRS)
    for system, floor in SPEED_FLOORS.items():
        ratio = _ratio(results.pages_per_second(system), theirs)
        rows.append(
            [
                f"{system} speed ≥ {floor:.1f}x trafilatura (pages/s, all pages)",
                fmt(results.pages_per_second(system), 1)
                + (f" ({ratio:.2f}x)" if ratio is not None else ""),
                fmt(theirs, 1),
                _yes(None if ratio is None else ratio >= floor),
            ]
        )
    return table(["target", OURS, "best peer / trafilatura", "met"], rows)


def language_table(results: Results, corpus: str = "multi-news") -> str | None:
    by_system = results.runs.get(corpus)
    if not by_system:
        return None
    systems = list(by_system)
    any_run = next(iter(by_system.values()))
    langs: dict[str, int] = {}
    for o in any_run.outcomes:
        langs[o.lang] = langs.get(o.lang, 0) + 1
    header = ["lang", "pages"]
    for s in systems:
        header += [f"{s} P", f"{s} R", f"{s} F1"]
    rows = []
    for lang, count in sorted(langs.items(), key=lambda kv: (-kv[1], kv[0])):
        row = [lang, str(count)]
        for s in systems:
            f = by_system[s].figures(lang)
            row += [fmt(f.precision), fmt(f.recall), fmt(f.f1)]
        rows.append(row)
    return table(header, rows)


def worst_table(run: CorpusRun, n: int) -> str:
    """Page ids and scores only: the pages are third-party text and stay out of any output."""
    if run.kind == "shingles":
        header = ["id", "lang", "P", "R", "error"]
        rows = [
            [o.id, o.lang, fmt(o.precision), fmt(o.recall), o.error or ""] for o in run.worst(n)
        ]
    else:
        header = ["id", "lang", "P", "R", "includes missed", "excludes kept", "error"]
        rows = [
            [
                o.id,
                o.lang,
                fmt(o.precision),
                fmt(o.recall),
                str(o.snippets.fn if o.snippets else ""),
                str(o.snippets.fp if o.snippets else ""),
                o.error or "",
            ]
            for o in run.worst(n)
        ]
    return table(header, rows, right_from=2)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _commit(repo: Path) -> str:
    # rev-parse only reads; it never touches the index or the working tree.
    try:
        out = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


@dataclass(frozen=True)
class Machine:
    date: str
    nproc: int
    cpu: str
    pinned_cpu: int | None
    python: str
    versions: dict[str, str]
    commit: str

    @classmethod
    def describe(cls, repo: Path, nproc: int, pinned_cpu: int | None) -> Machine:
        return cls(
            # The format of `date -u`, so the docs read like the shell would print it.
            date=datetime.now(UTC).strftime("%a %b %d %H:%M:%S UTC %Y"),
            nproc=nproc,
            cpu=_cpu_model(),
            pinned_cpu=pinned_cpu,
            python=platform.python_version(),
            versions={
                name: package_version(name)
                for name in ("scrapy", "trafilatura", "readability-lxml", "newscrawl", "lxml")
            },
            commit=_commit(repo),
        )

    def lines(self) -> list[str]:
        pin = f"pinned to CPU {self.pinned_cpu}" if self.pinned_cpu is not None else "not pinned"
        libs = ", ".join(f"{k} {v}" for k, v in self.versions.items())
        return [
            f"- Date: {self.date}",
            f"- Machine: {self.cpu}, nproc {self.nproc}; the run is {pin} (one-core figures)",
            f"- Python {self.python}; {libs}",
            f"- Code: commit {self.commit} plus any uncommitted changes in the working tree",
        ]


def render(
    results: Results,
    machine: Machine,
    notes: Sequence[str],
    command: str,
    skipped: Sequence[str] = (),
) -> str:
    parts = [
        "## Extraction: newscrawl (consensus and fast) vs trafilatura and readability-lxml",
        "",
        *machine.lines(),
        f"- Rerun: `{command}`",
        "",
        "Shingle F1 (snippets: snippet F1) by half, the checking half first. The halves split",
        "each corpus by site (sha1 of the host); rules and the consensus model are read and",
        "trained on the tuning half only:",
        "",
        halves_table(results),
        "",
        "All pages:",
        "",
        main_table(results),
        "",
        "Targets:",
        "",
        targets_table(results),
    ]
    langs = language_table(results)
    if langs:
        parts += ["", "multi-news by language (shingle P / R / F1):", "", langs]
    if skipped:
        parts += ["", "Skipped (corpus folder absent): " + ", ".join(skipped) + "."]
    parts += ["", "How it is measured:", "", *[f"- {n}" for n in notes]]
    return "\n".join(parts) + "\n"


def update_doc(path: Path, section: str, start: str = START, end: str = END) -> None:
    """Replace only what lies between the markers; other benchmarks own the rest of the file."""
    block = f"{start}\n{section}{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else DOC_HEADER
    first, last = text.find(start), text.find(end)
    if first == -1 and last == -1:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    elif first == -1 or last == -1 or last < first:
        raise ValueError(f"{path}: unbalanced {start} / {end} markers; fix them by hand")
    else:
        text = text[:first] + block + text[last + len(end) :]
    tmp = path.with_suffix(path.suffix + f".tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
