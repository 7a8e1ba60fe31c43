"""Legacy encodings, Cyrillic and others, declared, mislabelled and undeclared; UTF-8 whatever
is declared."""

import codecs

import pytest

from newscrawl import extract_article
from newscrawl.extract import encoding
from newscrawl.extract.encoding import choose_encoding, decode_html, sniff_legacy

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


# Other scripts, for the other charsets news sites declare: (text, its legacy encoding).
NEWS = {
    "fr": (
        "Le gouvernement français a annoncé mercredi une réforme des retraites très contestée. "
        "« C’est un été difficile », a déclaré la ministre à l’Assemblée.",
        "cp1252",
    ),
    "pl": (
        "Rząd ogłosił w środę nowy program pomocy dla przedsiębiorców. Według ministra finansów "
        "żółta kartka dla gospodarki oznacza, że trzeba działać szybko.",
        "iso8859_2",
    ),
    "zh": (
        "国务院总理今天在北京主持召开常务会议，部署进一步扩大内需的政策措施，会议指出，"
        "要加快推进重大项目建设，稳定就业和物价。",
        "gb2312",
    ),
    "ja": (
        "政府は水曜日、新しい経済対策を発表しました。首相は記者会見で、物価の上昇に対応するため、"
        "家計への支援を強化すると述べました。",
        "shift_jis",
    ),
    "ko": (
        "정부는 수요일 새로운 경제 대책을 발표했다. 총리는 기자회견에서 물가 상승에 대응하기 위해 "
        "가계 지원을 강화하겠다고 밝혔다.",
        "euc_kr",
    ),
    "tw": (
        "行政院今天召開院會，通過明年度中央政府總預算案，行政院長表示，將持續推動經濟發展與社會福利政策。",
        "big5",
    ),
}
# What UTF-8 read as a legacy code page, or the reverse, leaves behind.
MOJIBAKE = ("Ã", "Â", "Ð", "Ñ", "\ufffd", "\x80", "\x9c")


def news_page(text: str, charset_meta: str = "") -> str:
    return (
        f"<html><head>{charset_meta}<title>{text[:12]}</title></head>"
        f"<body><article><p>{text}</p><p>{text}</p></article></body></html>"
    )


def assert_reads(text: str, html: str) -> None:
    assert text in html
    assert not [bad for bad in MOJIBAKE if bad in html]


def declared(label: str, where: str, text: str) -> tuple[str, str | None]:
    """The page and Content-Type header declaring label in the meta or the header."""
    if where == "meta":
        return news_page(text, f'<meta charset="{label}">'), None
    return news_page(text), f"text/html; charset={label}"


UTF8_DECLARING = [
    ("iso-8859-15", "fr"),
    ("windows-1252", "fr"),
    ("iso-8859-1", "fr"),
    ("ISO-8859-2", "pl"),
    ("GB2312", "zh"),
    ("GBK", "zh"),
    ("Shift_JIS", "ja"),
    ("EUC-KR", "ko"),
    ("Big5", "tw"),
]


@pytest.mark.parametrize("where", ["meta", "header"])
@pytest.mark.parametrize(("label", "lang"), UTF8_DECLARING)
def test_utf8_bytes_are_utf8_whatever_is_declared(label: str, lang: str, where: str) -> None:
    text = NEWS[lang][0]
    html, content_type = declared(label, where, text)
    assert_reads(text, decode_html(html.encode("utf-8"), content_type))


@pytest.mark.parametrize("label", ["windows-1251", "GB2312"])
def test_utf8_after_64_kib_of_ascii_script_is_still_utf8(label: str) -> None:
    script = "<script>var ids = [" + ",".join(map(str, range(20000))) + "];</script>"
    html = news_page(NEWS["zh"][0], f'<meta charset="{label}">' + script)
    assert_reads(NEWS["zh"][0], decode_html(html.encode("utf-8")))


@pytest.mark.parametrize("where", ["meta", "header"])
@pytest.mark.parametrize(
    ("lang", "codec", "label"),
    [
        ("fr", "cp1252", "windows-1252"),
        ("fr", "cp1252", "iso-8859-1"),
        ("pl", "iso8859_2", "ISO-8859-2"),
        ("zh", "gb2312", "GB2312"),
        ("zh", "gbk", "GBK"),
        ("ja", "shift_jis", "Shift_JIS"),
        ("ko", "euc_kr", "EUC-KR"),
        ("tw", "big5", "Big5"),
    ],
)
def test_legacy_page_is_read_in_its_declaration(
    lang: str, codec: str, label: str, where: str
) -> None:
    text = NEWS[lang][0]
    html, content_type = declared(label, where, text)
    assert_reads(text, decode_html(html.encode(codec), content_type))


