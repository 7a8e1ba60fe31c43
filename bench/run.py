"""Running one system over one corpus: timing, error capture and per-page scoring."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from bench import scoring
from bench.corpora import KIND, Kind, Page
from bench.systems import System

# Untimed calls before the timed pass: first calls pay for imports, regex compilation and
# lazily built tables, which a long crawl pays once.
WARMUP_PAGES = 2

OnPrediction = Callable[[Page, str], None]


@dataclass(frozen=True)
class PageOutcome:
    id: str
    lang: str
    half: str
    seconds: float
    error: str | None
    empty: bool
    match: scoring.Match | None = None
    snippets: scoring.SnippetCounts | None = None

    @property
    def precision(self) -> float | None:
        if self.match is not None:
            return self.match.precision
        return self.snippets.precision if self.snippets is not None else None

    @property
    def recall(self) -> float | None:
        if self.match is not None:
            return self.match.recall
        return self.snippets.recall if self.snippets is not None else None


@dataclass(frozen=True)
class Figures:
    pages: int
    precision: float | None
    recall: float | None
    f1: float | None


def figures(kind: Kind, outcomes: Sequence[PageOutcome]) -> Figures:
    if kind == "shingles":
        s = scoring.aggregate([o.match for o in outcomes if o.match is not None])
        return Figures(s.pages, s.precision, s.recall, s.f1)
    t = scoring.total(o.snippets for o in outcomes if o.snippets is not None)
    return Figures(len(outcomes), t.precision, t.recall, t.f1)


@dataclass(frozen=True)
class CorpusRun:
    corpus: str
    outcomes: tuple[PageOutcome, ...]

    @property
    def kind(self) -> Kind:
        return KIND[self.corpus]

    @property
    def seconds(self) -> float:
        return sum(o.seconds for o in self.outcomes)

    @property
    def pages_per_second(self) -> float | None:
        return len(self.outcomes) / self.seconds if self.seconds else None

    @property
    def errors(self) -> int:
        return sum(o.error is not None for o in self.outcomes)

    @property
    def empty(self) -> int:
        return sum(o.empty for o in self.outcomes)

    def figures(self, lang: str | None = None, half: str | None = None) -> Figures:
        chosen = [
            o
            for o in self.outcomes
            if (lang is None or o.lang == lang) and (half is None or o.half == half)
        ]
        return figures(self.kind, chosen)

    def worst(self, n: int) -> list[PageOutcome]:
        if self.kind == "shingles":
            return sorted(self.outcomes, key=lambda o: (o.match.f1 if o.match else 0.0, o.id))[:n]
        return sorted(
            self.outcomes,
            key=lambda o: (-(o.snippets.errors if o.snippets else 0), o.id),
        )[:n]


def score(page: Page, text: str) -> tuple[scoring.Match | None, scoring.SnippetCounts | None]:
    if KIND[page.corpus] == "shingles":
        return scoring.match(page.truth, text), None
    return None, scoring.snippet_counts(text, page.must_include, page.must_exclude)


def _call(system: System, html: bytes, url: str | None) -> tuple[str, float, str | None]:
    start = time.perf_counter()
    try:
        text = system.extract(html, url)
        error = None
    except Exception as exc:  # a crash is scored as an empty prediction, not a dead run
        text, error = "", f"{type(exc).__name__}: {exc}"
    return text, time.perf_counter() - start, error


def run(
    system: System,
    corpus: str,
    pages: Sequence[Page],
    on_prediction: OnPrediction | None = None,
) -> CorpusRun:
    for page in pages[:WARMUP_PAGES]:
        _call(system, page.read_html(), page.url)
    # Garbage left by the previous system should not be collected on this one's clock.
    gc.collect()
    outcomes = []
    for page in pages:
        html = page.read_html()  # outside the clock: only extraction is timed
        text, seconds, error = _call(system, html, page.url)
        if on_prediction is not None:
            on_prediction(page, text)
        match, snippets = score(page, text)
        outcomes.append(
            PageOutcome(
                id=page.id,
                lang=page.lang,
                half=page.half,
                seconds=seconds,
                error=error,
                empty=not text.strip(),
                match=match,
                snippets=snippets,
            )
        )
    return CorpusRun(corpus, tuple(outcomes))


def available_cpus() -> int:
    """CPUs this process may run on (ask before pin_to_one_core)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def pin_to_one_core() -> int | None:
    """Pin this process to one CPU so throughput is a one-core figure; the CPU, or None."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def total_pages_per_second(runs: Iterable[CorpusRun]) -> float | None:
    runs = list(runs)
    seconds = sum(r.seconds for r in runs)
    return sum(len(r.outcomes) for r in runs) / seconds if seconds else None
