"""Marker phrases: what templates print before the text that is not the article ("Читайте
также", "Share this", "Комментарии"), in every language we ship.

Marker phrases live in `data/markers/<language>.txt` so that a contributor extends them
without touching code. A phrase's category decides how much text it takes with it:

- heading categories (read_also, related_news): the marker, and the run of linked headlines
  (and their time stamps) right after it;
- end_of_article: the marker and everything after it;
- line categories (share, subscribe, advertising, credit, source, copyright): the one short
  line that starts with the marker.

A family is a category in one language (`("read_also", "ru")`). `without` withholds families
for a while, to measure how the splitter does on phrasings nobody listed (bench.splitter).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources

import newscrawl.extract.boilerplate.lines as lines
from newscrawl.extract.blocks import Block
from newscrawl.extract.boilerplate.shape import (
    LINE_MAX_WORDS,
    LINKED,
    WORD,
    ends_sentence,
)
from newscrawl.extract.text import fold

HEADING_CATEGORIES = frozenset({"read_also", "related_news"})
END_CATEGORIES = frozenset({"end_of_article"})
LINE_CATEGORIES = frozenset({"share", "subscribe", "advertising", "credit", "source", "copyright"})
CATEGORIES = HEADING_CATEGORIES | END_CATEGORIES | LINE_CATEGORIES

Family = tuple[str, str]  # (category, language)

# An end-of-article marker heading a line this short is that section's title ("Комментарии
# нашего читателя: гость").
_END_MAX_WORDS = 6
# Words a section title may add after a heading marker ("Most read" + "in Football").
_TITLE_TAIL_WORDS = 3
# "Читайте также по теме: ..." — a few more words, then the colon.
_WORDS_BEFORE_COLON = 3
_SEPARATORS = (":", "-", "—", "–", "|")
# Enough of a block to read its first word.
_OPENING_CHARS = 200


@dataclass(frozen=True)
class Marker:
    phrase: str
    category: str
    language: str
    words: int


@dataclass(frozen=True)
class MarkerMatch:
    marker: Marker
    exact: bool  # the block is the marker and nothing else


# Found by their shape, not by a phrase: the article is over, in any language.
_TYPO_NOTICE_MARKER = Marker("ctrl+enter", "end_of_article", "", 1)
_NOTICE_MARKER = Marker("end notice", "end_of_article", "", 2)  # a paywall or a post footer


def _parse_markers(language: str, text: str) -> list[Marker]:
    markers = []
    category = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            category = line[1:-1]
            if category not in CATEGORIES:
                raise ValueError(f"markers/{language}.txt: unknown category [{category}]")
            continue
        if category is None:
            raise ValueError(f"markers/{language}.txt: phrase {line!r} before any [category]")
        phrase = fold(line)
        markers.append(Marker(phrase, category, language, len(WORD.findall(phrase))))
    return markers


@cache
def _shipped() -> tuple[Marker, ...]:
    """Every marker of every language file, longest phrase first so it wins a tie."""
    folder = resources.files("newscrawl.extract") / "data" / "markers"
    markers: list[Marker] = []
    for entry in folder.iterdir():
        if entry.name.endswith(".txt"):
            markers.extend(_parse_markers(entry.name[:-4], entry.read_text(encoding="utf-8")))
    return tuple(sorted(markers, key=lambda m: (-len(m.phrase), m.language, m.phrase)))


# The families `without` withholds right now.
_withheld: frozenset[Family] = frozenset()


@cache
def load_markers() -> tuple[Marker, ...]:
    """The markers in use, longest phrase first so it wins a tie: every marker of every
    language file, less the phrases of the families `without` withholds."""
    shipped = _shipped()
    gone = {m.phrase for m in shipped if (m.category, m.language) in _withheld}
    return tuple(m for m in shipped if m.phrase not in gone)


def families() -> frozenset[Family]:
    """Every (category, language) the marker files hold a phrase for."""
    return frozenset((m.category, m.language) for m in _shipped())


@contextmanager
def without(withheld: Iterable[Family]) -> Iterator[None]:
    """Match as if the marker files lacked these families' phrases: each of their phrases
    goes, from whichever family lists it too, so that a withheld phrasing is unknown and
    not merely filed under another language. Not thread-safe: for benchmarks and tests."""
    global _withheld
    adding = frozenset(withheld)
    unknown = {category for category, _ in adding} - CATEGORIES
    if unknown:
        raise ValueError(f"unknown marker categories: {sorted(unknown)}")
    previous = _withheld
    _withheld = previous | adding
    _forget_markers_in_use()
    try:
        yield
    finally:
        _withheld = previous
        _forget_markers_in_use()


def _forget_markers_in_use() -> None:
    # Both caches hold what `_withheld` allowed when they were filled.
    load_markers.cache_clear()
    _markers_by_first_word.cache_clear()


@cache
def _markers_by_first_word() -> dict[str, tuple[Marker, ...]]:
    index: dict[str, list[Marker]] = {}
    for marker in load_markers():
        first = WORD.findall(marker.phrase)
        if first:
            index.setdefault(first[0], []).append(marker)
    return {key: tuple(value) for key, value in index.items()}


def match_marker(block: Block) -> MarkerMatch | None:
    """The marker this block starts with, if its shape fits the marker's category.

    A "found a typo? press Ctrl+Enter" notice, a paywall notice and a blog engine's post
    footer are end-of-article markers in any language.
    """
    if lines.is_typo_notice(block.text):
        return MarkerMatch(_TYPO_NOTICE_MARKER, exact=False)
    if lines.is_closing_notice(block.text):
        return MarkerMatch(_NOTICE_MARKER, exact=False)
    # Most blocks start with no marker's first word: tell from the opening alone before
    # folding the whole block (folding long paragraphs was most of the splitter's time).
    opening = WORD.search(fold(block.text[:_OPENING_CHARS]))
    candidates = _markers_by_first_word().get(opening.group(), ()) if opening else ()
    if not candidates:
        return None
    folded = fold(block.text)
    words = len(WORD.findall(folded))
    for marker in candidates:
        if folded.startswith(marker.phrase) and (found := _fit(marker, block, folded, words)):
            return found
    return None


def _fit(marker: Marker, block: Block, folded: str, words: int) -> MarkerMatch | None:
    """The match when the block, which starts with the marker's phrase, has the shape of
    the marker's category."""
    rest = folded[len(marker.phrase) :]
    if not rest:
        return MarkerMatch(marker, exact=True)
    if rest[0].isalnum():  # "share" must not match "shares"
        return None
    head = rest.split(":", 1)
    separated = rest.lstrip()[:1] in _SEPARATORS or (
        len(head) == 2 and len(WORD.findall(head[0])) <= _WORDS_BEFORE_COLON
    )
    if marker.category in HEADING_CATEGORIES:
        return _fit_heading(marker, block, words, separated)
    if marker.category in LINE_CATEGORIES:
        short = words <= LINE_MAX_WORDS
        if short and (separated or marker.words > 1 or marker.phrase.endswith(":")):
            return MarkerMatch(marker, exact=False)
        return None
    if (separated and words <= LINE_MAX_WORDS) or words <= _END_MAX_WORDS:
        return MarkerMatch(marker, exact=False)
    return None


def _fit_heading(marker: Marker, block: Block, words: int, separated: bool) -> MarkerMatch | None:
    if separated or block.link_density >= LINKED:
        return MarkerMatch(marker, exact=False)
    # "Most read in Football", "More from The Nation": a section title naming the section or
    # the site. (One-word markers such as "popular" would take subheadings.)
    if (
        marker.words > 1
        and words - marker.words <= _TITLE_TAIL_WORDS
        and not ends_sentence(block.text)
    ):
        return MarkerMatch(marker, exact=True)
    return None
