"""A site's own template, learned from repetition across its pages.

Every site prints some strings on all of its articles that no phrase list knows: a podcast
promo, "<site name> recommends: <headline>", a subscription pitch in the article container.
A crawl sees many pages of a site, so it can tell them by repetition: a paragraph that
stands on a large share of a site's pages, at the same place (near the top, near the end, or
between), is template (reason `site_template`). A paragraph
that a handful of articles share (a standard background paragraph on the same story) is
below that share and stays article text.

Paragraphs are remembered as short hashes, never as text, of two kinds: the whole paragraph
(digits folded in a short line, so "12 comments" and "3 comments" are one; a longer
paragraph's figures are its news), and, for a labelled line
("<site> recommends: <headline>"), the label before the colon.

Memory per site stays small however long the crawl, by lossy counting (Manku and Motwani,
2002): every WINDOW pages, a hash goes if it stood on fewer than one page in WINDOW since it
was first seen. An article's own paragraphs (nearly every hash) go within a window of their
page; a template string, on SHARE or more of the pages, is never dropped, so its count is
exact from its first page. (Counting every hash until a 20,000-key cap held 1.8 MB a site
after about 670 of its pages: 1.8 GB for a crawl of 1,000 sites; now about 0.15 MB a site.)

`TemplateMemory` is plain data (JSON-able), kept by a job's store between runs; `Warmup`
holds a new site's first articles until the memory has seen enough of its pages.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Generic, TypeVar

from newscrawl.extract.text import fold

# The memory judges a site only after this many of its pages; then a paragraph on at least
# SHARE of them is template.
MIN_PAGES = 10
SHARE = 0.4
# A paragraph's place: among the first or last this many of its page, or between them.
PLACE_EDGE = 3
# Every this many pages of a site, the hashes seen on fewer than one page in this many since
# they were first seen are dropped (lossy counting's bucket width: 1 / WINDOW is far below
# SHARE, so no template string is ever dropped once it has repeated).
WINDOW = MIN_PAGES
# A hard cap on a site's hashes, for a site whose pages each print thousands of paragraphs.
MAX_KEYS = 20_000
# A label is the text before a colon this close to the start, with something after it.
_LABEL = re.compile(r"^([^:：]{2,60})[:：]\s*\S")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"\w+")
# A labelled line ("<site> recommends: <headline>") is at most this long.
LABELLED_MAX_WORDS = 25
# A line with a count in it ("12 comments") is at most this long.
COUNTED_MAX_WORDS = 12
# What is stored says how it was made; an older making is learned again.
FORMAT = 4
# A paragraph's place, in the two low bits of its key.
TOP, MID, END = 0, 1, 2


def _hash(kind: str, text: str) -> int:
    # 56 bits, room for the place in two more: a key is a small int (32 bytes), not a string.
    digest = hashlib.blake2b(text.encode(), digest_size=7, person=kind.encode()).digest()
    return int.from_bytes(digest) << 2


@lru_cache(maxsize=8192)
def fingerprints(text: str) -> frozenset[int]:
    """The keys a paragraph is remembered by: its whole text, and, for a line short enough to
    be one, its label. (A story's opening "ASTANA: ..." or an interview's "Question: ..."
    is a paragraph, not a labelled line: its dateline says nothing of the template.)"""
    exact = fold(text)
    folded = _DIGITS.sub("0", exact)
    # Only a line this short is counted as one whatever its figures ("12 comments", "Views:
    # 1 204"); a longer paragraph's figures are its news (the day's market close, a
    # company's head count) and it repeats only word for word.
    counted = len(_WORD.findall(folded)) <= COUNTED_MAX_WORDS
    keys = {_hash("p", folded if counted else exact)}
    label = _LABEL.match(folded)
    if label and len(_WORD.findall(folded)) <= LABELLED_MAX_WORDS:
        keys.add(_hash("l", label.group(1).strip()))
    # Cached: a page's paragraphs are fingerprinted to learn them and again to split them.
    return frozenset(keys)


def places(count: int) -> list[int]:
    """Where each of `count` paragraphs stands: among the first PLACE_EDGE (TOP), the last
    PLACE_EDGE (END), or between (MID). A template string keeps its place on every page (a
    promo before the last paragraph, a recommendation after the second); a quote a story
    series repeats wanders."""
    return [
        TOP if i < PLACE_EDGE else END if count - i <= PLACE_EDGE else MID for i in range(count)
    ]


def _placed_keys(paragraphs: Sequence[str]) -> Iterator[tuple[int, int]]:
    """(paragraph index, key at its place) for every key of every paragraph."""
    for i, place in enumerate(places(len(paragraphs))):
        for key in fingerprints(paragraphs[i]):
            yield i, key | place


@dataclass
class SiteTemplate:
    pages: int = 0
    # key -> pages it stood on since it was first seen
    counts: dict[int, int] = field(default_factory=dict)
    # key -> the window before the one it was first seen in (lossy counting's delta): the
    # most pages it may have stood on before, uncounted
    missed: dict[int, int] = field(default_factory=dict)

    def learn(self, paragraphs: Sequence[str]) -> None:
        """One more page of the site: each of its keys, at its place, counts once."""
        self.pages += 1
        window = -(-self.pages // WINDOW)  # this page's window, counted from 1
        for key in {key for _, key in _placed_keys(paragraphs)}:
            if key in self.counts:
                self.counts[key] += 1
            else:
                self.counts[key], self.missed[key] = 1, window - 1
        if self.pages % WINDOW == 0:
            self._forget_rare(window)
        if len(self.counts) > MAX_KEYS:
            self._keep_most_repeated(MAX_KEYS // 2)

    def _forget_rare(self, window: int) -> None:
        """Drops the keys seen on fewer than one page a window since they were first seen."""
        rare = [key for key, n in self.counts.items() if n + self.missed[key] <= window]
        for key in rare:
            del self.counts[key], self.missed[key]

    def _keep_most_repeated(self, keep: int) -> None:
        kept = sorted(self.counts, key=self.counts.__getitem__, reverse=True)[:keep]
        self.counts = {key: self.counts[key] for key in kept}
        self.missed = {key: self.missed[key] for key in kept}

    def flags(self, paragraphs: Sequence[str]) -> list[bool]:
        """For each paragraph of a page: whether it is the site's template."""
        flagged = [False] * len(paragraphs)
        if self.pages < MIN_PAGES:
            return flagged
        enough = SHARE * self.pages
        for i, key in _placed_keys(paragraphs):
            flagged[i] = flagged[i] or self.counts.get(key, 0) >= enough
        return flagged

    def to_json(self) -> dict[str, Any]:
        # JSON keys are strings: each key is stored with its two numbers instead.
        keys = [[key, n, self.missed[key]] for key, n in self.counts.items()]
        return {"format": FORMAT, "pages": self.pages, "keys": keys}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SiteTemplate:
        keys = data["keys"]
        return cls(
            int(data["pages"]),
            {int(key): int(n) for key, n, _ in keys},
            {int(key): int(missed) for key, _, missed in keys},
        )


