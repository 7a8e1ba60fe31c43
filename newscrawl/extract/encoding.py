"""Bytes to text. Browsers trust the BOM, then the HTTP header, then <meta charset>; news sites
get those wrong often enough (a windows-1251 page served as UTF-8, a UTF-8 page still declaring
windows-1251 or GB2312 after a migration) that a declaration is believed only when the bytes agree.

In turn: a BOM; bytes that are UTF-8 are UTF-8, whatever is declared (legacy text is almost never
valid UTF-8 by chance); the declaration, or the Windows sibling of a declared ISO code page, that
the bytes read cleanly in; for a contradicted Cyrillic declaration, the Cyrillic code page the
bytes do read in; and where those rules stop, charset-normalizer's guess from the page's text."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

# Legacy encodings of Cyrillic web pages, most common first. They put upper and lower case
# in swapped byte ranges, so the wrong one reads as mostly capitals. (mac_cyrillic and cp866
# are left out: nearly unseen on the web, and too close to cp1251 to tell on short pages.)
_CYRILLIC_LEGACY = ("cp1251", "koi8_r")
# Declarations judged by _readability: charset-normalizer's mess ratio stays low for these code
# pages read as each other (KOI8-R text read as windows-1251 is just oddly capitalised Cyrillic).
_CYRILLIC_DECLARED = frozenset({*_CYRILLIC_LEGACY, "koi8_u"})
# charset-normalizer's Cyrillic answers, between which it strays on short pages.
_CYRILLIC_GUESSES = frozenset({"cp1251", "koi8_r", "mac_cyrillic", "cp866", "cp1125", "iso8859_5"})
_SAMPLE = 65536
# A page is UTF-8 with a few broken bytes (a bad copy-paste, a truncated multi-byte character
# in a teaser) when its valid multi-byte characters outnumber the broken ones this many times;
# legacy Cyrillic read as UTF-8 is almost nothing but broken sequences. The same goes for a
# legacy page and its declared encoding.
_MOSTLY = 3
# Readability (see _readability) above which a decoding is taken to be the right one.
_READABLE = 0.5
# charset-normalizer's own limit: text messier than this is not in the encoding tried.
_MESSY = 0.2
_NON_ASCII = re.compile(rb"[\x80-\xff]")
# No character of UTF-8 or of an ASCII-based legacy encoding (GBK, Big5, Shift_JIS, EUC…) has
# a byte of < or >, so cutting there never splits one.
_BETWEEN_TAGS = re.compile(rb"[^<>]+")
# What letters and quotes of a Windows code page become when read in its ISO sibling
# (windows-1250 as ISO-8859-2, windows-1252 as ISO-8859-15).
_C1_CONTROL = re.compile("[\x80-\x9f]")
# So a page declaring the ISO code page may be in the Windows one, as w3lib already assumes for
# ISO-8859-1 (read as windows-1252) and ISO-8859-9 (windows-1254).
_WINDOWS_SIBLING = {
    "iso8859_2": "cp1250",
    "iso8859_7": "cp1253",
    "iso8859_8": "cp1255",
    "iso8859_13": "cp1257",
    "iso8859_15": "cp1252",
}


def _cyrillic_letters(text: str) -> list[str]:
    return [ch for ch in text if "\u0410" <= ch <= "\u044f" or ch in "Ёё"]


def _readability(text: str) -> float:
    """Share of non-ASCII characters that are Cyrillic letters, times the share of those in
    lower case: high for real Cyrillic prose, low for mojibake."""
    non_ascii = [ch for ch in text if ord(ch) > 127]
    cyr = _cyrillic_letters(text)
    if not non_ascii or not cyr:
        return 0.0
    lower = sum(1 for ch in cyr if ch.islower()) / len(cyr)
    return len(cyr) / len(non_ascii) * lower


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        # a truncated multi-byte character at the very end is still UTF-8
        return error.start >= len(body) - 3 and error.reason == "unexpected end of data"
    return True


def _mostly_decoded(text: str) -> bool:
    """Whether text decoded with errors="replace" has few broken characters (see _MOSTLY)."""
    broken = text.count("\ufffd")
    wide = len(text) - len(text.encode("ascii", errors="ignore")) - broken
    return wide >= _MOSTLY * broken


def _mostly_utf8(sample: bytes) -> bool:
    return _is_utf8(sample) or _mostly_decoded(sample.decode("utf-8", errors="replace"))


def _sample(body: bytes) -> bytes:
    """Up to 64 KiB of the body, from its first non-ASCII byte when the first 64 KiB are ASCII
    (inline script and style can fill that much before the first word of text)."""
    if not body[:_SAMPLE].isascii():
        return body[:_SAMPLE]
    found = _NON_ASCII.search(body, _SAMPLE)
    start = found.start() if found else 0
    return body[start : start + _SAMPLE]


def _text(body: bytes) -> bytes:
    """The stretches between tags that hold non-ASCII bytes, up to about 64 KiB: what the legacy
    rules weigh. charset-normalizer probes a few 512-byte chunks, which on a whole page land in
    script and markup that read alike in every encoding."""
    pieces: list[bytes] = []
    size = 0
    for found in _BETWEEN_TAGS.finditer(body):
        piece = found.group()
        if not piece.isascii():
            pieces.append(piece)
            size += len(piece)
            if size >= _SAMPLE:
                break
    return b"\n".join(pieces)


def sniff_legacy(body: bytes) -> str | None:
    """The legacy Cyrillic code page these non-UTF-8 bytes read best in, if any reads well."""
    sample = _sample(body)
    return None if _mostly_utf8(sample) else _best_legacy(sample)


def _best_legacy(sample: bytes) -> str | None:
    """sniff_legacy for a sample already known not to be UTF-8."""
    scores = {c: _readability(sample.decode(c, errors="replace")) for c in _CYRILLIC_LEGACY}
    best = max(scores, key=lambda c: scores[c])
    return best if scores[best] > _READABLE else None


def _mess(text: bytes, encoding: str) -> float:
    """How badly the text reads in this encoding: 0 for clean prose, _MESSY or more when it is
    not that encoding (broken bytes, C1 controls, mojibake)."""
    decoded = text.decode(encoding, errors="replace")
    if not _mostly_decoded(decoded) or _C1_CONTROL.search(decoded):
        return _MESSY
    if encoding in _CYRILLIC_DECLARED:
        return 0.0 if _readability(decoded) > _READABLE else _MESSY
    # a few broken bytes were forgiven above; the mess ratio would count each one heavily
    return mess_ratio(decoded.replace("\ufffd", ""), maximum_threshold=_MESSY)


def _believed(text: bytes, declared: list[str]) -> str | None:
    """The declaration the text reads most cleanly in, of those it agrees with. On a tie the
    first (header, meta, Windows siblings), unless it is windows-1252 (ISO-8859-1): many
    servers' default, not a choice."""
    messes = {name: _mess(text, name) for name in declared}
    agreed = [name for name in declared if messes[name] < _MESSY]
    return min(agreed, key=lambda name: (messes[name], name == "cp1252")) if agreed else None


