"""Where the article text is on a page nobody wrote selectors for.

The page is flattened into text blocks (furniture marked, hidden parts skipped). Blocks of
running prose — enough words, few of them links, outside the furniture — are the evidence. The
article is the run of such blocks, in document order, that holds the most prose, allowing short
interruptions (a subheading, an embedded "read also", a photo caption). Everything between the
run's first and last prose block comes along: the boilerplate splitter decides about the
interruptions and records what it removes.

Then the run is fitted to the article: short opening lines and a closing sentence beside it
join; it is kept to the article's own container (and that container's twins, when the site
sets the text as a series of same-class sections with widgets between them), except for the
prose just under the headline (a standfirst in a header band); and a later run in the same
container is the rest of an article an in-text widget split.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from lxml import etree

from newscrawl.extract.blocks import FURNITURE_TAGS, Block, blocks_from
from newscrawl.extract.boilerplate.markers import match_marker
from newscrawl.extract.text import fold
from newscrawl.extract.wordlists import alternation

# A block of running prose: this many words (or CJK characters), mostly not links.
_PROSE_WORDS = 10
_PROSE_CJK_CHARS = 40
_PROSE_MAX_LINK_DENSITY = 0.3
# How far apart two prose blocks may be and still belong to one article.
_MAX_GAP_BLOCKS = 8
_MAX_GAP_CHARS = 1200
# A "furniture" element holding this share of the page's prose is the page's skeleton named
# like furniture ("page has-sidebar", "uslot_banner" around article and comments): its mark is
# ignored.
_SKELETON_SHARE = 0.5
# ... and a <header> left open around the page holds nearly all of its prose, in more than
# the two or three lines a footer's notice and address make (a page with no article).
_WHOLE_PAGE_SHARE = 0.9
_WHOLE_PAGE_BLOCKS = 4
# Prose above the headline, inside the chosen run, below this size is a masthead or site name.
_MASTHEAD_CHARS = 200
# Containers too wide to say that two runs belong to one article.
_PAGE_ROOTS = frozenset({"body", "html", "main", "form"})
# The article's container holds at least this share of the chosen run's prose.
_ROOT_SHARE = 0.8
# A block this much link is part of a box of links.
_LINK_BOX = 0.6
# Runs starting this many blocks after the headline get the bonus.
_TITLE_REACH = 25
_TITLE_BONUS = 2.0
# ... and runs this far below it are likelier legal notices, comments or teasers.
_FAR_FROM_TITLE = 60
_FAR_PENALTY = 0.5
# Prose right after a "Comments" heading is readers' talk, not the article.
_AFTER_COMMENTS = 0.25
# A copyright line: "©", "(c)" or the word (data/words/copyright.txt) first.
_COPYRIGHT = re.compile(
    r"^\s*(©|\(c\)|" + alternation("copyright", whole_words=True) + ")", re.IGNORECASE
)
# A © line ends the article when it is the site's notice (a year, "rights": the words of
# data/words/copyright_notice.txt), not a photo credit ("© Matt Campbell / DPA").
_COPYRIGHT_NOTICE = re.compile(r"\b(19|20)\d\d\b|" + alternation("copyright_notice"), re.IGNORECASE)
_ENDING_CATEGORIES = frozenset({"end_of_article", "copyright"})
# A short line that is a sentence: the article's opening or closing line, not a label.
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'»”’)]*$")
_Homes = frozenset[etree._Element]
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"\w+")


def _prose_weight(block: Block, ignore_furniture: bool = False) -> int:
    """Non-link characters of a prose block; 0 for anything else."""
    if block.furniture is not None and not ignore_furniture:
        return 0
    if block.link_density > _PROSE_MAX_LINK_DENSITY:
        return 0
    words = len(_WORD.findall(block.text))
    if words < _PROSE_WORDS and len(_CJK.findall(block.text)) < _PROSE_CJK_CHARS:
        return 0
    return len(block.text) - block.link_chars


def _ends_article(block: Block) -> bool:
    """Comments, copyright and "found a typo?" lines: the article is over."""
    if _COPYRIGHT.match(block.text) and _COPYRIGHT_NOTICE.search(block.text):
        return True
    found = match_marker(block)
    return found is not None and found.marker.category in _ENDING_CATEGORIES


def _same_list(block: Block, previous: Block) -> bool:
    """Items of one plain list: an ingredient list or a table of results is one
    interruption. (A list of links — share buttons, a menu — is not.)"""
    return (
        block.tag == previous.tag == "li"
        and block.furniture is None
        and not block.link_chars
        and block.element is not None
        and previous.element is not None
        and block.element.getparent() is previous.element.getparent()
    )


def _runs(weights: list[int], blocks: list[Block]) -> list[tuple[int, int, int]]:
    """(first, last, prose weight) of every run of prose blocks."""
    runs = []
    start = last = -1
    score = gap_chars = gap_blocks = 0
    for i, weight in enumerate(weights):
        if start >= 0 and _ends_article(blocks[i]):
            runs.append((start, last, score))
            start = -1
            continue
        if not weight:
            if start >= 0:
                gap_chars += len(blocks[i].text)
                if not _same_list(blocks[i], blocks[i - 1]):
                    gap_blocks += 1
            continue
        if start >= 0 and (gap_blocks > _MAX_GAP_BLOCKS or gap_chars > _MAX_GAP_CHARS):
            runs.append((start, last, score))
            start = -1
        if start < 0:
            start, score = i, 0
        score += weight
        last, gap_chars, gap_blocks = i, 0, 0
    if start >= 0:
        runs.append((start, last, score))
    return runs


def _comes_after_comments(blocks: list[Block], index: int) -> bool:
    """A comments heading shortly above: readers' talk follows. (A menu *link* "Comments"
    says nothing about what follows it.)"""
    for block in blocks[max(0, index - _TITLE_REACH) : index]:
        if len(block.text) >= 60 or block.link_density >= 0.5:
            continue
        found = match_marker(block)
        if found is not None and found.marker.category == "end_of_article":
            return True
    return False


def _title_index(blocks: list[Block], title: str | None) -> int | None:
    """Where the headline is: the first block that starts with the title (furniture or not:
    headlines often sit in a header band), else the first <h1> outside furniture."""
    key = fold(title or "")[:40]
    if len(key) >= 15:
        for i, block in enumerate(blocks):
            if fold(block.text).startswith(key):
                return i
    return next((i for i, b in enumerate(blocks) if b.tag == "h1" and b.furniture is None), None)


def _best_run(runs: list[tuple[int, int, int]], blocks: list[Block], at: int | None) -> int | None:
    """Index of the run with the most prose; a run that starts right after the headline (at
    block `at`) counts double, since that is where articles are (and legal notices and
    comments are not)."""
    best, best_score = None, 0.0
    for index, (first, _, prose) in enumerate(runs):
        score = float(prose)
        if at is not None and 0 <= first - at <= _TITLE_REACH:
            score *= _TITLE_BONUS
        elif at is not None and first - at > _FAR_FROM_TITLE:
            score *= _FAR_PENALTY
        if _comes_after_comments(blocks, first):
            score *= _AFTER_COMMENTS
        if score > best_score:
            best, best_score = index, score
    return best


def _prose_inside(blocks: list[Block], weights: list[int], homes: _Homes) -> bool:
    return all(_inside(b, homes) for b, w in zip(blocks, weights, strict=True) if w)


def article_blocks(root: etree._Element, title: str | None = None) -> list[Block]:
    """The blocks of the page's main text, in order; empty when it has no running prose."""
    return choose_blocks(page_blocks(root), title)