def test_iso_8859_15_page_keeps_its_euro_and_oe() -> None:
    text = "Le cœur du projet coûte 5 €, a déclaré la ministre."
    raw = news_page(text, '<meta charset="iso-8859-15">').encode("iso8859_15")
    assert choose_encoding(raw) == "iso8859_15"
    assert_reads(text, decode_html(raw))


@pytest.mark.parametrize(
    ("text", "codec", "label"),
    [(NEWS["pl"][0], "cp1250", "ISO-8859-2"), (NEWS["fr"][0], "cp1252", "ISO-8859-15")],
)
def test_windows_page_declaring_its_iso_sibling(text: str, codec: str, label: str) -> None:
    raw = news_page(text, f'<meta charset="{label}">').encode(codec)
    assert choose_encoding(raw) == codec
    assert_reads(text, decode_html(raw))


def test_gb2312_page_with_a_truncated_character_keeps_its_declaration() -> None:
    text = NEWS["zh"][0]
    teaser = text.encode("gb2312")[:25]  # cut inside a character, as byte-counting CMSes do
    raw = news_page(text, '<meta charset="gb2312">').encode("gb2312")
    raw = raw.replace(b"</article>", b"<p>" + teaser + b"</p></article>")
    assert choose_encoding(raw) == "gb18030"
    assert text in decode_html(raw)


@pytest.mark.parametrize("lang", ["fr", "zh", "ja", "ko", "tw"])
def test_undeclared_legacy_page_is_detected(lang: str) -> None:
    text, codec = NEWS[lang]
    assert_reads(text, decode_html(news_page(text).encode(codec)))


@pytest.mark.parametrize("lang", ["fr", "zh"])
def test_legacy_page_served_as_utf8_is_detected(lang: str) -> None:
    text, codec = NEWS[lang]
    raw = news_page(text, '<meta charset="utf-8">').encode(codec)
    assert_reads(text, decode_html(raw, "text/html; charset=utf-8"))


@pytest.mark.parametrize("meta", ['<meta charset="windows-1251">', ""])
def test_cyrillic_page_behind_a_latin1_server_default(meta: str) -> None:
    raw = page(meta).encode("cp1251")
    assert choose_encoding(raw, "text/html; charset=iso-8859-1") == "cp1251"


def test_meta_wins_a_tie_with_a_latin1_server_default() -> None:
    raw = news_page(NEWS["pl"][0], '<meta charset="windows-1250">').encode("cp1250")
    assert choose_encoding(raw, "text/html; charset=iso-8859-1") == "cp1250"


def test_ascii_page_reads_alike_whatever_is_declared() -> None:
    html = news_page("Markets rallied on Wednesday.")
    assert decode_html(html.encode(), "text/html; charset=shift_jis") == html


def test_utf8_page_never_reaches_charset_normalizer(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("charset-normalizer called on a UTF-8 page")

    monkeypatch.setattr(encoding, "from_bytes", refuse)
    monkeypatch.setattr(encoding, "mess_ratio", refuse)
    html = news_page(NEWS["zh"][0], '<meta charset="gb2312">')
    assert_reads(NEWS["zh"][0], decode_html(html.encode("utf-8"), "text/html; charset=gbk"))


FR_TITLE = "Le gouvernement présente une réforme contestée"
FR_PARAGRAPHS = [
    "Le gouvernement français a annoncé mercredi une réforme des retraites très contestée par "
    "les syndicats, qui appellent à une grève générale dès la semaine prochaine.",
    "« C’est un été difficile pour tout le monde », a déclaré la ministre devant l’Assemblée, "
    "où les députés ont débattu jusqu’à l’aube.",
]


def test_utf8_article_declaring_iso_8859_15_is_extracted_without_mojibake() -> None:
    body = "".join(f"<p>{p}</p>" for p in FR_PARAGRAPHS)
    html = (
        f'<html><head><meta charset="iso-8859-15"><title>{FR_TITLE}</title>'
        '<meta property="og:type" content="article"></head>'
        f"<body><h1>{FR_TITLE}</h1><span class=date>12.11.2018 10:30</span>"
        f"<article>{body}</article></body></html>"
    )
    article = extract_article(html.encode("utf-8"), "https://example.fr/news/1234")
    assert article["title"] == FR_TITLE
    assert article["body"] == "\n\n".join(FR_PARAGRAPHS)
    assert article["language"] == "fr"
    assert not [bad for bad in MOJIBAKE if bad in article["title"] + article["body"]]


def test_control_characters_are_taken_out_of_the_page() -> None:
    decoded = decode_html("<p>Курс\x01 тенге\x1b[0m укрепился\x7f\tв среду</p>".encode())
    assert decoded == "<p>Курс тенге[0m укрепился\tв среду</p>"
