"""The split: each block of the body, top to bottom, goes to the article or, with its reason,
to the removed segments; then an author's bio among the last blocks of the article."""

from __future__ import annotations

from collections.abc import Iterable

import newscrawl.extract.boilerplate.lines as lines
import newscrawl.extract.boilerplate.runs as runs
import newscrawl.extract.boilerplate.structure as structure
from newscrawl.extract.blocks import Block
from newscrawl.extract.boilerplate.markers import (
    END_CATEGORIES,
    HEADING_CATEGORIES,
    MarkerMatch,
    match_marker,
)
from newscrawl.extract.draft import Segment

# Only the article's last blocks are looked at for an author's bio; a sentence about a
# reporter higher up is the story's.
_BIO_TAIL_BLOCKS = 3


def split(
    blocks: Iterable[Block], language: str | None = None
) -> tuple[list[Block], list[Segment]]:
    """(article blocks, removed segments) — together they hold every input block once, each
    list in page order.

    Besides markers: captions and credits, short lines the page repeats and paragraphs it
    prints twice, bylines (an author bio at the end too), datelines and reading times, teaser
    cards, runs and titled boxes of linked headlines, newsletter small print, affiliate
    disclosures, and short labels in another language than the article's `language`. A
    segment's language is the marker's (or the label's); for anything else it is left None
    for the language step, which knows the article's language by then.
    """
    items = list(blocks)
    kept: list[tuple[int, Block]] = []
    removed: list[tuple[int, Segment]] = []
    # Texts a block repeats: short lines printed more than once, and the paragraphs kept so
    # far (a paragraph printed twice, in a gallery and inline, is kept once).
    printed = runs.repeated(items)
    i = 0
    while i < len(items):
        segments = _split_off(items, i, language, printed)
        if segments:
            removed.extend(enumerate(segments, start=i))
            i += len(segments)
        else:
            kept.append((i, items[i]))
            printed.add(items[i].text)
            i += 1
    _drop_author_bio(kept, removed)
    removed.sort(key=lambda pair: pair[0])  # the bio, found last, back where it stood
    return [block for _, block in kept], [segment for _, segment in removed]


def _split_off(
    items: list[Block], i: int, language: str | None, printed: set[str]
) -> list[Segment]:
    """The segments of the blocks from i on that are no article text, one per block; none
    when block i belongs to the article."""
    found = match_marker(items[i])
    if found is not None:
        return _marker_segments(items, i, found)
    block = items[i]
    if block.in_figure or block.tag == "figcaption" or lines.is_credit(block):
        return [Segment(block.text, "caption")]
    if block.text in printed:
        return [Segment(block.text, "repeated")]
    if kind := lines.line_kind(block):
        return [Segment(block.text, kind)]
    if structure.is_labelled_link(block) or structure.is_labelled_headline(block):
        return [Segment(block.text, "labelled_link")]
    if structure.is_network_call(block):
        return [Segment(block.text, "network_call")]
    if (end := runs.teaser_cards_end(items, i)) > i:
        return [Segment(b.text, "teaser") for b in items[i:end]]
    if (end := runs.link_run_end(items, i)) > i or (end := runs.titled_link_run_end(items, i)):
        return [Segment(b.text, "link_list") for b in items[i:end]]
    if foreign := lines.foreign_label(block, language):
        return [Segment(block.text, "foreign_label", foreign)]
    return []


def _marker_segments(items: list[Block], i: int, found: MarkerMatch) -> list[Segment]:
    """The marker's block and what its category takes with it."""
    marker = found.marker
    category = marker.category
    segments = [Segment(items[i].text, f"marker:{category}", marker.language or None)]
    if category in END_CATEGORIES:
        segments += [Segment(b.text, f"after_marker:{category}") for b in items[i + 1 :]]
    elif category in HEADING_CATEGORIES and found.exact:
        j = i + 1
        while j < len(items) and runs.is_listed_headline(items[j]):
            segments.append(Segment(items[j].text, f"linked_after_marker:{category}"))
            j += 1
    return segments


def _drop_author_bio(kept: list[tuple[int, Block]], removed: list[tuple[int, Segment]]) -> None:
    """The author's bio under the article ("John Doe is a national affairs correspondent
    for ...", "Redakteurin. Seit 2019 bei der taz") goes as a byline, with the index of its
    block so that it takes its place in page order."""
    for position in reversed(range(max(len(kept) - _BIO_TAIL_BLOCKS, 0), len(kept))):
        index, block = kept[position]
        if lines.is_author_bio(block.text):
            removed.append((index, Segment(block.text, "byline")))
            del kept[position]
