"""Flatten an HTML subtree into text blocks (paragraphs, headings, list items).

The body of an article is handled as a list of blocks rather than one string so that the
boilerplate splitter can see structure: whether a block is a heading, how much of it is link
text, how many links it holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from lxml import etree

# Elements that start a new block of text.
BLOCK_TAGS = frozenset(
    "address article aside blockquote dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary "
    "table tbody td th thead tfoot tr ul br".split()
)
HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
# Never text: scripts, styles, embedded objects, form controls.
SKIP_TAGS = frozenset(
    "script style noscript template svg math iframe object embed canvas video audio source "
    "button select option textarea input picture head".split()
)


@dataclass(frozen=True)
class Block:
    text: str
    tag: str
    link_chars: int = 0
    links: int = 0
    # The outermost furniture element the block sits in (None outside furniture), and the
    # element the block came from: for locating it in the page, never compared or shown.
    furniture: Any = field(default=None, compare=False, repr=False)
    element: Any = field(default=None, compare=False, repr=False)
    # Inside a <figure>: a caption or credit, not running text.
    in_figure: bool = field(default=False, compare=False, repr=False)
    # Our extractor took it for the article, the consensus of extractors did not: it goes to
    # `boilerplate` (reason `outvoted`) unless the splitter names a better reason.
    outvoted: bool = field(default=False, compare=False, repr=False)

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0

    @property
    def is_heading(self) -> bool:
        return self.tag in HEADING_TAGS


# Page furniture: the site's header, footer, navigation, sidebars, comments, share and
# promo widgets. Matched on whole class/id tokens or their first/last hyphen part, so
# "site-header" and "footer_links" match and "headline" or "navigator" do not.
FURNITURE_TAGS = frozenset("header footer nav aside menu dialog".split())
FURNITURE_WORDS = frozenset(
    "header footer sidebar sidenav navbar nav navigation menu breadcrumb breadcrumbs comments "
    "comment cookie cookies banner share sharing social subscribe subscription newsletter promo "
    "advert advertisement ads ad popup modal topbar toolbar masthead embed infobox "
    "affiliate".split()
)
_DOUBLED_MIN_CHARS = 21
# Hidden text larger than this is revealed by a script, not a popup.
_SHOWN_ON_SCREEN = re.compile(
    r"^(sm|md|lg|xl|2xl|min-[\w-]+):(block|flex|inline|grid|table|contents)"
)
_REVEALED_CHARS = 3000
_TOKEN_SPLIT = re.compile(r"[\s]+")
_PART_SPLIT = re.compile(r"[-_]+")
# Never furniture however they are named: the page's own skeleton.
_SKELETON_TAGS = frozenset("html body main article".split())


def in_furniture(el: etree._Element) -> bool:
    """Inside the site's header, footer, navigation, sidebar or comments (by tag or class
    name): `el` or one of its ancestors is furniture."""
    return any(
        isinstance(node.tag, str) and is_furniture(node, node.tag.lower())
        for node in (el, *el.iterancestors())
    )


def is_furniture(el: etree._Element, tag: str) -> bool:
    if tag in FURNITURE_TAGS:
        # An unclosed or misused <header> around the page's <main> is its skeleton, and an
        # <article>'s own <header> holds its headline and standfirst.
        if tag == "header" and next(el.iterancestors("article"), None) is not None:
            return False
        return el.find(".//main") is None
    if tag in _SKELETON_TAGS:
        return False
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    for token in _TOKEN_SPLIT.split(names):
        if not token:
            continue
        if token in FURNITURE_WORDS:
            return True
        parts = _PART_SPLIT.split(token)
        if len(parts) > 1 and (parts[0] in FURNITURE_WORDS or parts[-1] in FURNITURE_WORDS):
            return True
    return False


def _hidden_by_class(names: str | None) -> bool:
    """A utility-class "hidden" (display: none) that no screen size turns back on: a panel
    shown only when the reader opens it. ("hidden md:block" is visible on a desktop.)"""
    if not names or "hidden" not in names:
        return False
    tokens = names.split()
    return "hidden" in tokens and not any(_SHOWN_ON_SCREEN.match(t) for t in tokens)


def is_hidden(el: etree._Element) -> bool:
    """Hidden and small: a popup, a collapsed menu. Hidden and large is content a script
    reveals (streamed server rendering parks the whole article in <div hidden>)."""
    style = (el.get("style") or "").replace(" ", "").lower()
    hidden = (
        el.get("hidden") is not None
        or el.get("aria-hidden") == "true"
        or "display:none" in style
        or "visibility:hidden" in style
        or _hidden_by_class(el.get("class"))
    )
    if not hidden:
        return False
    size = 0
    for text in el.itertext():
        size += len(text)
        if size > _REVEALED_CHARS:
            return False
    return True


class _Buffer:
    __slots__ = ("element", "furniture", "in_figure", "link_chars", "links", "parts", "tag")

    def __init__(
        self, tag: str, element: etree._Element | None, furniture: Any, in_figure: bool = False
    ) -> None:
        self.tag = tag
        self.element = element
        self.furniture = furniture
        self.in_figure = in_figure
        self.parts: list[str] = []
        self.link_chars = 0
        self.links = 0


def _undoubled(text: str) -> str:
    """A headline set twice in one element (a desktop and a mobile variant, one of them
    hidden by a stylesheet we do not read) said once."""
    half = len(text) // 2
    doubled = len(text) >= _DOUBLED_MIN_CHARS and len(text) % 2 and text[half] == " "
    return text[:half] if doubled and text[:half] == text[half + 1 :] else text


def _flush(buf: _Buffer, out: list[Block]) -> None:
    text = _undoubled(" ".join("".join(buf.parts).split()))
    if text:
        out.append(
            Block(
                text,
                buf.tag,
                min(buf.link_chars, len(text)),
                buf.links or (1 if buf.link_chars else 0),
                buf.furniture,
                buf.element,
                buf.in_figure,
            )
        )
    buf.parts.clear()
    buf.link_chars = 0
    buf.links = 0


def _tag_name(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):  # comments, processing instructions
        return ""
    return tag.rsplit("}", 1)[-1].lower()


# Elements nested deeper than this are read as one run of text: real pages stay far below
# it, and a page nested thousands deep (an attack, or a generator gone wrong) would
# otherwise exhaust Python's recursion limit and lose the article.
_MAX_DEPTH = 200


def _block_buffer(
    buf: _Buffer, child: etree._Element, tag: str, furniture: Any, in_link: bool
) -> _Buffer:
    """The buffer a block element's text gathers in (a line break continues its parent's
    block after a flush), holding the element's own opening text."""
    if tag in ("br", "hr"):
        return _Buffer(buf.tag, buf.element, buf.furniture, buf.in_figure)
    inner = _Buffer(tag, child, furniture, buf.in_figure or tag in ("figure", "figcaption"))
    if child.text:
        inner.parts.append(child.text)
        if in_link:
            inner.link_chars += len(child.text.strip())
    return inner


