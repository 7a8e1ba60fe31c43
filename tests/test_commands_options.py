"""`-s NAME=VALUE` values refused before a crawl or an extraction starts, on Scrapy's own
Settings as the command line fills them."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.exceptions import UsageError
from scrapy.settings import Settings

from newscrawl.commands.options import check_settings


def given(**values: str) -> Settings:
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    settings.setdict(values, priority="cmdline")
    return settings


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("NEWSCRAWL_SUMMARY", "maybe", "expected True or False"),
        ("NEWSCRAWL_SITE_TEMPLATE", "yes please", "expected True or False"),
        ("NEWSCRAWL_EXTRACT_PROCESSES", "abc", "expected a number"),
        ("NEWSCRAWL_EXTRACT_PROCESSES", "-3", "expected a number of 0 or more"),
        ("NEWSCRAWL_GC_THRESHOLD", "-1", "expected a number of 0 or more"),
        ("NEWSCRAWL_MEMORY_TRIM_SECONDS", "xyz", "expected a number"),
        ("DOWNLOAD_DELAY", "abc", "expected a number"),  # a Scrapy setting, same rule
        ("FEED_EXPORT_BATCH_ITEM_COUNT", "abc", "expected a number"),
        ("NEWSCRAWL_REDIS_URL", "notaurl", "expected redis://HOST[:PORT]"),
        ("JOBDIR", "/proc/job", "cannot write in /proc"),
        ("NEWSCRAWL_DEFAULT_FEEDS", "{bad", "not valid JSON"),
        # a feed no article would go to
        ("NEWSCRAWL_FEED_LANGUAGES", "en,english", "english: no such language code"),
        ("NEWSCRAWL_FEED_LANGUAGES", "ru,kz", "kz: articles carry kk"),
    ],
)
def test_a_value_of_the_wrong_kind_is_named(name: str, value: str, problem: str) -> None:
    with pytest.raises(UsageError) as refused:
        check_settings(given(**{name: value}))
    assert str(refused.value).startswith(f"-s {name}={value}: {problem}")


def test_values_of_the_right_kind_pass(tmp_path: Path) -> None:
    check_settings(
        given(
            NEWSCRAWL_SUMMARY="False",
            NEWSCRAWL_EXTRACT_PROCESSES="2",
            DOWNLOAD_DELAY="0.5",  # Scrapy's default is the int 0
            NEWSCRAWL_MEMORY_TRIM_SECONDS="0.5",
            NEWSCRAWL_REDIS_URL="redis://127.0.0.1:6379/0",
            JOBDIR=str(tmp_path / "job"),
            NEWSCRAWL_DEFAULT_FEEDS='{"out.jsonl": {"format": "jsonlines"}}',
            NEWSCRAWL_FEED_LANGUAGES="en,ru,kk",
            DEPTH_PRIORITY="-1",  # Scrapy's: negative crawls depth first
            LOG_LEVEL="INFO",  # a string setting: anything goes
            SOME_SETTING_OF_A_USER="x",  # no default to compare with
        )
    )


def test_only_what_the_command_line_gave_is_judged() -> None:
    settings = given()
    settings.set("NEWSCRAWL_SUMMARY", "maybe", priority="project")
    check_settings(settings)
