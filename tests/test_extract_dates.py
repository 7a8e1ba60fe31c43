from datetime import UTC, datetime

import pytest

from newscrawl.extract.dates import parse_date, to_iso

ALMATY = "Asia/Almaty"
MOSCOW = "Europe/Moscow"
# A fixed fetch time for relative dates: 2026-11-27 21:00 UTC is 02:00 on the 28th in Almaty.
FETCHED = datetime(2026, 11, 27, 21, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "language", "expected"),
    [
        ("09 November, 2018, 11:07", "en", "2018-11-09T11:07:00+06:00"),
        ("09 ноября 2018, 11:07", "ru", "2018-11-09T11:07:00+06:00"),
        ("09 қараша 2018, 11:07", "kk", "2018-11-09T11:07:00+06:00"),
        ("12 листопада 2018, 10:00", "uk", "2018-11-12T10:00:00+06:00"),
        # language unknown: the fallback languages are tried
        ("3 сәуір 2025, 09:30", None, "2025-04-03T09:30:00+05:00"),
        # structured data: exact, and an offset the page states is kept as stated
        ("2018-11-09T11:07:00+06:00", None, "2018-11-09T11:07:00+06:00"),
        ("2018-11-09T05:07:00Z", None, "2018-11-09T05:07:00+00:00"),
        ("2024-02-29T23:30:00+03:00", None, "2024-02-29T23:30:00+03:00"),
        ("Fri, 09 Nov 2018 11:07:00 +0600", None, "2018-11-09T11:07:00+06:00"),
        ("Fri, 09 Nov 2018 05:07:00 GMT", None, "2018-11-09T05:07:00+00:00"),
        ("09 ноября 2018 11:07 +0300", "ru", "2018-11-09T11:07:00+03:00"),
        # a Unix timestamp is an instant with no zone of its own: shown in the site's zone
        ("1700000000", None, "2023-11-15T04:13:20+06:00"),
        # naive ISO is read in the site's zone; Kazakhstan moved to UTC+5 on 2024-03-01
        ("2025-06-03T09:00:00", None, "2025-06-03T09:00:00+05:00"),
        # relative forms count back from the fetch time, in the site's zone
        ("вчера, 14:30", "ru", "2026-11-27T14:30:00+05:00"),
        ("кеше, 10:15", "kk", "2026-11-27T10:15:00+05:00"),
        ("2 сағат бұрын", "kk", "2026-11-28T00:00:00+05:00"),
        ("3 часа назад", "ru", "2026-11-27T23:00:00+05:00"),
        ("2 hours ago", "en", "2026-11-28T00:00:00+05:00"),
    ],
)
def test_parse_date(raw: str, language: str | None, expected: str) -> None:
    assert to_iso(parse_date(raw, ALMATY, language, FETCHED), ALMATY) == expected


@pytest.mark.parametrize(
    ("raw", "tz", "expected"),
    [
        # Almaty left +06:00 at 2024-03-01 00:00 by turning clocks back to 23:00: the last
        # hour of 29 February happened twice, and is read as its first occurrence.
        ("29 февраля 2024, 23:30", ALMATY, "2024-02-29T23:30:00+06:00"),
        ("29 февраля 2024, 22:30", ALMATY, "2024-02-29T22:30:00+06:00"),
        ("1 марта 2024, 10:00", ALMATY, "2024-03-01T10:00:00+05:00"),
        ("15 января 2024, 12:00", ALMATY, "2024-01-15T12:00:00+06:00"),
        ("2024-02-29T23:30:00", ALMATY, "2024-02-29T23:30:00+06:00"),
        # Moscow had summer time (+04:00) until 2011, and +04:00 all year until 2014-10-26
        ("15 июля 2010, 12:00", MOSCOW, "2010-07-15T12:00:00+04:00"),
        ("15 января 2010, 12:00", MOSCOW, "2010-01-15T12:00:00+03:00"),
        ("15 января 2013, 12:00", MOSCOW, "2013-01-15T12:00:00+04:00"),
        # 02:30 happened twice on 2010-10-31 (first occurrence) and never on 2010-03-28
        ("31 октября 2010, 02:30", MOSCOW, "2010-10-31T02:30:00+04:00"),
        ("28 марта 2010, 02:30", MOSCOW, "2010-03-28T03:30:00+04:00"),
    ],
)
def test_past_offsets_are_those_of_the_date(raw: str, tz: str, expected: str) -> None:
    assert to_iso(parse_date(raw, tz, "ru", FETCHED), tz) == expected


