"""The marker files of every language we ship: each names every category, and the phrases of
the newer files (uz, ky, be, az, ar, zh) split template lines off a body built the way
tests/test_extract_boilerplate.py builds them."""

from dataclasses import dataclass

import pytest

from newscrawl.extract.blocks import Block
from newscrawl.extract.boilerplate import CATEGORIES, load_markers, match_marker, split

# Languages whose file names every category.
COVERED = "en ru kk uk uz ky be az de fr es it pt pl tr ar zh".split()


def paragraph(text: str) -> Block:
    return Block(text, "p")


def link(text: str) -> Block:
    return Block(text, "li", len(text), 1)


@dataclass(frozen=True)
class Case:
    article: str  # a paragraph of the story
    later: str  # and another one
    heading: str  # a heading marker, followed by two linked headlines
    headlines: tuple[str, str]
    share: str  # a share line
    line: str  # a credit or source line
    line_reason: str
    ending: str  # a comments or typo-notice heading


CASES = {
    "uz": Case(
        "Oʻzbekiston hukumati kelgusi yil uchun davlat byudjetini parlamentning quyi palatasida "
        "uzoq muhokamadan soʻng seshanba kuni tasdiqladi.",
        "Muxolifat deputatlari reja qishloq maktablariga ajratiladigan xarajatlarni "
        "qisqartirishini aytib, uni yuqori palatada oʻzgartirishga vaʼda berdi.",
        "Shuningdek oʻqing",
        ("Toshkentda narxlar oshdi", "Samarqandda yangi koʻprik ochildi"),
        "Ulashish",
        "Manba: Kun.uz",
        "marker:source",
        "Izohlar",
    ),
    "ky": Case(
        "Өкмөт кийинки жылдын бюджетин парламенттин төмөнкү палатасында узак талкуудан кийин "
        "шейшемби күнү жактырды.",
        "Оппозициялык депутаттар план айыл мектептерине чыгымдарды кыскартат деп, аны жогорку "
        "палатада өзгөртүүгө убада беришти.",
        "Тектеш жаңылыктар",
        ("Бишкекте баалар өстү", "Ошто жаңы көпүрө ачылды"),
        "Бөлүшүү",
        "Сүрөт: Kaktus.media",
        "marker:credit",
        "Комментарийлер",
    ),
    "be": Case(
        "Урад зацвердзіў бюджэт на наступны год пасля доўгай дыскусіі ў ніжняй палаце "
        "парламента ў аўторак.",
        "Дэпутаты апазіцыі заявілі, што план скарачае выдаткі на вясковыя школы, і паабяцалі "
        "змяніць яго ў верхняй палаце.",
        "Чытайце таксама",
        ("У Мінску павысіліся цэны", "У Гродне адкрылі новы мост"),
        "Падзяліцца",
        "Фота: Reuters",
        "marker:credit",
        "Каментарыі",
    ),
    "az": Case(
        "Hökumət uzun müzakirələrdən sonra çərşənbə axşamı parlamentin aşağı palatasında gələn "
        "ilin büdcəsini təsdiqləyib.",
        "Müxalifət deputatları planın kənd məktəblərinə xərcləri azaldığını bildirib və onu "
        "yuxarı palatada dəyişdirəcəklərini vəd ediblər.",
        "Oxşar xəbərlər",
        ("Bakıda qiymətlər artıb", "Gəncədə yeni körpü açılıb"),
        "Sosial şəbəkələrdə paylaş",
        "Mənbə: APA",
        "marker:source",
        "Şərhlər",
    ),
    "ar": Case(
        "وافقت الحكومة على موازنة العام المقبل بعد نقاش طويل في مجلس النواب يوم الثلاثاء.",
        "وقال نواب المعارضة إن الخطة تخفض الإنفاق على المدارس الريفية ووعدوا بتعديلها في "
        "مجلس الشيوخ.",
        "أخبار ذات صلة",
        ("ارتفاع الأسعار في القاهرة", "افتتاح جسر جديد في الإسكندرية"),
        "شارك الخبر",
        "المصدر: وكالة الأنباء",
        "marker:source",
        "التعليقات",
    ),
    "zh": Case(
        "政府在周二经过众议院的长时间辩论后，批准了明年的预算。",
        "反对派议员表示，该计划削减了农村学校的开支，并承诺在参议院对其进行修改。",
        "相关新闻",
        ("北京房价上涨", "上海新桥通车"),
        "分享到：",
        "图片来源: 新华社",
        "marker:credit",
        "网友评论",
    ),
}


def test_every_category_in_every_covered_language() -> None:
    named: dict[str, set[str]] = {}
    for marker in load_markers():
        named.setdefault(marker.language, set()).add(marker.category)
    missing = {lang: CATEGORIES - named.get(lang, set()) for lang in COVERED}
    assert {lang: cats for lang, cats in missing.items() if cats} == {}


