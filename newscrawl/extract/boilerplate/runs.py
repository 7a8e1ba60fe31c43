"""Runs of blocks that are no article text together: listed headlines and the boxes of links
under their own title, teaser cards (a linked headline and its summary, again and again), and
short lines the page prints more than once."""

from __future__ import annotations

import re
from collections import Counter

from newscrawl.extract.blocks import Block
from newscrawl.extract.boilerplate.shape import (
    ALL_LINK,
    BYLINE_MAX_WORDS,
    LABEL_MAX_WORDS,
    LINE_MAX_WORDS,
    LINKED,
    ends_sentence,
    word_count,
)

# A clock time or date between listed headlines ("11:07", "09.11.2018") travels with them.
_STAMP = re.compile(r"^[\d\s:.,/\-–—]+$")
# Longer than any headline: a linked run of this many words ending in a full stop is prose.
_HEADLINE_MAX_WORDS = 25
# A headline that is one link: at most this many words.
_LINK_MAX_WORDS = 15
# Linked lines under a label that make it a box of links.
_TITLED_LINKS = 3
# Words in a teaser card's summary, at least.
_CARD_SUMMARY_MIN_WORDS = 6


def is_listed_headline(block: Block) -> bool:
    """A linked headline of a list, or the time stamp between two."""
    if _is_linked_paragraph(block):
        return False  # a paragraph of sentences that cites its sources inline
    return block.link_density >= LINKED or bool(_STAMP.match(block.text))


def _is_linked_paragraph(block: Block) -> bool:
    return (
        word_count(block.text) > _HEADLINE_MAX_WORDS
        and ends_sentence(block.text)
        and block.link_density < ALL_LINK  # a card's summary is one link from end to end
    )


def repeated(blocks: list[Block]) -> set[str]:
    """Short lines that occur more than once: template labels ("Article content", "Anzeige")."""
    counts = Counter(b.text for b in blocks if word_count(b.text) <= LINE_MAX_WORDS)
    return {text for text, n in counts.items() if n > 1}


def titled_link_run_end(blocks: list[Block], i: int) -> int:
    """End (exclusive) of a box of links under its own title ("Neue Angebote bei Golem
    Jobs" and job ads): a short label and three or more linked lines. 0 when there is none."""
    block = blocks[i]
    words = word_count(block.text)
    if i + 1 >= len(blocks) or block.links or not words or words > LABEL_MAX_WORDS:
        return 0
    if ends_sentence(block.text):
        return 0
    end = link_run_end(blocks, i + 1)
    return end if end - (i + 1) >= _TITLED_LINKS else 0


def link_run_end(blocks: list[Block], i: int) -> int:
    """End (exclusive) of a run of link lists starting at i: two or more linked headlines in a
    row, or one short block that is nothing but a link. i itself when there is none."""
    j = i
    while j < len(blocks) and is_listed_headline(blocks[j]) and blocks[j].links:
        j += 1
    if j - i >= 2:
        return j
    return i + 1 if _is_headline_link(blocks[i]) else i


def _is_headline_link(block: Block) -> bool:
    return (
        bool(block.links)
        and block.link_density >= ALL_LINK
        and word_count(block.text) <= _LINK_MAX_WORDS
    )


def teaser_cards_end(blocks: list[Block], i: int) -> int:
    """End (exclusive) of teaser cards starting at i — a linked headline and its unlinked
    summary, again and again (other stories, listed under the article). i when fewer than two
    cards."""
    # Cards with a linked author or section line after the summary are three blocks long:
    # the first two cards say which shape the list has.
    size = 3 if _is_card(blocks, i, 3) and _is_card(blocks, i + 3, 2) else 2
    j, cards = i, 0
    while _is_card(blocks, j, size):
        j, cards = j + size, cards + 1
    return j if cards >= 2 else i


def _is_card(blocks: list[Block], j: int, size: int) -> bool:
    """A linked headline at j, its unlinked summary, and (size 3) a linked byline."""
    return (
        j + size <= len(blocks)
        and _is_headline_link(blocks[j])
        and blocks[j + 1].link_density < LINKED
        and not _is_headline_link(blocks[j + 1])
        and (size == 2 or _is_card_byline(blocks[j + 2]))
        # a summary, not a prompt between two buttons ("Sign up", "Already have an
        # account?", "Log in")
        and word_count(blocks[j + 1].text) >= _CARD_SUMMARY_MIN_WORDS
    )


def _is_card_byline(block: Block) -> bool:
    return (
        block.link_density >= LINKED
        and word_count(block.text) <= BYLINE_MAX_WORDS
        and not block.is_heading
    )
