"""Text clean-up shared by every field."""

from __future__ import annotations

import html
import re
import unicodedata

from newscrawl.extract.wordlists import alternation

# Invisible characters that break words for search and dedup: soft hyphen, zero-width
# space/joiners, word joiner, BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_SPACE = re.compile(r"\s+")
# Markup that leaked into attribute values and JSON-LD strings ("<b>", "&lt;p&gt;").
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
# ... and a tag cut off at the end of a truncated description ("сообщает <a href=http://").
_CUT_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}$")
_PUNCT_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
# Author bylines start with a label in the page's language (data/words/author_label.txt).
# ("Фото:" is no such label: the name after it took the pictures, see _PHOTO_CREDIT.)
_AUTHOR_LABEL = re.compile(
    r"^(?:" + alternation("author_label") + r")\s*[:\-—–]?\s+", re.IGNORECASE
)
# Between two names: a comma or a semicolon; and within a part, an ampersand or the page's
# word for "and" (data/words/name_and.txt; split second, so that a publisher "Kirche und
# Leben" can be told).
_LIST_SEPARATOR = re.compile(r"\s*[,;]\s*")
_AND = re.compile(r"\s*(?:&|\b(?:" + alternation("name_and") + r")\b)\s*", re.IGNORECASE)
# "... For The Mail On Sunday": the publication the author wrote for (data/words/name_for.txt).
_FOR_PUBLICATION = re.compile(r"\s+(?:" + alternation("name_for") + r")\s+\S.*$", re.IGNORECASE)
# A short agency or initials tag after a name: "Max Muster (obe)", "Anna Berg (dpa/AFP)".
_AGENCY_TAG = re.compile(r"\s*\(\s*[^\W\d_][\w./ -]{0,11}\)$")
# A photo credit given where the byline goes: "( Image: Getty Images)", "Photo: Reuters"
# (data/words/credit_label.txt).
_PHOTO_CREDIT = re.compile(r"^\W*(?:" + alternation("credit_label") + r")\s*[:©]", re.IGNORECASE)
# A link, a schema.org @id, a social network handle: no names.
_URL_LIKE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.|@)", re.IGNORECASE)
# "By Jane Doe" in structured data, where no other label is expected (data/words/name_by.txt).
_BY = re.compile(r"^(?:" + alternation("name_by") + r")\s+", re.IGNORECASE)


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


def _is_name(text: str) -> bool:
    """A person or an agency: not a photo credit, a link or a date ("Oktober 2008")."""
    return (
        bool(text)
        and not _PHOTO_CREDIT.match(text)
        and not _URL_LIKE.match(text)
        and not any(c.isdigit() for c in text)
    )


_NOT_IN_NAME_KEY = re.compile(r"[\W_]+")


def name_key(text: str) -> str:
    """Comparison key of a site's or person's name: "BNews.kz", "bnews.kz" and
    "www.bnews.kz" agree."""
    return _NOT_IN_NAME_KEY.sub("", clean(text).casefold().removeprefix("www."))


def split_names(text: str, publisher: frozenset[str] = frozenset()) -> list[str]:
    """The people in a list of names, agency tags removed. Photo credits, links and
    dates are no names, nor is anything whose `name_key` is in `publisher` (the site's own
    name where the CMS had no author), whether the whole list, a part of it or one name."""
    listed = _BY.sub("", clean(text))
    # A site's description with its address is no list of people.
    if "://" in listed or name_key(listed) in publisher:
        return []
    names = []
    for part in _LIST_SEPARATOR.split(listed):
        part = _FOR_PUBLICATION.sub("", part)
        if name_key(part) in publisher or not _is_name(part):
            continue
        for name in (_AGENCY_TAG.sub("", clean(n)) for n in _AND.split(part)):
            if _is_name(name) and name_key(name) not in publisher:
                names.append(name)
    return names


def split_authors(text: str, publisher: frozenset[str] = frozenset()) -> list[str]:
    """The people in a byline as a page shows it ("Авторы: Ерлан Ахметов и Дина Ким")."""
    byline = clean(text)
    return [] if _PHOTO_CREDIT.match(byline) else split_names(strip_author_label(byline), publisher)
