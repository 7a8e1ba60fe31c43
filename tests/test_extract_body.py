"""Where the article is on a page with no site selectors: newscrawl.extract.body.

Every page here is hand-written for the test; the news in it is invented.
"""

from __future__ import annotations

import pytest
from parsel import Selector

from newscrawl.extract.body import article_blocks


def texts(html: str, title: str | None = None) -> list[str]:
    body = Selector(text=html).root.find("body")
    assert body is not None
    return [b.text for b in article_blocks(body, title)]


def page(inner: str, lang: str = "en") -> str:
    return f'<html lang="{lang}"><head><title>Test page</title></head><body>{inner}</body></html>'


def links(count: int, label: str = "Other story") -> str:
    """A list of linked headlines: blocks that are never prose."""
    items = "".join(f'<li><a href="/news/{i}">{label} number {i}</a></li>' for i in range(count))
    return f"<ul>{items}</ul>"


TITLE = "Riverton closes the old harbour bridge to heavy traffic"
P1 = (
    "The city council of Riverton voted on Tuesday to close the old harbour bridge to heavy "
    "traffic from the first of March, citing cracks found during a routine inspection."
)
P2 = (
    "Engineers told councillors that the steel supports had corroded faster than expected and "
    "that repairs would take at least eighteen months to complete."
)
P3 = (
    "Local hauliers said the detour through the industrial district would add forty minutes to "
    "each delivery and asked the council for temporary loading permits."
)
P4 = (
    "The mayor, Helen Okafor, said the decision was difficult but that public safety had to "
    "come first, and promised a new crossing by the end of next year."
)
P5 = (
    "Cyclists and pedestrians will still be able to use the bridge, although the council warned "
    "that one of the two footpaths may be closed for several weekends in spring."
)
SIDE = (
    "Our weekly newsletter brings you the best stories from Riverton and the valley every "
    "Friday morning."
)


def test_longest_run_of_prose_wins_over_a_shorter_one() -> None:
    html = page(
        f'<div class="column"><p>{SIDE}</p></div>'
        f"{links(10)}"
        f'<div class="story"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>'
    )
    assert texts(html) == [P1, P2, P3]


def test_header_footer_nav_aside_and_class_named_furniture_are_not_the_article() -> None:
    prose_like = (
        "Riverton Daily is the oldest independent newspaper in the valley, "
        "founded by printers in 1921."
    )
    html = page(
        f"<header><p>{prose_like}</p></header>"
        f"<nav><p>{prose_like}</p></nav>"
        f"<article><h1>{TITLE}</h1><p>{P1}</p>"
        f'<div class="share-buttons"><p>Share this story with your friends, your family and '
        f"your colleagues on every network you use.</p></div>"
        f"<p>{P2}</p>"
        f"<aside><p>{SIDE}</p></aside>"
        f"<p>{P3}</p></article>"
        f'<div class="sidebar"><p>{SIDE}</p></div>'
        f'<div class="comments"><p>I drive across that bridge twice a day and it has been '
        f"shaking for years, so this decision comes far too late.</p></div>"
        f"<footer><p>{prose_like}</p></footer>"
    )
    assert texts(html, TITLE) == [P1, P2, P3]


def test_subheading_and_read_also_link_between_paragraphs_stay_inside_the_run() -> None:
    read_also = '<a href="/news/77">Read also: Ferry service returns to the north quay</a>'
    html = page(
        f"<article><h1>{TITLE}</h1><p>{P1}</p><p>{P2}</p>"
        f"<h2>What the hauliers say</h2><p>{P3}</p>"
        f"<p>{read_also}</p><p>{P4}</p></article>"
    )
    assert texts(html, TITLE) == [
        P1,
        P2,
        "What the hauliers say",
        P3,
        "Read also: Ferry service returns to the north quay",
        P4,
    ]


