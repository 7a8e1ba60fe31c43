"""The Fault Gazette's articles and page templates. The stories are invented for these tests:
four in English, four in Russian, each dated, with a lead and four paragraphs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Story:
    slug: str
    language: str
    title: str
    lead: str
    published: str  # ISO 8601
    section: str
    author: str
    paragraphs: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"/news/{self.slug}"


STORIES = (
    Story(
        slug="2026-11-18-riverside-tram-line-approved",
        language="en",
        title="Riverside tram line approved after two-year debate",
        lead="Councillors voted 31 to 12 for the nine-kilometre line along the embankment.",
        published="2026-11-18T09:30:00+00:00",
        section="City",
        author="Helen Marsh",
        paragraphs=(
            "The city council voted 31 to 12 on Tuesday evening to approve the Riverside tram "
            "line, ending a debate that has run through two budget cycles and more than forty "
            "public hearings.",
            "The nine-kilometre line will link the northern housing estates with the central "
            "station and the university campus, with fourteen stops planned along the "
            "embankment.",
            "Construction is expected to begin next spring and to take about three years. The "
            "council said most of the cost will be covered by a regional transport grant and a "
            "long-term loan.",
            "Opponents argued that the money would be better spent on buses, which can be "
            "rerouted as the city grows. Supporters said trams would carry twice as many "
            "passengers at rush hour.",
        ),
    ),
    Story(
        slug="2026-11-19-regional-library-reopens-after-renovation",
        language="en",
        title="Regional library reopens after eighteen months of renovation",
        lead="The reading rooms now stay open until ten at night, six days a week.",
        published="2026-11-19T11:00:00+00:00",
        section="Culture",
        author="Tom Abbott",
        paragraphs=(
            "The regional library reopened its doors on Wednesday after eighteen months of "
            "renovation that replaced the leaking roof, the heating and most of the wiring.",
            "Visitors queued from early morning to see the restored reading hall, whose painted "
            "ceiling had been hidden behind plasterboard since the nineteen-seventies.",
            "The library now has a children's floor, forty study desks with power sockets and a "
            "small recording studio that local groups can book free of charge.",
            "The director said the building would stay open until ten at night on weekdays, "
            "which she hopes will bring in students who work during the day.",
        ),
    ),
    Story(
        slug="2026-11-20-early-frost-damages-apple-harvest",
        language="en",
        title="Farmers report early frost damage to late apple harvest",
        lead="Orchards in the river valley lost up to a third of the late varieties.",
        published="2026-11-20T07:45:00+00:00",
        section="Economy",
        author="Priya Nair",
        paragraphs=(
            "Fruit growers in the river valley say an early frost last weekend damaged a large "
            "part of the late apple harvest that was still on the trees.",
            "The growers' association estimates that up to a third of the late varieties were "
            "lost, although early varieties had already been picked and stored.",
            "Several farms have asked the regional government for emergency support, saying "
            "that insurance rarely covers frost damage this late in the season.",
            "Agronomists advise growers to sell damaged fruit to juice makers quickly, before "
            "the bruised apples start to rot in the crates.",
        ),
    ),
    Story(
        slug="2026-11-21-harbour-extends-night-shifts",
        language="en",
        title="Harbour authority extends night shifts to clear container backlog",
        lead="More than four thousand containers are waiting to be unloaded.",
        published="2026-11-21T16:20:00+00:00",
        section="Economy",
        author="Daniel Okafor",
        paragraphs=(
            "The harbour authority will keep two cranes working through the night for the next "
            "six weeks to clear a backlog of more than four thousand containers.",
            "The backlog built up after a storm closed the port for five days at the start of "
            "the month and ships arrived in a bunch once it reopened.",
            "Dock workers' unions agreed to the extra shifts in exchange for higher night pay "
            "and an extra bus that will take workers home after midnight.",
            "Importers of household goods say some shelves may stay half empty until the middle "
            "of December, just as the holiday shopping season begins.",
        ),
    ),
    Story(
        slug="2026-11-18-park-na-meste-zavoda",
        language="ru",
        title="В городе открылся новый парк на месте бывшего завода",
        lead="На территории старого машиностроительного завода высадили восемьсот деревьев.",
        published="2026-11-18T10:00:00+03:00",
        section="Город",
        author="Анна Соколова",
        paragraphs=(
            "В субботу в северной части города открылся новый парк, разбитый на месте бывшего "
            "машиностроительного завода, который простаивал больше пятнадцати лет.",
            "Строители вывезли несколько тысяч тонн загрязнённого грунта, сохранили старую "
            "кирпичную водонапорную башню и превратили её в смотровую площадку.",
            "В парке высадили восемьсот деревьев, проложили велосипедные дорожки и построили "
            "детскую площадку, которую спроектировали вместе с учениками соседней школы.",
            "Жители района говорят, что раньше им приходилось ездить на прогулку в центр, а "
            "теперь зелёная зона находится в десяти минутах ходьбы от дома.",
        ),
    ),
    Story(
        slug="2026-11-19-bolnitsa-poluchila-apparaty-mrt",
        language="ru",
        title="Областная больница получила два новых аппарата МРТ",
        lead="Очередь на обследование должна сократиться с месяца до недели.",
        published="2026-11-19T12:30:00+03:00",
        section="Общество",
        author="Игорь Белов",
        paragraphs=(
            "Областная клиническая больница получила два новых аппарата магнитно-резонансной "
            "томографии, закупленных по региональной программе модернизации.",
            "До сих пор в больнице работал один томограф, и пациентам приходилось ждать "
            "обследования почти месяц, а срочных больных отправляли в соседний город.",
            "Главный врач рассказал, что новые аппараты будут работать в две смены, поэтому "
            "очередь на плановое обследование должна сократиться примерно до недели.",
            "Для работы на томографах больница пригласила трёх рентгенологов, которые прошли "
            "обучение у производителя оборудования.",
        ),
    ),
    Story(
        slug="2026-11-20-pervyy-sneg-v-vykhodnye",
        language="ru",
        title="Синоптики обещают первый снег в выходные",
        lead="Ночью температура опустится до минус пяти градусов.",
        published="2026-11-20T08:15:00+03:00",
        section="Погода",
        author="Мария Лебедева",
        paragraphs=(
            "По прогнозу синоптиков, в субботу в регион придёт холодный воздух с севера, и "
            "дождь во второй половине дня сменится мокрым снегом.",
            "Ночью температура опустится до минус пяти градусов, поэтому на дорогах ожидается "
            "гололедица, особенно на мостах и на трассах за городом.",
            "Дорожные службы обещают вывести на улицы все снегоуборочные машины и заранее "
            "обработать проезжую часть противогололёдными реагентами.",
            "Водителям, которые ещё не сменили летние шины, советуют в выходные по возможности "
            "оставить машину дома и пользоваться общественным транспортом.",
        ),
    ),
    Story(
        slug="2026-11-21-olimpiada-po-programmirovaniyu",
        language="ru",
        title="Школьники из района победили в олимпиаде по программированию",
        lead="Команда сельской школы обошла сорок команд из областного центра.",
        published="2026-11-21T15:40:00+03:00",
        section="Образование",
        author="Олег Петров",
        paragraphs=(
            "Команда из трёх десятиклассников сельской школы заняла первое место на областной "
            "олимпиаде по программированию, обойдя больше сорока команд.",
            "За пять часов ребята решили восемь задач из десяти, в том числе самую сложную "
            "задачу о маршрутах, которую не смогла решить ни одна другая команда.",
            "Готовиться к олимпиаде школьникам помогал учитель информатики, который два года "
            "назад открыл в школе бесплатный кружок для всех желающих.",
            "Победители получили ноутбуки и приглашение на летнюю школу при государственном "
            "университете, где занятия ведут преподаватели и студенты старших курсов.",
        ),
    ),
)
EN_TRAM, EN_LIBRARY, EN_FROST, EN_HARBOUR, RU_PARK, RU_MRI, RU_SNOW, RU_OLYMPIAD = STORIES
# The two healthy articles every case listing links to, next to its faulty pages.
HEALTHY = (EN_TRAM, RU_PARK)


def article_html(
    story: Story,
    url: str,
    *,
    charset: str | None = "utf-8",
    head_extra: str = "",
    body_extra: str = "",
) -> str:
    """A realistic article page: masthead and navigation, og: and JSON-LD metadata, a dated
    byline, the story, a "read also" box and a footer. `charset=None` declares none."""
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "datePublished": story.published,
        "author": {"@type": "Person", "name": story.author},
        "inLanguage": story.language,
    }
    meta_charset = f'<meta charset="{charset}">' if charset else ""
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{story.language}">
<head>
{meta_charset}
<title>{escape(story.title)} | The Fault Gazette</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(story.title)}">
<meta property="og:url" content="{url}">
<meta property="article:published_time" content="{story.published}">
<meta property="article:section" content="{escape(story.section)}">
<link rel="canonical" href="{url}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
{head_extra}
</head>
<body>
<header class="masthead"><a class="logo" href="/">The Fault Gazette</a>
<nav><a href="/news/">News</a> <a href="/about/">About us</a></nav></header>
<main>
<article class="story">
<h1 class="story__title">{escape(story.title)}</h1>
<p class="story__lead">{escape(story.lead)}</p>
<div class="story__meta"><span class="byline">{escape(story.author)}</span>
<time datetime="{story.published}">{story.published[:10]}</time></div>
<div class="story__body">
{paragraphs}
</div>
</article>
{body_extra}
</main>
<footer><p>&copy; 2026 The Fault Gazette. Written for newscrawl's tests.</p></footer>
</body>
</html>
"""


def listing_html(title: str, links: list[tuple[str, str]], *, head_extra: str = "") -> str:
    """A section page: a list of (href, text) links and nothing else worth extracting."""
    items = "\n".join(
        f'<li><a href="{escape(href)}">{escape(text)}</a></li>' for href, text in links
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{escape(title)} | The Fault Gazette</title>{head_extra}</head>
<body>
<header class="masthead"><a class="logo" href="/">The Fault Gazette</a></header>
<main><h1>{escape(title)}</h1>
<ul class="news-list">
{items}
</ul>
</main>
</body>
</html>
"""
