"""The mojibake count of `bench.mojibake`: wrong decodings are seen, right ones are not."""

from __future__ import annotations

from bench.mojibake import marks

RIGHT = "Прокуратура завершила проверку. Le café était fermé — «déjà»."


def record(text: str) -> dict[str, object]:
    return {"title": text, "lead": None, "body": text, "authors": []}


def test_text_read_with_the_wrong_charset_is_counted() -> None:
    wrong = RIGHT.encode("utf-8").decode("latin-1")
    assert marks(record(wrong)) >= 10
    assert marks(record(RIGHT.encode("utf-8").decode("cp1252", errors="replace"))) >= 10


def test_right_text_has_no_marks() -> None:
    assert marks(record(RIGHT)) == 0
    assert (
        marks({"title": "Tokyo 東京", "lead": "Straße", "body": "Ελλάδα", "authors": ["Ёж"]}) == 0
    )