@pytest.mark.parametrize(
    ("raw", "fetched", "expected"),
    [
        # fetched at 12:00 summer time; three days before, Moscow was still on +03:00
        ("3 дня назад", datetime(2010, 3, 29, 8, 0, tzinfo=UTC), "2010-03-26T12:00:00+03:00"),
        # fetched at 23:00 on the day clocks went back; yesterday was still on +04:00
        ("вчера, 23:30", datetime(2010, 10, 31, 20, 0, tzinfo=UTC), "2010-10-30T23:30:00+04:00"),
    ],
)
def test_relative_dates_across_an_offset_change(raw: str, fetched: datetime, expected: str) -> None:
    assert to_iso(parse_date(raw, MOSCOW, "ru", fetched), MOSCOW) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025 жылғы 15 қаңтар, 09:15", "2025-01-15T09:15:00+05:00"),
        ("2025 жылғы 15 қаңтардағы", "2025-01-15T00:00:00+05:00"),
        ("2025 жылдың 15 қыркүйегі, 09:15", "2025-09-15T09:15:00+05:00"),
        ("2025 ж. 3 шілдеде 18:40", "2025-07-03T18:40:00+05:00"),
        ("15 қаңтар 2025", "2025-01-15T00:00:00+05:00"),
        ("15 Қаңтар 2025 ж., 09:15", "2025-01-15T09:15:00+05:00"),
        ("15 желтоқсанда 2024 жылы", "2024-12-15T00:00:00+05:00"),
        ("15.01.2025, 09:15", "2025-01-15T09:15:00+05:00"),
        # every month, in the genitive the sites write after a year ("... жылғы 1 ақпанның")
        *[
            (f"2025 жылғы 1 {month}", f"2025-{number:02d}-01T00:00:00+05:00")
            for number, month in enumerate(
                "қаңтардың ақпанның наурыздың сәуірдің мамырдың маусымның шілденің "
                "тамыздың қыркүйектің қазанның қарашаның желтоқсанның".split(),
                start=1,
            )
        ],
    ],
)
def test_kazakh_dates(raw: str, expected: str) -> None:
    assert to_iso(parse_date(raw, ALMATY, "kk", FETCHED), ALMATY) == expected


def test_kazakh_dates_without_a_language_hint() -> None:
    parsed = parse_date("2025 жылғы 15 қаңтар, 09:15", ALMATY, None, FETCHED)
    assert to_iso(parsed, ALMATY) == "2025-01-15T09:15:00+05:00"


def test_to_iso_keeps_a_stated_offset_and_writes_the_rest_in_the_site_zone() -> None:
    stated = parse_date("2024-02-29T23:30:00+03:00", ALMATY)
    read_in_zone = parse_date("2024-01-15T12:00:00", MOSCOW)
    assert to_iso(stated, ALMATY) == "2024-02-29T23:30:00+03:00"
    assert to_iso(read_in_zone, ALMATY) == "2024-01-15T15:00:00+06:00"  # same instant
    assert to_iso(datetime(2024, 3, 1, 10, 0), ALMATY) == "2024-03-01T10:00:00+05:00"


@pytest.mark.parametrize(
    "raw", ["", None, "Политика", "no date in this long sentence at all, none"]
)
def test_no_date(raw: str | None) -> None:
    assert parse_date(raw, ALMATY, "ru", FETCHED) is None


@pytest.mark.parametrize(
    "raw",
    [
        # .NET's DateTime.MinValue: read east of UTC it fell before year 1 (OverflowError,
        # and the whole article was lost)
        "0001-01-01T00:00:00",
        "0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00+06:00",  # in the server's offset: before year 1 in UTC
        "1900-01-01T00:00:00",  # SQL Server's and Excel's first day
        "1970-01-01T00:00:00Z",  # the Unix epoch ...
        "1970-01-01T06:00:00+06:00",  # ... written in the server's zone
        "0",
    ],
)
def test_placeholder_dates_are_no_dates(raw: str) -> None:
    assert parse_date(raw, ALMATY) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Almaty's local mean time (+05:07:48) before standard time: an offset in seconds,
        # which the schema's ±HH:MM refuses (the article was rejected)
        ("1900-01-02T10:00:00", "1900-01-02T04:52:12+00:00"),
        ("2024-05-04T10:00:00+05:30:15", "2024-05-04T04:29:45+00:00"),  # stated to the second
    ],
)
def test_an_offset_with_seconds_is_written_in_utc(raw: str, expected: str) -> None:
    assert to_iso(parse_date(raw, ALMATY), ALMATY) == expected
