"""Dates as sites write them, to time-zone aware datetimes.

ISO 8601 and RFC 822 strings (structured data, feeds) take a fast exact path; anything
written for people ("09 ноября 2018, 11:07", "кеше, 10:15", "2 сағат бұрын") goes to
dateparser, told the page's languages and the site's time zone.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from zoneinfo import ZoneInfo

import dateparser

from newscrawl.extract.structured import normalise_language
from newscrawl.extract.text import clean

_ISO_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Tried when the page's language is unknown or its words are not in dateparser's locale.
_FALLBACK_LANGUAGES = ("en", "ru", "kk", "uk")


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _localise(value: datetime, tz: str) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=_zone(tz))
    return value


def _parse_exact(raw: str, tz: str) -> datetime | None:
    if _ISO_LIKE.match(raw):
        try:
            return _localise(datetime.fromisoformat(raw.replace("Z", "+00:00")), tz)
        except ValueError:
            return None
    if "," in raw[:5] or raw[-5:].lstrip("+-").isdigit() or raw.endswith(("GMT", "UT", "Z")):
        try:
            return _localise(parsedate_to_datetime(raw), tz)
        except (TypeError, ValueError, IndexError):
            return None
    return None


def _languages(hint: str | None) -> list[str]:
    first = normalise_language(hint)  # dateparser knows Kazakh as "kk", not "kz"
    langs = [first] if first else []
    return langs + [lang for lang in _FALLBACK_LANGUAGES if lang != first]


def parse_date(
    raw: str | None,
    tz: str = "UTC",
    language: str | None = None,
    relative_to: datetime | None = None,
) -> datetime | None:
    """A time-zone aware datetime for `raw`, or None when it holds no date.

    Naive times are read in `tz`; relative forms count back from `relative_to` (the fetch time).
    """
    text = clean(raw)
    if not text or (len(text) > 40 and not any(ch.isdigit() for ch in text)):
        return None
    exact = _parse_exact(text, tz)
    if exact is not None:
        return exact
    settings = {
        "TIMEZONE": tz,
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
    }
    if relative_to is not None:
        settings["RELATIVE_BASE"] = relative_to.astimezone(_zone(tz)).replace(tzinfo=None)
    for lang in _languages(language):
        try:
            found = dateparser.parse(text, languages=[lang], settings=settings)
        except (ValueError, OverflowError):
            found = None
        if found is not None:
            return _localise(found, tz)
    return None


def to_iso(value: datetime | None, tz: str = "UTC") -> str | None:
    """ISO 8601 with offset, in the site's zone, to the second."""
    if value is None:
        return None
    return value.astimezone(_zone(tz)).replace(microsecond=0).isoformat()


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