def page_blocks(root: etree._Element) -> list[Block]:
    """Every text block of the page, furniture marked (skeletons named like furniture not):
    what the body is chosen from, by this module or by the consensus of extractors."""
    return _unmark_skeletons(blocks_from(root, mark_furniture=True))


def choose_blocks(blocks: list[Block], title: str | None = None) -> list[Block]:
    """The blocks of `page_blocks` that this module takes for the article text, in order."""
    at = _title_index(blocks, title)
    weights = [_prose_weight(b) for b in blocks]
    runs = _runs(weights, blocks)
    best = _best_run(runs, blocks, at)
    if best is None:
        return []
    first, last, _ = runs[best]
    if at is not None and first <= at < last and sum(weights[first:at]) < _MASTHEAD_CHARS:
        first = at  # a masthead line or site name above the headline is not the article
    first, last = _widen(blocks, first, last)
    home = _article_root(blocks[first : last + 1], weights[first : last + 1])
    homes = _with_twins(home)
    if home is not None and home.tag not in _PAGE_ROOTS:
        # An in-article widget (a video, a "Trending" box) can split one article into two
        # runs: the following runs whose prose sits in the same container are the rest of it.
        for next_first, next_last, _ in runs[best + 1 :]:
            span = slice(next_first, next_last + 1)
            between = blocks[last + 1 : next_first]
            if any(map(_ends_article, between)) or not _prose_inside(
                blocks[span], weights[span], homes
            ):
                break  # a copyright line or comments heading ends the article for good
            last = next_last
        first = _opening_split_off(blocks, weights, runs[:best], first, homes, at)
    chosen = blocks[first : last + 1]
    after = (at - first + 1) if at is not None else None
    opening = _opening_outside(chosen, weights[first : last + 1], homes, after)
    return [b for b in chosen if b.furniture is None and (_inside(b, homes) or id(b) in opening)]


def _opening_split_off(
    blocks: list[Block],
    weights: list[int],
    earlier: list[tuple[int, int, int]],
    first: int,
    homes: _Homes,
    at: int | None,
) -> int:
    """The article's first paragraphs cut off by a box of links (job ads, "more on this")
    placed right after them: the run just before, under the headline, in the same container,
    with mostly links and no prose between."""
    if not earlier or at is None:
        return first
    start, end, _ = earlier[-1]
    between = blocks[end + 1 : first]
    if (
        start > at
        and _prose_inside(blocks[start : end + 1], weights[start : end + 1], homes)
        and not any(weights[end + 1 : first])
        and sum(b.link_density >= _LINK_BOX for b in between) * 3 >= len(between) * 2
    ):
        return start
    return first


