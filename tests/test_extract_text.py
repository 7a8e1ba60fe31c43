import pytest

from newscrawl.extract.text import clean, fold, split_authors


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Kazakh\u00adstan", "Kazakhstan"),  # soft hyphen
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("&laquo;Цитата&raquo; &amp; more", "«Цитата» & more"),
        ("  many \n\t spaces\u00a0here ", "many spaces here"),
        ("e\u0301", "\u00e9"),  # NFC
        ("<b>Лид</b> с разметкой", "Лид с разметкой"),
        ("обрезано, сообщает <a href=http://www.bbc.co.uk/news/health-1", "обрезано, сообщает"),
        ("x < y and y > z", "x < y and y > z"),
        (None, ""),
    ],
)
def test_clean(raw: str | None, expected: str) -> None:
    assert clean(raw) == expected


def test_fold_ignores_case_and_edge_punctuation() -> None:
    assert fold("«Читайте ТАКЖЕ:»") == "читайте также"


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Author: Aigerim Sadykova", ["Aigerim Sadykova"]),
        ("Автор: Асель Тулегенова", ["Асель Тулегенова"]),
        ("Авторы: Ерлан Ахметов и Дина Ким", ["Ерлан Ахметов", "Дина Ким"]),
        ("By John Smith and Jane Doe", ["John Smith", "Jane Doe"]),
    ],
)
def test_split_authors(byline: str, names: list[str]) -> None:
    assert split_authors(byline) == names