def test_run_right_after_the_headline_beats_a_somewhat_longer_run_far_below() -> None:
    lower = [
        "A second, unrelated report about the regional football league, where the Riverton "
        f"club lost again on Saturday, fills paragraph {n} of a teaser block far below."
        for n in range(3)
    ]
    html = page(
        f"<h1>{TITLE}</h1>"
        f"<article><p>{P1}</p><p>{P2}</p></article>"
        f"{links(30, 'Most read')}"
        f'<section class="more">{"".join(f"<p>{t}</p>" for t in lower)}</section>'
    )
    # Without the bonus the lower run would win: it holds more prose, yet less than double.
    article, below = len(P1) + len(P2), sum(map(len, lower))
    assert article < below < 2 * article
    assert texts(html, TITLE) == [P1, P2]
    assert texts(html.replace(f"<h1>{TITLE}</h1>", "")) == lower


@pytest.mark.parametrize("heading", ["Comments", "Комментарии"])
def test_prose_after_a_comments_heading_is_not_chosen_over_the_article(heading: str) -> None:
    said = [
        "I have been saying for years that the bridge is unsafe, and nobody at the town hall "
        "ever listened to the people who actually live next to it.",
        "Forty minutes extra for every delivery is going to ruin small shops in the old town, "
        "and the council does not seem to care about them at all.",
        "My grandfather helped to build that bridge in the fifties and it is sad to see it end "
        "like this, but I suppose safety has to come first for everyone.",
    ]
    html = page(
        f'<div class="story"><p>{P1}</p><p>{P2}</p></div>'
        f'<section class="talk"><h2>{heading}</h2>{"".join(f"<p>{t}</p>" for t in said)}'
        "</section>"
    )
    assert sum(map(len, said)) > len(P1) + len(P2)  # readers wrote more than the article
    assert texts(html) == [P1, P2]


def test_dated_copyright_notice_ends_the_article() -> None:
    after = (
        "Riverton Daily is published by Example News Ltd, registered in the valley under "
        "licence number 4471 since the spring of 1998."
    )
    # The notice and the prose after it sit in the article's own container: only the notice
    # keeps that prose out.
    html = page(
        f"<article><h1>{TITLE}</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p>"
        f"<p>© 2024 Example News. All rights reserved.</p><p>{after}</p></article>"
    )
    assert texts(html, TITLE) == [P1, P2, P3]


def test_photo_credit_copyright_line_does_not_end_the_article() -> None:
    html = page(
        f"<article><h1>{TITLE}</h1><p>{P1}</p><p>{P2}</p>"
        f'<figure><img src="/img/bridge.jpg"><figcaption>© Matt Campbell / DPA</figcaption>'
        f"</figure><p>{P3}</p><p>{P4}</p></article>"
    )
    assert texts(html, TITLE) == [P1, P2, "© Matt Campbell / DPA", P3, P4]


def test_masthead_line_above_the_headline_is_trimmed() -> None:
    masthead = "Riverton Daily — independent news from the valley towns and villages since 1998"
    html = page(
        f'<div class="brand"><div>{masthead}</div></div>'
        f"<h1>{TITLE}</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p>"
    )
    assert texts(html, TITLE) == [TITLE, P1, P2, P3]


def test_prose_box_outside_the_article_container_is_not_included() -> None:
    bio = (
        "Anna Petrova covers transport and city politics for Riverton Daily and has written "
        "about the harbour for ten years."
    )
    html = page(
        f'<div class="main-column"><h1>{TITLE}</h1>'
        f"<article><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p><p>{P5}</p></article>"
        f'<div class="author-bio"><p>{bio}</p></div></div>'
    )
    assert texts(html, TITLE) == [P1, P2, P3, P4, P5]


def test_in_article_widget_splitting_the_article_still_yields_both_halves() -> None:
    html = page(
        f"<h1>{TITLE}</h1>"
        f"<article><p>{P1}</p><p>{P2}</p><p>{P3}</p>"
        f'<div class="promo-box">{links(12, "Trending")}</div>'
        f"<p>{P4}</p><p>{P5}</p></article>"
        f'{links(10)}<div class="teasers"><p>{SIDE}</p></div>'
    )
    # Three runs: the article's two halves, and the teaser's prose outside <article>.
    assert texts(html, TITLE) == [P1, P2, P3, P4, P5]