def _walk(
    el: etree._Element,
    buf: _Buffer,
    out: list[Block],
    in_link: bool,
    furniture: Any,
    mark: bool,
    depth: int = 0,
) -> None:
    if depth >= _MAX_DEPTH:
        buf.parts.append(run_together(el)[len(el.text or "") :])
        return
    for child in el:
        tag = _tag_name(child)
        if tag and tag not in SKIP_TAGS and not is_hidden(child):
            inside = furniture
            if inside is None and mark and is_furniture(child, tag):
                inside = child
            if tag in BLOCK_TAGS:
                _flush(buf, out)
                inner = _block_buffer(buf, child, tag, inside, in_link)
                _walk(child, inner, out, in_link, inside, mark, depth + 1)
                _flush(inner, out)
            else:
                is_link = tag == "a" and child.get("href") is not None
                if is_link:
                    buf.links += 1
                if child.text:
                    buf.parts.append(child.text)
                    if in_link or is_link:
                        buf.link_chars += len(" ".join(child.text.split()))
                _walk(child, buf, out, in_link or is_link, inside, mark, depth + 1)
        if child.tail:
            buf.parts.append(child.tail)
            if in_link:
                buf.link_chars += len(" ".join(child.tail.split()))


def blocks_from(root: etree._Element, mark_furniture: bool = False) -> list[Block]:
    """Text blocks of `root`'s subtree in document order; empty blocks are dropped.

    With `mark_furniture`, blocks inside page furniture (see FURNITURE_WORDS) say so.
    """
    out: list[Block] = []
    buf = _Buffer(_tag_name(root) or "div", root, None)
    if root.text:
        buf.parts.append(root.text)
    _walk(root, buf, out, False, None, mark_furniture)
    _flush(buf, out)
    return _join_drop_caps(out)


def _join_drop_caps(blocks: list[Block]) -> list[Block]:
    """A drop cap styled apart from its paragraph ("T" + "urkey, Poland and...") is one
    word again."""
    out: list[Block] = []
    for block in blocks:
        cap = out[-1].text if out else ""
        if len(cap) == 1 and cap.isupper() and block.text[:1].islower():
            out[-1] = replace(block, text=cap + block.text)
        else:
            out.append(block)
    return out


def run_together(el: etree._Element) -> str:
    """An element's text as the eye reads it: inline children run on, block children set
    apart by spaces, scripts and the like left out. Walked with a stack of its own, not by
    recursion, so that no depth of nesting can stop it."""
    parts = [el.text or ""]
    # Per open element: its children still to read, and what closes it (for a block, a
    # space; then its tail).
    stack: list[tuple[Iterator[etree._Element], str]] = [(iter(el), "")]
    while stack:
        children, closing = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            parts.append(closing)
            continue
        tag = _tag_name(child)
        if tag and tag not in SKIP_TAGS:
            space = " " if tag in BLOCK_TAGS else ""
            parts.append(space + (child.text or ""))
            stack.append((iter(child), space + (child.tail or "")))
        else:
            parts.append(child.tail or "")
    return "".join(parts)
