"""Text clean-up shared by every field."""

from __future__ import annotations

import html
import re
import unicodedata

# Invisible characters that break words for search and dedup: soft hyphen, zero-width
# space/joiners, word joiner, BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_SPACE = re.compile(r"\s+")
# Markup that leaked into attribute values and JSON-LD strings ("<b>", "&lt;p&gt;").
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
# ... and a tag cut off at the end of a truncated description ("сообщает <a href=http://").
_CUT_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}$")
_PUNCT_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
# Author bylines start with a label in the page's language.
_AUTHOR_LABEL = re.compile(
    r"^(?:by|author|authors|автор|авторы|авторлар|автори|текст|фото)\s*[:\-—–]?\s+",
    re.IGNORECASE,
)


def clean(text: str | None) -> str:
    """NFC, entities decoded, invisible characters removed, whitespace collapsed."""
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = _CUT_TAG.sub("", _TAG.sub(" ", text))
    text = text.translate(_INVISIBLE)
    text = unicodedata.normalize("NFC", text)
    return _SPACE.sub(" ", text).strip()


# Typographic quotes and apostrophes: a headline in <title> and in <h1> differ in them.
_QUOTES = str.maketrans(
    {q: "'" for q in "\u2019\u2018`\u00b4\u02bc"}
    | {q: '"' for q in "\u201c\u201d\u201e\u00ab\u00bb"}
)


def fold(text: str) -> str:
    """Comparison key: case-folded, quotes made plain, edge punctuation stripped, whitespace
    collapsed."""
    return _PUNCT_EDGE.sub("", clean(text).casefold().translate(_QUOTES))


def strip_author_label(text: str) -> str:
    return _AUTHOR_LABEL.sub("", clean(text))


def split_authors(text: str) -> list[str]:
    names = re.split(r"\s*(?:,|;|\band\b|\bи\b|\bжәне\b)\s*", strip_author_label(text))
    return [n for n in (clean(n) for n in names) if n]