def test_listing_of_linked_headlines_without_running_prose_gives_nothing() -> None:
    items = "".join(
        f'<li><a href="/news/{i}">Riverton council debates the future of the old harbour '
        f"bridge and the ferry, part {i}</a><span>12:0{i}</span></li>"
        for i in range(8)
    )
    html = page(f"<h1>Latest news</h1><ul>{items}</ul><p>Page 1 of 20</p>")
    assert texts(html) == []


def test_skeleton_named_like_furniture_is_not_treated_as_furniture() -> None:
    html = page(
        f'<div class="page has-sidebar"><h1>{TITLE}</h1>'
        f'<div class="text"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></div>'
    )
    assert texts(html, TITLE) == [P1, P2, P3]


def test_an_aside_inside_the_skeleton_is_still_furniture() -> None:
    html = page(
        f'<div class="page has-sidebar"><h1>{TITLE}</h1>'
        f"<div><p>{P1}</p><aside><p>{SIDE}</p></aside><p>{P2}</p><p>{P3}</p></div></div>"
    )
    assert texts(html, TITLE) == [P1, P2, P3]


def test_short_opening_lines_and_a_closing_sentence_beside_the_run_belong_to_it() -> None:
    html = page(
        f"<article><h1>{TITLE}</h1><p>Dear readers,</p><p>It was bound to happen.</p>"
        f"<p>{P1}</p><p>{P2}</p><p>We will keep you posted!</p></article>"
        "<p>Sign up</p>"
    )
    assert texts(html, TITLE) == [
        "Dear readers,",
        "It was bound to happen.",
        P1,
        P2,
        "We will keep you posted!",
    ]
    # Below the article a label is not a closing sentence; a line in another container or
    # with a link is not the article's.
    labels = page(
        f'<article><h1>{TITLE}</h1><div><a href="/">Home</a></div><p>{P1}</p><p>{P2}</p>'
        "<p>Share this</p></article><div><p>Read more.</p></div>"
    )
    assert texts(labels, TITLE) == [P1, P2]


def test_a_plain_list_between_paragraphs_is_one_interruption() -> None:
    ingredients = "".join(f"<li>{n} g of ingredient {n}</li>" for n in range(1, 13))
    html = page(f"<article><h1>{TITLE}</h1><p>{P1}</p><ul>{ingredients}</ul><p>{P2}</p></article>")
    found = texts(html, TITLE)
    assert found[0] == P1 and found[-1] == P2 and len(found) == 14
    # Twelve linked items are twelve blocks of something else: the runs stay apart.
    linked = page(f"<div><p>{P1}</p>{links(12)}<p>{P2}</p><p>{P3}</p></div>")
    assert texts(linked) == [P2, P3]


RU_TITLE = "В Алматы открыли новую линию метро"
RU = [
    "В понедельник в Алматы открыли участок новой линии метро длиной семь километров, "
    "который соединил микрорайоны на западе города с центром.",
    "По словам представителей акимата, поезда будут ходить каждые восемь минут, а в часы "
    "пик интервал сократят до пяти минут.",
    "Жители района Алатау рассказали, что раньше тратили на дорогу до работы больше часа, "
    "а теперь доберутся за двадцать минут.",
]
KK_TITLE = "Алматыда метроның жаңа желісі ашылды"
KK = [
    "Дүйсенбі күні Алматыда метроның жаңа желісінің жеті шақырымдық бөлігі ашылып, қаланың "
    "батысындағы шағын аудандар орталықпен байланысты.",
    "Әкімдік өкілдерінің айтуынша, пойыздар әр сегіз минут сайын жүреді, ал қарбалас "
    "уақытта аралық бес минутқа дейін қысқарады.",
    "Алатау ауданының тұрғындары бұрын жұмысқа бір сағаттан астам уақыт жұмсағанын, енді "
    "жиырма минутта жететінін айтты.",
]
RU_SIDE = (
    "Подпишитесь на нашу ежедневную рассылку, чтобы первыми узнавать главные новости города "
    "и региона."
)
KK_SIDE = (
    "Қаланың және өңірдің басты жаңалықтарын бірінші болып білу үшін күнделікті "
    "таратылымымызға жазылыңыз."
)


