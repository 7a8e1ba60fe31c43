from pathlib import Path

import pytest

from newscrawl.extract.language import detect, guess

PARAGRAPHS = {
    "en": "The participants have agreed to continue cooperation in military and economic and "
    "military and technical spheres, the deputy secretary-general said on Friday.",
    "ru": "Участники договорились продолжить сотрудничество в военно-экономической и "
    "военно-технической сферах, сообщил заместитель генерального секретаря в пятницу.",
    "kk": "Қатысушылар әскери-экономикалық және әскери-техникалық салалардағы ынтымақтастықты "
    "жалғастыруға келісті, деп хабарлады бас хатшының орынбасары жұма күні.",
    "uk": "Учасники домовилися продовжити співпрацю у військово-економічній та "
    "військово-технічній сферах, повідомив заступник генерального секретаря у п'ятницю.",
    "de": "Die Teilnehmer haben vereinbart, die Zusammenarbeit im militärischen und "
    "wirtschaftlichen Bereich fortzusetzen, sagte der stellvertretende Generalsekretär.",
}


@pytest.mark.parametrize(("language", "text"), PARAGRAPHS.items())
def test_paragraph_languages(language: str, text: str) -> None:
    found, confidence = detect(text)
    assert found == language
    assert confidence > 0.5


def test_russian_with_kazakh_names_stays_russian() -> None:
    assert (
        detect(
            "Президент Қасым-Жомарт Тоқаев подписал указ о назначении нового акима "
            "области, сообщает пресс-служба Акорды."
        )[0]
        == "ru"
    )


def test_deterministic() -> None:
    assert len({detect(PARAGRAPHS["de"]) for _ in range(5)}) == 1


def test_too_little_text() -> None:
    assert detect("12:05") == (None, 0.0)


def test_short_headline_takes_the_page_language_unless_it_reads_otherwise() -> None:
    assert guess("Kazakhstan GDP grew 4 percent", "en") == "en"
    assert guess("Astana Motors", "de") == "de"
    assert guess("Похожие новости", "en") == "ru"
    assert guess("Тағы оқыңыз", "ru") == "kk"


LANGUAGE_SETS = Path(__file__).parent / "fixtures" / "language"


@pytest.mark.parametrize("language", ["en", "ru", "kk", "uk"])
def test_paragraph_sets_are_labelled_at_least_99_percent_right(language: str) -> None:
    lines = (LANGUAGE_SETS / f"{language}.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 80
    wrong = [line[:60] for line in lines if detect(line)[0] != language]
    assert len(wrong) <= len(lines) // 100, wrong