def _opening_outside(
    chosen: list[Block], weights: list[int], homes: _Homes, after: int | None
) -> set[int]:
    """Blocks under the headline that come before the article's container: a standfirst or
    the opening paragraph set in a header band of their own."""
    if not homes or after is None:
        return set()
    opening = set()
    start = max(after, 0)
    for block, weight in zip(chosen[start:], weights[start:], strict=True):
        if _inside(block, homes):
            break
        if weight:
            opening.add(id(block))
    return opening


def _is_sibling_line(block: Block, edge: Block, sentence: bool) -> bool:
    """A short paragraph beside the run's edge, in the same container and of the same kind,
    without links: the article's opening line ("Dear sisters and brothers,"), or, after the
    run, a closing sentence ("We will keep you posted!")."""
    return (
        block.furniture is None
        and not block.links
        and len(_WORD.findall(block.text)) < _PROSE_WORDS
        and not _ends_article(block)
        and block.tag == edge.tag
        and block.element is not None
        and edge.element is not None
        and block.element.getparent() is edge.element.getparent()
        and (not sentence or _SENTENCE_END.search(block.text) is not None)
    )


def _widen(blocks: list[Block], first: int, last: int) -> tuple[int, int]:
    """Runs start and end at prose blocks; the short lines that open the article and a
    closing sentence belong to it too. (Below the article, short lines that are not
    sentences are more often a signature, a source or a label.)"""
    while first > 0 and _is_sibling_line(blocks[first - 1], blocks[first], sentence=False):
        first -= 1
    while last + 1 < len(blocks) and _is_sibling_line(
        blocks[last + 1], blocks[last], sentence=True
    ):
        last += 1
    return first, last


def _article_root(blocks: list[Block], weights: list[int]) -> etree._Element | None:
    """The deepest element that holds most of the run's prose: the article's own container.
    Prose-looking boxes outside it (a newsletter pitch, an author bio, teaser cards) that the
    run swept up are not the article."""
    held: Counter[etree._Element] = Counter()
    depth: dict[etree._Element, int] = {}
    for block, weight in zip(blocks, weights, strict=True):
        if not weight or block.element is None:
            continue
        chain = [block.element, *block.element.iterancestors()]
        for level, element in enumerate(reversed(chain)):
            held[element] += weight
            depth[element] = level
    total = sum(weights)
    if not total:
        return None
    enough = [el for el, weight in held.items() if weight >= _ROOT_SHARE * total]
    return max(enough, key=lambda el: depth[el]) if enough else None


def _with_twins(home: etree._Element | None) -> _Homes:
    """The article's container and its twins: elements of the same tag and class beside it,
    or beside its parent (an article set as a series of "story-block" sections with
    widgets between them)."""
    if home is None:
        return frozenset()
    kind = home.get("class")
    parent = home.getparent()
    if parent is None or not kind or home.tag in _PAGE_ROOTS:
        return frozenset({home})
    grandparent = parent.getparent()
    if grandparent is not None and grandparent.tag not in _PAGE_ROOTS:
        cousins = (el for uncle in grandparent for el in uncle)
    else:
        cousins = iter(parent)
    return frozenset(el for el in cousins if el.tag == home.tag and el.get("class") == kind) | {
        home
    }


def _inside(block: Block, homes: _Homes) -> bool:
    if not homes or block.element is None:
        return True
    return block.element in homes or any(a in homes for a in block.element.iterancestors())


def _unmark_skeletons(blocks: list[Block]) -> list[Block]:
    named: Counter[int] = Counter()
    tagged: Counter[int] = Counter()
    tagged_blocks: Counter[int] = Counter()
    total = outside_tags = 0
    for block in blocks:
        weight = _prose_weight(block, ignore_furniture=True)
        total += weight
        if block.furniture is None:
            outside_tags += weight
        elif block.furniture.tag in FURNITURE_TAGS:
            tagged[id(block.furniture)] += weight
            tagged_blocks[id(block.furniture)] += weight > 0
        else:
            outside_tags += weight
            named[id(block.furniture)] += weight
    # <footer>, <nav>, <aside> mean what they say unless they hold the whole page (an
    # unclosed <header>); class names mislead more often.
    skeletons = {key for key, weight in named.items() if weight > _SKELETON_SHARE * outside_tags}
    skeletons |= {
        key
        for key, weight in tagged.items()
        if weight > _WHOLE_PAGE_SHARE * total and tagged_blocks[key] >= _WHOLE_PAGE_BLOCKS
    }
    if not skeletons:
        return blocks
    return [
        replace(b, furniture=_tagged_furniture(b, b.furniture))
        if id(b.furniture) in skeletons
        else b
        for b in blocks
    ]


def _tagged_furniture(block: Block, skeleton: etree._Element) -> etree._Element | None:
    """An <aside>, <nav> or <footer> inside the skeleton is still furniture. (Class-named
    wrappers inside it, "content-ad-wrapper", mislead as often as the skeleton did.)"""
    found = None
    element = block.element
    while element is not None and element is not skeleton:
        if element.tag in FURNITURE_TAGS:
            found = element
        element = element.getparent()
    return found
