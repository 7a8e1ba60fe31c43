"""The scoring rules of `shared/corpora/README.md`, as pure functions.

Full-body truth: 4-token shingles over `\\w+` tokens, compared as multisets, per-page
precision/recall averaged over pages, F1 of the two means. Snippets: substring checks after
whitespace collapse, precision/recall/F1 from totals over all pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+")

Shingle = tuple[str, ...]


def _f1(p: float, r: float) -> float:
    """Harmonic mean of precision and recall; 0 when both are 0."""
    return 2 * p * r / (p + r) if p + r else 0.0


def tokens(text: str) -> list[str]:
    """Every `\\w+` match, case kept (str patterns are Unicode-aware by default)."""
    return _TOKEN.findall(text)


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[Shingle]:
    """All runs of `size` consecutive tokens, with multiplicity.

    A text shorter than `size` (but not empty) is one shorter shingle, so that a 1-3 word
    prediction can still match a 1-3 word truth; an empty text has none.
    """
    words = tokens(text)
    if not words:
        return Counter()
    if len(words) < size:
        return Counter([tuple(words)])
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


@dataclass(frozen=True)
class Match:
    """Shingle counts of one page, normalised by TP+FP+FN so every page weighs the same."""

    tp: float
    fp: float
    fn: float

    def _ratio(self, missed: float) -> float:
        """tp / (tp + missed): 1 when nothing was wrong (fp = fn = 0), 0 when tp + missed = 0."""
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + missed) if self.tp + missed else 0.0

    @property
    def precision(self) -> float:
        return self._ratio(self.fp)

    @property
    def recall(self) -> float:
        return self._ratio(self.fn)

    @property
    def counts_for_precision(self) -> bool:
        """False for an empty prediction: it says nothing about what a system adds."""
        return self.tp + self.fp > 0

    @property
    def counts_for_recall(self) -> bool:
        """False for an empty truth: there is nothing to recall."""
        return self.tp + self.fn > 0

    @property
    def f1(self) -> float:
        """Per-page F1, only to rank pages (corpus F1 is the F1 of the means, not a mean)."""
        return _f1(self.precision, self.recall)


def match(truth: str, predicted: str) -> Match:
    expected, got = shingles(truth), shingles(predicted)
    tp = sum((expected & got).values())
    fp = sum(got.values()) - tp
    fn = sum(expected.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return Match(0.0, 0.0, 0.0)
    return Match(tp / total, fp / total, fn / total)


@dataclass(frozen=True)
class Scores:
    """Corpus-level figures; a mean is None when no page counts for it."""

    pages: int
    precision: float | None
    recall: float | None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return None if p is None or r is None else _f1(p, r)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def aggregate(matches: Sequence[Match]) -> Scores:
    return Scores(
        pages=len(matches),
        precision=_mean([m.precision for m in matches if m.counts_for_precision]),
        recall=_mean([m.recall for m in matches if m.counts_for_recall]),
    )


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class SnippetCounts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def __add__(self, other: SnippetCounts) -> SnippetCounts:
        return SnippetCounts(
            self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.tn + other.tn
        )

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return None if p is None or r is None else _f1(p, r)

    @property
    def errors(self) -> int:
        return self.fp + self.fn


def snippet_counts(
    predicted: str, must_include: Iterable[str], must_exclude: Iterable[str]
) -> SnippetCounts:
    # Both sides are collapsed: truth snippets were cut from rendered text, predictions keep
    # paragraph breaks, and neither should decide a match.
    text = collapse_whitespace(predicted)
    found_in = [collapse_whitespace(s) in text for s in must_include]
    found_out = [collapse_whitespace(s) in text for s in must_exclude]
    return SnippetCounts(
        tp=sum(found_in),
        fn=len(found_in) - sum(found_in),
        fp=sum(found_out),
        tn=len(found_out) - sum(found_out),
    )


def total(counts: Iterable[SnippetCounts]) -> SnippetCounts:
    result = SnippetCounts()
    for c in counts:
        result = result + c
    return result
