"""Bytes to text. Browsers trust the BOM, then the HTTP header, then <meta charset>; news sites
get those wrong often enough (a windows-1251 page served as UTF-8, a UTF-8 page still declaring
windows-1251 after a migration) that a declaration is believed only when the bytes agree."""

from __future__ import annotations

import codecs

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
_SINGLE_BYTE = frozenset({"cp1251", "koi8_r", "koi8_u", "cp1252", "latin_1", "iso8859_5"})
_SAMPLE = 65536
# A page is UTF-8 with a few broken bytes (a bad copy-paste, a truncated multi-byte character
# in a teaser) when its valid multi-byte characters outnumber the broken ones this many times;
# legacy Cyrillic read as UTF-8 is almost nothing but broken sequences.
_MOSTLY = 3
# Readability (see _readability) above which a decoding is taken to be the right one.
_READABLE = 0.5


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


def _mostly_utf8(sample: bytes) -> bool:
    if _is_utf8(sample):
        return True
    text = sample.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    wide = sum(1 for ch in text if ord(ch) > 127) - broken
    return wide >= _MOSTLY * broken


def sniff_legacy(body: bytes) -> str | None:
    """The legacy Cyrillic code page these non-UTF-8 bytes read best in, if any reads well."""
    sample = body[:_SAMPLE]
    return None if _mostly_utf8(sample) else _best_legacy(sample)


def _best_legacy(sample: bytes) -> str | None:
    """sniff_legacy for a sample already known not to be UTF-8."""
    scores = {c: _readability(sample.decode(c, errors="replace")) for c in _CYRILLIC_LEGACY}
    best = max(scores, key=lambda c: scores[c])
    return best if scores[best] > _READABLE else None


def _legacy_as_declared(sample: bytes, declared: str) -> str:
    """A declared Cyrillic code page, unless the bytes are plainly the other one: KOI8-R and
    windows-1251 get swapped for each other when a site changes servers."""
    if _readability(sample.decode(declared, errors="replace")) > _READABLE:
        return declared
    return _best_legacy(sample) or declared


def _normal(name: str | None) -> str | None:
    if not name:
        return None
    resolved = resolve_encoding(name)
    return codecs.lookup(resolved).name.replace("-", "_") if resolved else None


def choose_encoding(body: bytes, content_type: str | None = None) -> str:
    """The encoding these bytes are really in."""
    bom, _ = read_bom(body)
    if bom:
        return str(bom)
    declared = _normal(http_content_type_encoding(content_type) if content_type else None)
    declared = declared or _normal(html_body_declared_encoding(body))
    sample = body[:_SAMPLE]
    utf8 = _mostly_utf8(sample)
    if declared == "utf_8" and not utf8:
        return _best_legacy(sample) or "cp1252"
    if declared in _SINGLE_BYTE and utf8 and not sample.isascii():
        return "utf-8"
    if declared in _CYRILLIC_LEGACY and not utf8:
        return _legacy_as_declared(sample, declared)
    if declared:
        return declared
    if utf8:
        return "utf-8"
    return _best_legacy(sample) or "cp1252"


def decode_html(body: bytes | str, content_type: str | None = None) -> str:
    if isinstance(body, str):
        return body
    encoding = choose_encoding(body, content_type)
    text = body.decode(encoding, errors="replace")
    return text[1:] if text.startswith("\ufeff") else text
