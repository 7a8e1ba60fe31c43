"""Flatten an HTML subtree into text blocks (paragraphs, headings, list items).

The body of an article is handled as a list of blocks rather than one string so that the
boilerplate splitter can see structure: whether a block is a heading, how much of it is link
text, how many links it holds.
"""

from __future__ import annotations

from dataclasses import dataclass

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

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0

    @property
    def is_heading(self) -> bool:
        return self.tag in HEADING_TAGS


class _Buffer:
    __slots__ = ("link_chars", "links", "parts", "tag")

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.parts: list[str] = []
        self.link_chars = 0
        self.links = 0


def _flush(buf: _Buffer, out: list[Block]) -> None:
    text = " ".join("".join(buf.parts).split())
    if text:
        out.append(Block(text, buf.tag, min(buf.link_chars, len(text)), buf.links))
    buf.parts.clear()
    buf.link_chars = 0
    buf.links = 0


def _tag_name(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):  # comments, processing instructions
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _walk(el: etree._Element, buf: _Buffer, out: list[Block], in_link: bool) -> None:
    for child in el:
        tag = _tag_name(child)
        if tag and tag not in SKIP_TAGS:
            if tag in BLOCK_TAGS:
                _flush(buf, out)
                inner = _Buffer(tag if tag not in ("br", "hr") else buf.tag)
                if child.text and tag not in ("br", "hr"):
                    inner.parts.append(child.text)
                    if in_link:
                        inner.link_chars += len(child.text.strip())
                _walk(child, inner, out, in_link)
                _flush(inner, out)
            else:
                is_link = tag == "a" and child.get("href") is not None
                if is_link:
                    buf.links += 1
                if child.text:
                    buf.parts.append(child.text)
                    if in_link or is_link:
                        buf.link_chars += len(" ".join(child.text.split()))
                _walk(child, buf, out, in_link or is_link)
        if child.tail:
            buf.parts.append(child.tail)
            if in_link:
                buf.link_chars += len(" ".join(child.tail.split()))


def blocks_from(root: etree._Element) -> list[Block]:
    """Text blocks of `root`'s subtree in document order; empty blocks are dropped."""
    out: list[Block] = []
    buf = _Buffer(_tag_name(root) or "div")
    if root.text:
        buf.parts.append(root.text)
    _walk(root, buf, out, False)
    _flush(buf, out)
    return out
