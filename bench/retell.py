"""Copies of a corpus page that read as other stories, for the bench mirror.

The mirror serves each corpus page under many URLs. Served as they are, the copies would be
one story many times: de-duplication would drop them by their declared canonical URL, and
the site-template learner would take their paragraphs for the site's furniture (they repeat
on every page of the "site"), so the crawl would do less work than on a real site. A retold
copy keeps the page's markup, charset, language and length, but swaps the page's words among
themselves by a permutation seeded with the copy's number (so each copy's paragraphs are its
own), and no longer declares the original's URL.

It works on the raw bytes, whatever the charset: words are runs between ASCII whitespace in
text outside <script> and <style>, which never splits a multi-byte character (no legacy
encoding uses a whitespace byte inside one).
"""

from __future__ import annotations

import random
import re

_RAW_TEXT = re.compile(rb"(<(script|style)\b.*?</\2\s*>)", re.IGNORECASE | re.DOTALL)
_TEXT = re.compile(rb">([^<]+)<")
_WORD = re.compile(rb"[^\s<>]+")
# What would make a copy the original story under another URL.
_DECLARED_URL = re.compile(
    rb"""rel=(["'])canonical\1|property=(["'])og:url\2|"(url|@id|mainEntityOfPage)"\s*:""",
    re.IGNORECASE,
)


def _undeclared(match: re.Match[bytes]) -> bytes:
    return b'data-was="' + match[0].replace(b'"', b"").replace(b"'", b"") + b'"'


def retold(body: bytes, copy: int) -> bytes:
    """Copy `copy` of the page (0: the page as it is)."""
    if copy == 0:
        return body
    pieces = _RAW_TEXT.split(body)
    # split() with two groups yields: text, whole raw block, tag name, text, ...
    prose = pieces[0::3]
    vocabulary = sorted(
        {w for piece in prose for t in _TEXT.findall(piece) for w in _WORD.findall(t)}
    )
    shuffled = vocabulary[:]
    random.Random(copy).shuffle(shuffled)
    swap = dict(zip(vocabulary, shuffled, strict=True))

    def text(match: re.Match[bytes]) -> bytes:
        return b">" + _WORD.sub(lambda w: swap[w[0]], match[1]) + b"<"

    out = []
    for i, piece in enumerate(pieces):
        if i % 3 == 0:
            out.append(_TEXT.sub(text, piece))
        elif i % 3 == 1:
            out.append(_DECLARED_URL.sub(_undeclared, piece))
    return _DECLARED_URL.sub(_undeclared, b"".join(out))
