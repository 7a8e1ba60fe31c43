import json
from dataclasses import asdict
from pathlib import Path

import pytest

from newscrawl.items import ARTICLE_FIELDS, ArticleItem
from newscrawl.validate import _quick_check, _validator, problems, schema, schema_errors

ROOT = Path(__file__).resolve().parents[1]


def record(**overrides) -> dict:
    item = ArticleItem(
        url="https://bnews.kz/en/news/x",
        canonical_url=None,
        site="bnews.kz",
        language="en",
        language_confidence=1.0,
        mixed_language=False,
        paragraph_languages=["en"],
        title="Title",
        lead=None,
        body="A paragraph long enough to be an article body. " * 3,
        authors=[],
        published_at="2018-11-09T11:07:00+06:00",
        published_raw="09 November, 2018",
        modified_at=None,
        section=None,
        tags=[],
        image_url=None,
        views=None,
        translations={},
        boilerplate=[],
        content_sha1="0" * 40,
        fetched_at="2026-11-27T21:00:00+00:00",
    )
    return {**asdict(item), **overrides}


def test_valid_record() -> None:
    assert problems(record()) == []


def test_schema_field_order_is_the_item_field_order() -> None:
    assert tuple(schema()["properties"]) == ARTICLE_FIELDS
    assert schema()["required"] == list(ARTICLE_FIELDS)
    # the package's copy is the documented file
    assert json.loads((ROOT / "schema" / "article.schema.json").read_text()) == schema()


def test_each_problem_is_named() -> None:
    assert problems(record(body="")) == ["body: empty"]
    assert problems(record(title="")) == ["title: missing"]
    assert problems(record(body="short")) == ["body: too short (5 < 80 characters)"]
    assert problems(record(published_at="09.11.2018")) == [
        "published_at: '09.11.2018' is not valid under any of the given schemas"
    ]
    assert problems(record(language="english"))[0].startswith("language:")
    assert problems(record(boilerplate=[{"text": "x", "reason": "because", "language": None}]))


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"published_at": "09.11.2018"},
        {"published_at": "٢٠٢٦-١١-٢٧T21:00:00+00:00"},  # digits of another script
        {"published_at": "2026-11-27T21:00:00Z"},
        {"language": "english"},
        {"language": "und"},
        {"url": "ftp://example.com/x"},
        {"authors": ["A", 3]},
        {"translations": {"EN": "https://example.com/en"}},
        {"boilerplate": [{"text": "x", "reason": "marker:read_also", "language": "ru"}]},
        {"boilerplate": [{"text": "x", "reason": "marker:Read", "language": "ru"}]},
        {"content_sha1": "G" * 40},
        {"schema_version": "0"},
        {"extra_field": 1},
    ],
)
def test_quick_check_agrees_with_the_reasons(overrides: dict[str, object]) -> None:
    # Only records the compiled check calls invalid are walked for reasons: it must never
    # pass a record jsonschema would reject. (It is stricter on one point: its \d is ASCII,
    # as in JSON Schema's ECMA-262 regexes; such a record is walked and found valid.)
    candidate = record(**overrides)
    full_walk = [error.message for error in _validator().iter_errors(candidate)]
    if _quick_check().is_valid(candidate):
        assert not full_walk
    assert len(schema_errors(candidate)) == len(full_walk)
