"""Dates as sites write them, to time-zone aware datetimes.

ISO 8601 and RFC 822 strings (structured data, feeds) and Unix timestamps take a fast exact
path; anything written for people ("09 ноября 2018, 11:07", "кеше, 10:15", "2 сағат бұрын")
goes to dateparser, told the page's languages and the fetch time as the site's wall time.
Kazakh dates dateparser's kk locale misses ("2025 жылғы 15 қаңтардағы") are first rewritten
to the form it reads ("15 қаңтар 2025").

A time written without an offset is read in the site's zone with zoneinfo, so it gets the
offset the zone had on that date (Almaty was +06:00 until 2024-03-01, Moscow had summer
time until 2011); such values carry a ZoneInfo. An offset the page states ("+03:00", "Z",
"MSK") is kept as a fixed offset, and `to_iso` writes it as stated.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import dateparser

from newscrawl.extract.structured import normalise_language
from newscrawl.extract.text import clean
from newscrawl.extract.wordlists import phrases

_ISO_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")  # seconds, or milliseconds, since 1970
# Tried when the page's language is unknown or its words are not in dateparser's locale.
_FALLBACK_LANGUAGES = ("en", "ru", "kk", "uk")
_SUFFIX = r"[^\W\d_]*"  # letters only: a case ending, not a following number


@cache
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _in_zone(value: datetime, zone: ZoneInfo) -> datetime:
    """`value`'s wall time read in `zone`. An hour that happened twice (clocks going back)
    is read as its first occurrence (fold=0); a time that never happened (clocks going
    forward) is moved on by the gap, through UTC, so the result is a real wall time."""
    return value.replace(tzinfo=zone, fold=0).astimezone(UTC).astimezone(zone)


def _localise(value: datetime, tz: str) -> datetime:
    if value.tzinfo is None:
        return _in_zone(value, zone(tz))
    return value


def _parse_exact(raw: str, tz: str) -> datetime | None:
    if _EPOCH.match(raw):
        # An instant with no zone of its own: shown, like naive times, in the site's zone.
        return datetime.fromtimestamp(int(raw[:10]), UTC).astimezone(zone(tz))
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


@cache
def _kazakh_months() -> dict[str, str]:
    """Each stem a Kazakh month's forms start with, to the month's nominative."""
    path = resources.files("newscrawl.extract") / "data" / "dates" / "kk.txt"
    months: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            nominative, *stems = line.split()
            months.update(dict.fromkeys([nominative, *stems], nominative))
    return months


def _kazakh_year_word() -> str:
    """The word for "year" by a Kazakh year ("2025 жылғы", "2025 жылдың", "2025 жылы", "2025
    ж.", data/words/year_word.txt): a word ending in a letter takes any case ending, an
    abbreviation is taken as it is."""
    words = (re.escape(w) + (_SUFFIX if w[-1].isalpha() else "") for w in phrases("year_word"))
    return "(?:" + "|".join(words) + ")"


@cache
def _kazakh_date() -> re.Pattern[str]:
    """Day and month name, with the year before ("2025 жылғы 15 қаңтар") or after it."""
    stems = "|".join(sorted(_kazakh_months(), key=len, reverse=True))
    year_word = _kazakh_year_word()
    return re.compile(
        rf"(?:(?<!\d)(?P<year_first>\d{{4}})\s*{year_word}?\s*)?"
        rf"(?<!\d)(?P<day>\d{{1,2}})\s*-?\s*(?P<month>{stems}){_SUFFIX}"
        rf"(?:\s*(?P<year_last>\d{{4}})(?:\s*{year_word})?)?",
        re.IGNORECASE,
    )


def _spell_kazakh_date(match: re.Match[str]) -> str:
    month = _kazakh_months()[match["month"].lower()]
    year = match["year_first"] or match["year_last"] or ""
    return f"{match['day']} {month} {year}".rstrip()


def _normalise_kazakh(text: str) -> str:
    """Kazakh writes the year first and inflects the month ("2025 жылғы 15 қаңтардағы");
    dateparser's kk locale reads only "15 қаңтар 2025"."""
    return _kazakh_date().sub(_spell_kazakh_date, text)


def _languages(hint: str | None) -> list[str]:
    first = normalise_language(hint)  # dateparser knows Kazakh as "kk", not "kz"
    langs = [first] if first else []
    return langs + [lang for lang in _FALLBACK_LANGUAGES if lang != first]


def _parse_for_people(text: str, languages: list[str], base: datetime) -> datetime | None:
    # No TIMEZONE setting: given one, dateparser localises with pytz (a wall time that
    # happened twice gets its second offset; relative dates keep the base's offset across
    # a change). Left unset, it returns times naive, or with the offset the text states.
    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RELATIVE_BASE": base,  # naive site wall time: "вчера, 10:15" is the site's yesterday
    }
    for lang in languages:
        try:
            found = dateparser.parse(text, languages=[lang], settings=settings)
        except (ValueError, OverflowError):
            found = None
        if found is not None:
            return found
    return None


def parse_date(
    raw: str | None,
    tz: str = "UTC",
    language: str | None = None,
    relative_to: datetime | None = None,
) -> datetime | None:
    """A time-zone aware datetime for `raw`, or None when it holds no date.

    Naive times are read in `tz`; relative forms count back from `relative_to` (the fetch
    time; now when not given) as a wall time in `tz`.
    """
    text = clean(raw)
    if not text or (len(text) > 40 and not any(ch.isdigit() for ch in text)):
        return None
    try:
        found = _parse_exact(text, tz)
        if found is None:
            base = (relative_to or utc_now()).astimezone(zone(tz)).replace(tzinfo=None)
            found = _parse_for_people(_normalise_kazakh(text), _languages(language), base)
            found = None if found is None else _localise(found, tz)
        return None if found is None or _is_placeholder(found) else found
    except OverflowError:  # "0001-01-01T00:00:00" read east of UTC falls before year 1
        return None


# The "no date" values platforms write where a date is missing: .NET's DateTime.MinValue,
# SQL Server's and Excel's first day, the Unix epoch. No news page was published then.
_PLACEHOLDERS = frozenset(datetime(year, 1, 1) for year in (1, 1900, 1970))


def _is_placeholder(value: datetime) -> bool:
    # The epoch also when a server wrote it in its own zone ("1970-01-01T06:00:00+06:00").
    instant = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    return value.replace(tzinfo=None) in _PLACEHOLDERS or instant == _EPOCH_START


_EPOCH_START = datetime(1970, 1, 1)


def to_iso(value: datetime | None, tz: str = "UTC") -> str | None:
    """ISO 8601 with offset, to the second. A time read in a zone (naive, or localised by
    parse_date: a ZoneInfo) is written in the site's zone `tz`; an offset the page stated
    (any other tzinfo, UTC for "Z" too) is kept, as the page wrote it."""
    if value is None:
        return None
    try:
        if value.tzinfo is None or isinstance(value.tzinfo, ZoneInfo):
            value = _localise(value, tz).astimezone(zone(tz))
        offset = value.utcoffset()
        if offset is not None and offset.seconds % 60:
            # A zone's local mean time before standard time (Almaty's +05:07:48 in 1900), or
            # an offset a page wrote to the second: the same instant in UTC, since ISO 8601
            # (and the schema) write offsets in hours and minutes.
            value = value.astimezone(UTC)
    except OverflowError:
        return None
    return value.replace(microsecond=0).isoformat()


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
