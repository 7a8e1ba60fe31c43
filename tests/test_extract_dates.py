from datetime import UTC, datetime

import pytest

from newscrawl.extract.dates import parse_date, to_iso

ALMATY = "Asia/Almaty"
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
        # structured data: exact, offsets kept, then shown in the site's zone
        ("2018-11-09T11:07:00+06:00", None, "2018-11-09T11:07:00+06:00"),
        ("2018-11-09T05:07:00Z", None, "2018-11-09T11:07:00+06:00"),
        ("Fri, 09 Nov 2018 11:07:00 +0600", None, "2018-11-09T11:07:00+06:00"),
        # naive ISO is read in the site's zone; Kazakhstan moved to UTC+5 on 2024-03-01
        ("2025-06-03T09:00:00", None, "2025-06-03T09:00:00+05:00"),
        # relative forms count back from the fetch time, in the site's zone
        ("вчера, 14:30", "ru", "2026-11-27T14:30:00+05:00"),
        ("кеше, 10:15", "kk", "2026-11-27T10:15:00+05:00"),
        ("2 сағат бұрын", "kk", "2026-11-28T00:00:00+05:00"),
        ("3 часа назад", "ru", "2026-11-27T23:00:00+05:00"),
    ],
)
def test_parse_date(raw: str, language: str | None, expected: str) -> None:
    assert to_iso(parse_date(raw, ALMATY, language, FETCHED), ALMATY) == expected


@pytest.mark.parametrize(
    "raw", ["", None, "Политика", "no date in this long sentence at all, none"]
)
def test_no_date(raw: str | None) -> None:
    assert parse_date(raw, ALMATY, "ru", FETCHED) is None
