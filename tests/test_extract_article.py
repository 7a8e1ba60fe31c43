"""Field precedence: the site's template, then structured data, then the visible page."""

from parsel import Selector

from newscrawl.extract.article import extract_draft
from newscrawl.extract.overrides import Override

URL = "https://news.example/ru/news/1"
JSONLD = (
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Из JSON-LD",'
    '"datePublished":"2018-11-09T11:07:00+06:00","dateModified":"2018-11-10T08:00:00+06:00",'
    '"author":{"@type":"Person","name":"Автор Из Разметки"},"keywords":"экономика, рынок",'
    '"articleSection":"Экономика","image":"/img/ld.jpg","description":"Лид из разметки"}</script>'
)
P1 = "Первый абзац статьи рассказывает о том, что случилось в городе в понедельник утром."
P2 = "Второй абзац статьи приводит слова очевидцев и официальный комментарий акимата."
PAGE = f"""<html lang="ru"><head>{JSONLD}
<meta property="og:title" content="Из OpenGraph"><meta property="og:image" content="/img/og.jpg">
</head><body><h1 class="title">Из шаблона</h1><span class="date">09 ноября 2018, 11:07</span>
<div class="text"><p>{P1}</p><p>{P2}</p></div>
<div class="side"><p>Боковая колонка</p></div></body></html>"""


def draft(html: str, overrides: dict[str, Override] | None = None):
    return extract_draft(
        Selector(text=html),
        URL,
        site="news.example",
        timezone="Asia/Almaty",
        fetched_at="2026-11-27T21:00:00+00:00",
        overrides=overrides,
    )


def test_site_selectors_win() -> None:
    d = draft(PAGE, {"title": "h1.title", "published": ".date", "body": ".text"})
    assert d.title == "Из шаблона"
    assert d.published_raw == "09 ноября 2018, 11:07"
    assert [b.text for b in d.blocks] == [P1, P2]


def test_structured_data_fills_what_the_template_lacks() -> None:
    d = draft(PAGE, {"body": ".text"})
    assert d.title == "Из JSON-LD"
    assert d.published_raw == "2018-11-09T11:07:00+06:00"
    assert d.modified_raw == "2018-11-10T08:00:00+06:00"
    assert d.authors == ["Автор Из Разметки"]
    assert d.tags == ["экономика", "рынок"]
    assert d.section == "Экономика"
    assert d.lead == "Лид из разметки"
    assert d.image_url == "https://news.example/img/ld.jpg"
    assert d.declares_article


def test_meta_then_visible_page() -> None:
    no_ld = PAGE.replace(JSONLD, "")
    d = draft(no_ld)
    assert d.title == "Из OpenGraph"
    assert d.image_url == "https://news.example/img/og.jpg"
    assert d.language_hint == "ru"
    # no body selector: the container with the most paragraph text
    assert [b.text for b in d.blocks][:2] == [P1, P2]
    bare = draft(
        "<html><head><title>Только title</title></head><body><h1>Заголовок h1</h1>"
        f"<p>{P1}</p></body></html>"
    )
    assert bare.title == "Заголовок h1"
    assert not bare.declares_article


def test_page_without_an_article_gives_an_empty_draft() -> None:
    d = draft("<html><body><nav><a href='/'>Главная</a></nav></body></html>")
    assert d.blocks == [] and not d.declares_article and d.published_raw is None


def test_site_name_is_cut_from_og_and_html_titles() -> None:
    page = (
        '<html><head><meta property="og:title" content="Независимое бюро новостей | В '
        'Днепропетровске сделали операцию"><meta property="og:site_name" content="Независимое '
        f'бюро новостей"></head><body><p>{P1}</p></body></html>'
    )
    assert draft(page).title == "В Днепропетровске сделали операцию"
    with_h1 = (
        "<html><head><title>Budget approved - Daily News</title></head><body>"
        f"<h1>Budget approved</h1><p>{P1}</p></body></html>"
    )
    assert draft(with_h1).title == "Budget approved"


def test_a_declared_article_body_in_parts_is_read_whole() -> None:
    page = (
        "<html><body><h1>Заголовок</h1>"
        f'<div itemprop="articleBody"><p>{P1}</p></div>'
        '<div class="paywall-break"><p>Подпишитесь, чтобы читать дальше</p></div>'
        f'<div itemprop="articleBody"><p>{P2}</p>'
        '<div itemprop="articleBody"><p>Вложенная часть считается один раз.</p></div></div>'
        "</body></html>"
    )
    assert [b.text for b in draft(page).blocks] == [P1, P2, "Вложенная часть считается один раз."]


def test_a_date_printed_in_the_byline_beside_the_author() -> None:
    # Undated, such a page was no article to the generic spider (not_article).
    byline = '<div class="byline">5 марта 2024, 18:20 | Автор: Ольга Ли</div>'
    page = PAGE.replace(JSONLD, "").replace(
        '<span class="date">09 ноября 2018, 11:07</span>', byline
    )
    assert draft(page).published_raw == "5 марта 2024, 18:20"
    # a date and its time apart stay together
    apart = '<div class="byline">12.03.2024 | 14:35 | Автор: Ольга Ли</div>'
    assert draft(page.replace(byline, apart)).published_raw == "12.03.2024 14:35"
    words = '<div class="byline">Автор: Ольга Ли · фото пресс-службы</div>'
    assert draft(page.replace(byline, words)).published_raw is None