def _swapped_cyrillic(text: bytes, declared: list[str]) -> str | None:
    """For a Cyrillic declaration the bytes contradict, the Cyrillic code page they read in:
    KOI8-R and windows-1251 get swapped for each other when a site changes servers."""
    return _best_legacy(text) if _CYRILLIC_DECLARED.intersection(declared) else None


def _reads_markup(encoding: str) -> bool:
    return "<p>".encode(encoding) == b"<p>"


def _normalizer_guess(text: bytes) -> str | None:
    """charset-normalizer's best guess that HTML could be in (not UTF-16, not EBCDIC)."""
    for match in from_bytes(text):
        guess = _normal(match.encoding)
        if guess and _reads_markup(guess):
            return guess
    return None


def _detected(text: bytes) -> str | None:
    """charset-normalizer's guess; where it is a Cyrillic code page, ours, which tells
    windows-1251 from KOI8-R better on short pages."""
    guess = _normalizer_guess(text)
    if guess in _CYRILLIC_GUESSES:
        return _best_legacy(text) or guess
    return guess


def _legacy(text: bytes, declarations: list[str]) -> str:
    """The encoding of a page whose bytes are not UTF-8, from the text of the page."""
    declared = [name for name in declarations if name != "utf_8"]
    siblings = [_WINDOWS_SIBLING[name] for name in declared if name in _WINDOWS_SIBLING]
    return (
        _believed(text, list(dict.fromkeys(declared + siblings)))
        or _swapped_cyrillic(text, declared)
        or _detected(text)
        or (declared[0] if declared else _best_legacy(text) or "cp1252")
    )


def _normal(name: str | None) -> str | None:
    if not name:
        return None
    resolved = resolve_encoding(name)
    return codecs.lookup(resolved).name.replace("-", "_") if resolved else None


def _declarations(body: bytes, content_type: str | None) -> list[str]:
    """What the HTTP header, then the page's <meta>, say the encoding is."""
    header = _normal(http_content_type_encoding(content_type) if content_type else None)
    meta = _normal(html_body_declared_encoding(body))
    return list(dict.fromkeys(name for name in (header, meta) if name))


def choose_encoding(body: bytes, content_type: str | None = None) -> str:
    """The encoding these bytes are really in."""
    bom, _ = read_bom(body)
    if bom:
        return str(bom)
    sample = _sample(body)
    if not sample.isascii() and _mostly_utf8(sample):
        return "utf-8"
    declarations = _declarations(body, content_type)
    if sample.isascii():  # every ASCII-based encoding reads these bytes alike
        return declarations[0] if declarations else "utf-8"
    return _legacy(_text(body), declarations)


# C0 control characters other than whitespace, and DEL: never text a reader sees (HTML
# calls them parse errors), and kept they would reach the record's fields as "\u001b".
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")


def decode_html(body: bytes | str, content_type: str | None = None) -> str:
    """The page as text: bytes decoded in the charset `choose_encoding` settles on, a BOM
    and control characters taken out."""
    if isinstance(body, bytes):
        text = body.decode(choose_encoding(body, content_type), errors="replace")
    else:
        text = body
    text = text.removeprefix("\ufeff")
    return _CONTROLS.sub("", text) if _CONTROLS.search(text) else text
