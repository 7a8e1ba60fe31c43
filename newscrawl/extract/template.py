"""A site's own template, learned from repetition across its pages.

Every site prints some strings on all of its articles that no phrase list knows: a podcast
promo, "<site name> recommends: <headline>", a subscription pitch in the article container.
A crawl sees many pages of a site, so it can tell them by repetition: a paragraph that
stands on a large share of a site's pages, at the same place (near the top, near the end, or
between), is template (reason `site_template`). A paragraph
that a handful of articles share (a standard background paragraph on the same story) is
below that share and stays article text.

Paragraphs are remembered as short hashes, never as text, of two kinds: the whole paragraph
(digits folded, so "12 comments" and "3 comments" are one), and, for a labelled line
("<site> recommends: <headline>"), the label before the colon. Memory per site is bounded:
hashes seen on one page only are dropped first when it fills.

`TemplateMemory` is plain data (JSON-able), kept by a job's store between runs; `Warmup`
holds a new site's first articles until the memory has seen enough of its pages.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
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
# Hashes kept per site before those seen on a single page are dropped.
MAX_KEYS = 20_000
# A label is the text before a colon this close to the start, with something after it.
_LABEL = re.compile(r"^([^:：]{2,60})[:：]\s*\S")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"\w+")
# A labelled line ("<site> recommends: <headline>") is at most this long.
LABELLED_MAX_WORDS = 25
# What is stored says how it was made; an older making is learned again.
FORMAT = 2


def _hash(kind: str, text: str) -> str:
    return kind + hashlib.sha1(text.encode()).hexdigest()[:16]


@lru_cache(maxsize=8192)
def fingerprints(text: str) -> frozenset[str]:
    """The keys a paragraph is remembered by: its whole text, and, for a line short enough to
    be one, its label. (A story's opening "ASTANA: ..." or an interview's "Question: ..."
    is a paragraph, not a labelled line: its dateline says nothing of the template.)"""
    folded = _DIGITS.sub("0", fold(text))
    keys = {_hash("p", folded)}
    label = _LABEL.match(folded)
    if label and len(_WORD.findall(folded)) <= LABELLED_MAX_WORDS:
        keys.add(_hash("l", label.group(1).strip()))
    # Cached: a page's paragraphs are fingerprinted to learn them and again to split them.
    return frozenset(keys)


def places(count: int) -> list[str]:
    """Where each of `count` paragraphs stands: among the first PLACE_EDGE, the last
    PLACE_EDGE, or between. A template string keeps its place on every page (a promo before
    the last paragraph, a recommendation after the second); a quote a story series repeats
    wanders."""
    return [
        "top" if i < PLACE_EDGE else "end" if count - i <= PLACE_EDGE else "mid"
        for i in range(count)
    ]


@dataclass
class SiteTemplate:
    pages: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def learn(self, paragraphs: Sequence[str]) -> None:
        """One more page of the site: each of its keys, at its place, counts once."""
        self.pages += 1
        keys = {
            f"{place}:{key}"
            for text, place in zip(paragraphs, places(len(paragraphs)), strict=True)
            for key in fingerprints(text)
        }
        for key in keys:
            self.counts[key] = self.counts.get(key, 0) + 1
        if len(self.counts) > MAX_KEYS:
            # Down to half, the most repeated first: the template's keys stay, and the next
            # prune is MAX_KEYS / 2 pages away rather than one.
            kept = sorted(self.counts.items(), key=lambda item: -item[1])[: MAX_KEYS // 2]
            self.counts = dict(kept)

    def flags(self, paragraphs: Sequence[str]) -> list[bool]:
        """For each paragraph of a page: whether it is the site's template."""
        if self.pages < MIN_PAGES:
            return [False] * len(paragraphs)
        enough = SHARE * self.pages
        return [
            any(self.counts.get(f"{place}:{key}", 0) >= enough for key in fingerprints(text))
            for text, place in zip(paragraphs, places(len(paragraphs)), strict=True)
        ]


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
        known = self.site(site)
        return {"format": FORMAT, "pages": known.pages, "counts": known.counts}

    def load(self, site: str, data: dict[str, Any]) -> None:
        """A site's template as a job stored it; one stored in another format is ignored, so
        the site is learned again with a warm-up."""
        if data.get("format") == FORMAT:
            self.sites[site] = SiteTemplate(int(data["pages"]), dict(data["counts"]))


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
