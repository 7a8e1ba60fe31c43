"""Where the article text is on a page nobody wrote selectors for.

The page is flattened into text blocks (furniture marked, hidden parts skipped). Blocks of
running prose — enough words, few of them links, outside the furniture — are the evidence. The
article is the run of such blocks, in document order, that holds the most prose, allowing short
interruptions (a subheading, an embedded "read also", a photo caption). Everything between the
run's first and last prose block comes along: the boilerplate splitter decides about the
interruptions and records what it removes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from lxml import etree

from newscrawl.extract.blocks import Block, blocks_from

# A block of running prose: this many words (or CJK characters), mostly not links.
_PROSE_WORDS = 10
_PROSE_CJK_CHARS = 40
_PROSE_MAX_LINK_DENSITY = 0.3
# How far apart two prose blocks may be and still belong to one article.
_MAX_GAP_BLOCKS = 8
_MAX_GAP_CHARS = 1200
# A "furniture" element holding this share of the page's blocks is the page's skeleton named
# like furniture ("page has-sidebar", "layout-with-header"): its mark is ignored.
_SKELETON_SHARE = 0.5
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"\w+")


def _prose_weight(block: Block) -> int:
    """Non-link characters of a prose block; 0 for anything else."""
    if block.furniture is not None:
        return 0
    if block.link_density > _PROSE_MAX_LINK_DENSITY:
        return 0
    words = len(_WORD.findall(block.text))
    if words < _PROSE_WORDS and len(_CJK.findall(block.text)) < _PROSE_CJK_CHARS:
        return 0
    return len(block.text) - block.link_chars


def _best_run(weights: list[int], blocks: list[Block]) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    best_score = 0
    start = last = -1
    score = gap_chars = 0
    for i, weight in enumerate(weights):
        if not weight:
            if start >= 0:
                gap_chars += len(blocks[i].text)
            continue
        if start >= 0 and (i - last - 1 > _MAX_GAP_BLOCKS or gap_chars > _MAX_GAP_CHARS):
            if score > best_score:
                best, best_score = (start, last), score
            start = -1
        if start < 0:
            start, score = i, 0
        score += weight
        last, gap_chars = i, 0
    if start >= 0 and score > best_score:
        best = (start, last)
    return best


def article_blocks(root: etree._Element) -> list[Block]:
    """The blocks of the page's main text, in order; empty when it has no running prose."""
    blocks = _unmark_skeletons(blocks_from(root, mark_furniture=True))
    run = _best_run([_prose_weight(b) for b in blocks], blocks)
    if run is None:
        return []
    first, last = run
    return [b for b in blocks[first : last + 1] if b.furniture is None]


def _unmark_skeletons(blocks: list[Block]) -> list[Block]:
    sizes = Counter(id(b.furniture) for b in blocks if b.furniture is not None)
    skeletons = {key for key, n in sizes.items() if n >= _SKELETON_SHARE * len(blocks)}
    if not skeletons:
        return blocks
    return [replace(b, furniture=None) if id(b.furniture) in skeletons else b for b in blocks]
