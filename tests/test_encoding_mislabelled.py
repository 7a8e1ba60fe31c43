"""Declarations that lie in ways tests/test_extract_encoding.py does not cover: one legacy
Cyrillic code page labelled as the other, and UTF-8 with a few broken bytes."""

from __future__ import annotations

import pytest

from newscrawl.extract.encoding import choose_encoding, decode_html

TEXT = (
    "Синоптики обещают первый снег в выходные. Ночью температура опустится до минус пяти "
    "градусов, поэтому на дорогах ожидается гололедица, особенно на мостах."
)


def page(meta: str = "") -> str:
    return f"<html><head>{meta}<title>Погода</title></head><body><p>{TEXT}</p></body></html>"


@pytest.mark.parametrize(("codec", "label"), [("koi8_r", "windows-1251"), ("cp1251", "koi8-r")])
def test_one_legacy_code_page_labelled_as_the_other(codec: str, label: str) -> None:
    raw = page(f'<meta charset="{label}">').encode(codec)
    assert TEXT in decode_html(raw, f"text/html; charset={label}")


@pytest.mark.parametrize("codec", ["cp1251", "koi8_r"])
def test_a_correct_legacy_label_is_kept(codec: str) -> None:
    label = codec.replace("_", "-")
    assert choose_encoding(page().encode(codec), f"text/html; charset={label}") == codec


def test_utf8_with_a_few_broken_bytes_stays_utf8() -> None:
    raw = page('<meta charset="utf-8">').encode()
    broken = raw.replace("снег".encode(), b"\xff\xd0 ")
    text = decode_html(broken, "text/html; charset=utf-8")
    assert TEXT.split("снег")[1] in text
    assert "Ð" not in text


def test_utf8_with_broken_bytes_and_no_declaration() -> None:
    broken = page().encode().replace("снег".encode(), b"\xff")
    assert TEXT.split("снег")[0] in decode_html(broken)


def test_legacy_bytes_are_not_mistaken_for_broken_utf8() -> None:
    assert choose_encoding(page().encode("cp1251"), "text/html; charset=utf-8") == "cp1251"