@pytest.mark.parametrize(
    ("lang", "title", "paragraphs", "side", "notice"),
    [
        ("ru", RU_TITLE, RU, RU_SIDE, "© 2024 Пример Ньюс. Все права защищены."),
        ("kk", KK_TITLE, KK, KK_SIDE, "© 2024 Мысал Ньюс. Барлық құқықтар қорғалған."),
    ],
)
def test_cyrillic_prose_is_found_the_same_way(
    lang: str, title: str, paragraphs: list[str], side: str, notice: str
) -> None:
    html = page(
        f"<header><p>{side}</p></header>"
        f'<div class="column"><p>{side}</p></div>{links(10, "Новость")}'
        f"<h1>{title}</h1>"
        f'<div class="text">{"".join(f"<p>{p}</p>" for p in paragraphs)}'
        f"<div>{notice}</div><p>{side}</p></div>",
        lang,
    )
    assert texts(html, title) == paragraphs


def test_a_standfirst_under_the_headline_outside_the_article_container_is_kept() -> None:
    standfirst = (
        "Hauliers face a forty-minute detour from March while engineers repair the corroded "
        "steel supports of the old crossing."
    )
    html = page(
        f'<div class="intro"><h1>{TITLE}</h1><p>Text size</p><p>{standfirst}</p></div>'
        f'<div class="story"><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p><p>{P5}</p></div>'
        f"{links(10)}<div><p>{SIDE}</p></div>"
    )
    assert texts(html, TITLE) == [standfirst, P1, P2, P3, P4, P5]


def test_a_header_left_open_around_the_whole_page_is_not_furniture() -> None:
    html = page(
        f'<header class="site"><nav>{links(6)}</nav><p>Riverton Daily</p><header class="page">'
        f"<main><article><h1>{TITLE}</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p></article></main>"
    )
    assert texts(html, TITLE) == [P1, P2, P3]
    no_main = page(
        f"<header><p>Riverton Daily</p><div><h1>{TITLE}</h1>"
        f"<p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p></div>"
    )
    assert texts(no_main, TITLE) == [P1, P2, P3, P4]


def test_an_article_set_in_a_series_of_twin_sections_is_read_whole() -> None:
    def section(*paragraphs: str) -> str:
        inner = "".join(f"<p>{p}</p>" for p in paragraphs)
        return f'<div class="story-block"><div class="story-block-content">{inner}</div></div>'

    trending = f'<div class="trending">{links(14, "Trending story")}</div>'
    html = page(
        f"<main><article><h1>{TITLE}</h1>{section(P1, P2)}{trending}{section(P3, P4)}"
        f"</article>{links(10)}<div><p>{SIDE}</p></div></main>"
    )
    assert texts(html, TITLE) == [P1, P2, P3, P4]


def test_a_page_whose_only_prose_is_the_footer_has_no_article() -> None:
    html = page(
        f"<h1>{TITLE}</h1><div class='text'></div><footer>"
        "<p>© 2013-2024 Riverton Daily. All rights reserved. Reprints only with an active "
        "hyperlink to the original article.</p>"
        "<p>Riverton, 5 Harbour Street, office 410. Phone: +1 555 0100, +1 555 0101, "
        "fax +1 555 0102.</p>"
        "</footer>"
    )
    assert texts(html, TITLE) == []


def test_opening_paragraph_cut_off_by_a_box_of_job_ads_is_kept() -> None:
    ads = "".join(
        f'<div class="job"><a href="/jobs/{n}">IT specialist (m/w/d) at employer {n}</a></div>'
        for n in range(10)
    )
    html = page(
        f"<main><article><h1>{TITLE}</h1><p>{P1}</p><div>New job offers</div>{ads}"
        f"<p>{P2}</p><p>{P3}</p><p>{P4}</p></article></main>{links(10)}<div><p>{SIDE}</p></div>"
    )
    found = texts(html, TITLE)
    assert found[0] == P1 and found[-3:] == [P2, P3, P4]
