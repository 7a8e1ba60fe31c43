"""Legacy Cyrillic encodings, declared, mislabelled and undeclared."""

import codecs

import pytest

from newscrawl import extract_article
from newscrawl.extract.encoding import decode_html, sniff_legacy

TITLE = "Курс тенге укрепился на торгах в среду"
PARAGRAPHS = [
    "Курс национальной валюты укрепился по итогам утренней сессии на Казахстанской фондовой "
    "бирже, сообщили аналитики банка второго уровня.",
    "По словам экспертов, поддержку тенге оказали высокие цены на нефть и продажи валютной "
    "выручки крупными экспортерами в конце месяца.",
]


def page(charset_meta: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<html><head>{charset_meta}<title>{TITLE}</title>"
        '<meta property="og:type" content="article"></head>'
        f"<body><h1>{TITLE}</h1><span class=date>12.11.2018 10:30</span>"
        f"<article>{body}</article></body></html>"
    )


@pytest.mark.parametrize("codec", ["cp1251", "koi8_r"])
def test_declared_legacy_encoding(codec: str) -> None:
    meta = f'<meta charset="{codec.replace("_", "-")}">'
    article = extract_article(page(meta).encode(codec), "https://example.kz/news/1234")
    assert article["title"] == TITLE
    assert article["body"] == "\n\n".join(PARAGRAPHS)
    assert article["language"] == "ru"


@pytest.mark.parametrize("codec", ["cp1251", "koi8_r"])
def test_undeclared_legacy_encoding_is_sniffed(codec: str) -> None:
    raw = page().encode(codec)
    assert sniff_legacy(raw) == codec
    assert TITLE in decode_html(raw)


def test_utf8_without_declaration_stays_utf8() -> None:
    raw = page().encode("utf-8")
    assert sniff_legacy(raw) is None
    assert TITLE in decode_html(raw)


def test_header_charset_wins_over_sniffing() -> None:
    raw = page().encode("koi8_r")
    assert TITLE in decode_html(raw, "text/html; charset=koi8-r")


def test_page_without_an_article_gives_a_clear_rejection_not_a_crash() -> None:
    from newscrawl.validate import problems

    article = extract_article(
        b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "https://example.kz/"
    )
    assert article["body"] == ""
    assert problems(article) == ["title: missing", "body: empty"]
    assert extract_article(b"", "https://example.kz/")["body"] == ""


@pytest.mark.parametrize("codec", ["cp1251", "koi8_r"])
def test_legacy_bytes_served_as_utf8(codec: str) -> None:
    raw = page('<meta charset="utf-8">').encode(codec)
    assert TITLE in decode_html(raw, "text/html; charset=utf-8")


def test_utf8_bytes_still_declaring_windows_1251() -> None:
    raw = page('<meta charset="windows-1251">').encode("utf-8")
    assert TITLE in decode_html(raw, "text/html; charset=windows-1251")


def test_bom_wins() -> None:
    raw = codecs.BOM_UTF8 + page('<meta charset="koi8-r">').encode("utf-8")
    assert decode_html(raw).startswith("<html>")