@dataclass
class TemplateMemory:
    """What was learned of each site's template (site key -> SiteTemplate)."""

    sites: dict[str, SiteTemplate] = field(default_factory=dict)

    def site(self, name: str) -> SiteTemplate:
        return self.sites.setdefault(name, SiteTemplate())

    def learn(self, site: str, paragraphs: Sequence[str]) -> None:
        # (No set of pages learned: it would grow with the crawl. The scheduler's duplicate
        # filter already keeps a page from being parsed twice in a run.)
        self.site(site).learn(paragraphs)

    def flags(self, site: str, paragraphs: Sequence[str]) -> list[bool]:
        known = self.sites.get(site)
        return known.flags(paragraphs) if known else [False] * len(paragraphs)

    def to_json(self, site: str) -> dict[str, Any]:
        return self.site(site).to_json()

    def load(self, site: str, data: dict[str, Any]) -> None:
        """A site's template as a job stored it; one stored in another format is ignored, so
        the site is learned again with a warm-up."""
        if data.get("format") == FORMAT:
            self.sites[site] = SiteTemplate.from_json(data)


T = TypeVar("T")


@dataclass
class Warmup(Generic[T]):
    """Holds each site's first articles until its template memory has seen `pages` of its
    pages (NEWSCRAWL_TEMPLATE_WARMUP; or the caller says no more are coming), then lets them
    go in arrival order."""

    memory: TemplateMemory
    pages: int
    held: dict[str, list[T]] = field(default_factory=dict)
    # Sites whose warm-up ended (the crawl ran dry once): not held again this run.
    _done: set[str] = field(default_factory=set, init=False, repr=False)

    def warming(self, site: str) -> bool:
        return self.memory.site(site).pages < self.pages and site not in self._done

    def offer(self, site: str, thing: T) -> list[T]:
        """What may go on now: nothing while the site warms up; then all it held, and this."""
        if self.warming(site):
            self.held.setdefault(site, []).append(thing)
            return []
        self._done.add(site)
        return [*self.held.pop(site, []), thing]

    def release(self) -> list[T]:
        """Everything held, for a crawl or a folder with no more pages of these sites."""
        out = [thing for things in self.held.values() for thing in things]
        self._done |= set(self.held)
        self.held.clear()
        return out