@pytest.mark.parametrize("language", sorted(CASES))
def test_heading_share_and_credit_lines_are_split_off(language: str) -> None:
    case = CASES[language]
    article, later = paragraph(case.article), paragraph(case.later)
    blocks = [
        article,
        Block(case.heading, "h3"),
        link(case.headlines[0]),
        link(case.headlines[1]),
        Block(case.share, "div"),
        paragraph(case.line),
        later,
    ]
    kept, removed = split(blocks, language)
    assert kept == [article, later]
    heading = next(s for s in removed if s.text == case.heading)
    category = heading.reason.removeprefix("marker:")
    assert category in ("read_also", "related_news")
    assert [(s.text, s.reason, s.language) for s in removed] == [
        (case.heading, f"marker:{category}", language),
        (case.headlines[0], f"linked_after_marker:{category}", None),
        (case.headlines[1], f"linked_after_marker:{category}", None),
        (case.share, "marker:share", language),
        (case.line, case.line_reason, language),
    ]


@pytest.mark.parametrize("language", sorted(CASES))
def test_a_comments_heading_ends_the_article(language: str) -> None:
    case = CASES[language]
    article = paragraph(case.article)
    kept, removed = split([article, Block(case.ending, "h3"), paragraph(case.later)], language)
    assert kept == [article]
    assert [(s.reason, s.language) for s in removed] == [
        ("marker:end_of_article", language),
        ("after_marker:end_of_article", None),
    ]


@pytest.mark.parametrize(
    ("text", "language", "category"),
    [
        ("Shuningdek o‘qing: Toshkentda narxlar oshdi", "uz", "read_also"),  # ‘ for ʻ
        ("Telegram kanalimizga obuna bo'ling", "uz", "subscribe"),
        ("Шунингдек ўқинг:", "uz", "read_also"),  # Uzbek in Cyrillic
        ("Ошондой эле окуңуз: Бишкекте баалар өстү", "ky", "read_also"),
        ("Булак: Kabar", "ky", "source"),
        ("Падпісвайцеся на наш Telegram-канал", "be", "subscribe"),
        ("Крыніца: БелТА", "be", "source"),
        ("HƏMÇİNİN OXUYUN", "az", "read_also"),  # İ folds to i and a combining dot
        ("Telegram kanalımıza abunə olun", "az", "subscribe"),
        ("اقرأ أيضاً: الحكومة تعلن الموازنة", "ar", "read_also"),
        ("تابعونا على تويتر", "ar", "subscribe"),
        ("جميع الحقوق محفوظة © 2024", "ar", "copyright"),
        ("صورة تعبيرية", "ar", "credit"),
        ("延伸閱讀", "zh", "read_also"),  # traditional
        ("【纠错】", "zh", "end_of_article"),
        ("关注我们", "zh", "subscribe"),
        ("广告", "zh", "advertising"),
        ("版权所有", "zh", "copyright"),
        ("İlgili Haberler", "tr", "related_news"),
        ("BUNLAR DA İLGİNİZİ ÇEKEBİLİR", "tr", "read_also"),
    ],
)
def test_markers_in_the_newer_languages_and_scripts(
    text: str, language: str, category: str
) -> None:
    found = match_marker(Block(text, "p"))
    assert found is not None
    assert (found.marker.language, found.marker.category) == (language, category)


@pytest.mark.parametrize(
    "text",
    [
        "分享经济在中国快速发展，吸引了大量投资。",  # starts with 分享 (share)
        "来源于民间的智慧，往往比书本更加实用。",  # starts with 来源 (source)
        "شارك في الاجتماع أكثر من مئة خبير من عشرين دولة.",  # شارك: took part / share
        "Izohlar bilan tanishib chiqqan komissiya yakuniy qarorni keyingi haftaga qoldirdi.",
    ],
)
def test_sentences_that_start_like_a_marker_stay(text: str) -> None:
    block = paragraph(text)
    assert match_marker(block) is None


# Chinese puts a full-width colon after a label, and a Chinese phrase is a single \w run, so
# a one-word line marker has no separator after it: match_marker's separators are ASCII
# (":", "-", "—", "–", "|"), and `fold` (casefold, no NFKC) leaves "：" as it is.
_FULL_WIDTH = (
    "match_marker: '：' (U+FF1A) is no separator, and a line-category phrase that is one "
    "\\w run (图片来源, 来源) needs one; an unlinked heading marker needs one too"
)


@pytest.mark.xfail(strict=True, reason=_FULL_WIDTH)
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("图片来源：新华社", "credit"),
        ("来源：新华社", "source"),
        ("相关阅读：北京房价上涨", "read_also"),
    ],
)
def test_chinese_label_with_a_full_width_colon(text: str, category: str) -> None:
    found = match_marker(Block(text, "p"))
    assert found is not None and found.marker.category == category
