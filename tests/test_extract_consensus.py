"""Consensus extraction: votes on the page's own blocks, peers that fail, the time cap, modes."""

from __future__ import annotations

import signal
import time
from dataclasses import replace
from typing import Any

import pytest
from lxml import html as lxml_html

from bench import train_consensus
from newscrawl import extract_article
from newscrawl.extract import consensus
from newscrawl.extract.body import choose_blocks, page_blocks
from newscrawl.extract.consensus import PeerText, agreement, consensus_blocks, decide, outvoted
from newscrawl.extract.peers import PEERS, Peer, Vote, ask, readability_text

STORY = [
    "The regional court in Karaganda ruled on Tuesday that the coal company must pay for the "
    "clean-up of the river, ending a dispute that has lasted for almost three years.",
    "Residents of the villages along the river had complained about black water since the "
    "spring of 2023, when a dam holding back the mine's waste water broke after heavy rain.",
    "The company said it would study the ruling before deciding whether to appeal, and that "
    "it had already spent more than two billion tenge on repairs and on cleaning the banks.",
    "Environmental groups welcomed the decision and asked the ministry to check the other "
    "dams of the region, several of which were built in the 1970s and never rebuilt.",
]
TEASERS = [
    "Elsewhere in the region, farmers counted the cost of a dry summer that ruined most of "
    "the wheat harvest and left the cattle of many villages without enough hay for winter.",
    "The city council approved a new budget on Monday evening after a long debate about the "
    "cost of the planned tram line, the new bus lanes and the repair of the old bridges.",
    "A new bridge across the valley opened to traffic last week, cutting the drive between "
    "the two towns from more than an hour to about twenty minutes on most days of the week.",
]


def page() -> str:
    story = "".join(f"<p>{p}</p>" for p in STORY)
    cards = "".join(f'<div class="card"><p>{t}</p></div>' for t in TEASERS)
    return (
        "<html><head><title>Court rules on river clean-up</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        f'<article><h1>Court rules on river clean-up</h1><div class="text">{story}</div></article>'
        f'<aside class="more">{cards}</aside></body></html>'
    )


SHORT_LINES = [
    "The river rose overnight.",
    "Roads closed at dawn in the north.",
    "Schools stay shut today.",
    "Crews worked past midnight on the dams.",
    "The mayor asked residents to stay home.",
    "More rain is due on Friday.",
]


def page_of_short_lines() -> str:
    """A story told in short lines, which our extractor does not take for running prose;
    trafilatura and readability-lxml both do."""
    lines = "".join(f"<p>{line}</p>" for line in SHORT_LINES)
    cards = "".join(f'<div class="card"><p>{t}</p></div>' for t in TEASERS)
    return (
        '<html><head><title>Flood closes roads</title><meta property="og:type" content="article">'
        '</head><body><nav><a href="/">Home</a></nav>'
        f'<div class="story"><h1>Flood closes roads in the north</h1>{lines}</div>'
        f'<aside class="more">{cards}</aside></body></html>'
    )


def blocks_of(markup: str) -> list:
    root = lxml_html.fromstring(markup)
    return page_blocks(root.find("body"))


def texts(blocks: list) -> list[str]:
    """The texts of the blocks the consensus keeps in the article (not those it voted out)."""
    return [b.text for b in blocks if not b.outvoted]


def vote_on_page(peers: dict[str, Peer], **options: Any) -> tuple[list, dict[str, Vote]]:
    """The consensus on `page()` with our extractor's own choice and these peers."""
    blocks = blocks_of(page())
    return consensus_blocks(blocks, choose_blocks(blocks, None), page(), "", peers=peers, **options)


def test_a_system_that_both_others_contradict_is_outvoted() -> None:
    story, teasers = PeerText.of(" ".join(STORY)), PeerText.of(" ".join(TEASERS))
    assert agreement(story, story) == 1.0
    assert outvoted({"ours": teasers, "trafilatura": story, "readability": story}) == {"ours"}
    # Two against one needs the two to agree with each other.
    assert outvoted({"ours": teasers, "trafilatura": story, "readability": None}) == set()


def test_a_system_that_holds_what_the_others_agree_on_and_more_is_not_outvoted() -> None:
    # The peers stopped at an advert box after the first paragraph; ours read on.
    whole, first = PeerText.of(" ".join(STORY)), PeerText.of(STORY[0])
    assert agreement(whole, first) < consensus.OUTVOTED
    assert outvoted({"ours": whole, "trafilatura": first, "readability": first}) == set()


def test_when_ours_took_the_teasers_and_both_peers_the_story_the_story_wins() -> None:
    blocks = blocks_of(page())
    teaser_blocks = [b for b in blocks if b.text in TEASERS]
    peers = {name: PeerText.of("\n".join(STORY)) for name in ("trafilatura", "readability")}
    kept = decide(blocks, teaser_blocks, peers)
    assert texts(kept)[-len(STORY) :] == STORY
    assert not set(texts(kept)) & set(TEASERS)


def test_a_block_only_ours_keeps_stays_when_the_peers_miss_little() -> None:
    blocks = blocks_of(page())
    ours = choose_blocks(blocks, "Court rules on river clean-up")
    assert texts(ours) == STORY
    # A peer that dropped the last paragraph does not outvote ours on it.
    peers = {name: PeerText.of("\n".join(STORY[:-1])) for name in ("trafilatura", "readability")}
    assert texts(decide(blocks, ours, peers)) == STORY


def test_a_peer_that_raises_loses_its_vote_not_the_article() -> None:
    def broken(html: str, url: str) -> str:
        raise RuntimeError("cannot parse")

    blocks = blocks_of(page())
    ours = choose_blocks(blocks, None)
    kept, votes = consensus_blocks(
        blocks, ours, page(), "https://example.kz/1", peers={**PEERS, "trafilatura": broken}
    )
    assert votes["trafilatura"].text is None
    assert votes["trafilatura"].failure == "RuntimeError"
    assert votes["readability"].text
    assert texts(kept) == STORY


def test_a_peer_that_stalls_is_cut_off_by_the_page_budget() -> None:
    def stalls(html: str, url: str) -> str:
        time.sleep(10)
        return "never"

    started = time.monotonic()
    kept, votes = vote_on_page({"trafilatura": stalls, "readability": readability_text}, budget=0.5)
    assert time.monotonic() - started < 3
    assert (votes["trafilatura"].failure or "").startswith("timeout")
    # The budget is spent: the peer after it has no say either, and ours decides alone.
    assert (votes["readability"].failure or "").startswith("timeout")
    assert texts(kept) == STORY


def test_readability_keeps_its_vote_on_pages_with_control_characters() -> None:
    # readability-lxml itself raises ValueError on these; they are never article text.
    text = readability_text(page().replace("ending a dispute", "ending\x0b a\x1f dispute"), "")
    assert "Residents of the villages" in text


def test_extract_article_runs_the_consensus_unless_told_fast() -> None:
    url = "https://example.kz/news/1"
    assert extract_article(page_of_short_lines(), url, mode="fast")["body"] == ""
    # Both peers read the short lines; ours, which found nothing, is outvoted.
    assert extract_article(page_of_short_lines(), url)["body"].split("\n\n") == SHORT_LINES
    with pytest.raises(ValueError, match="extraction mode 'slow'"):
        extract_article(page(), url, mode="slow")  # type: ignore[arg-type]


def test_the_shipped_model_matches_the_features() -> None:
    model = consensus.model()
    assert len(model.weights) == len(consensus.FEATURES)
    assert 0 < model.threshold < 1


def test_the_second_peer_is_not_asked_when_ours_and_the_first_agree() -> None:
    asked: list[str] = []

    def first(html: str, url: str) -> str:
        asked.append("trafilatura")
        return "\n".join(STORY)

    def second(html: str, url: str) -> str:
        asked.append("readability")
        return ""

    kept, votes = vote_on_page({"trafilatura": first, "readability": second})
    assert asked == ["trafilatura"] and list(votes) == ["trafilatura"]
    assert texts(kept) == STORY


@pytest.mark.parametrize(("first_words", "asks_second"), [(78, False), (70, True)])
def test_the_second_peer_is_asked_below_the_settled_agreement(
    first_words: int, asks_second: bool
) -> None:
    words = [f"word{n}" for n in range(100)]
    ours, first = PeerText.of(" ".join(words)), PeerText.of(" ".join(words[:first_words]))
    # 78 of our 100 words: agreement 0.87, settled at 0.85; 70: 0.82, not settled.
    heard = consensus.heard(ours, {"trafilatura": first, "readability": PeerText.of("")}, 0.85)
    assert ("readability" in heard) is asks_second


@pytest.mark.parametrize(
    ("settled", "asked"), [(0.5, ["trafilatura"]), (0.99, ["trafilatura", "readability"])]
)
def test_the_models_settled_agreement_decides_whether_the_second_peer_is_asked(
    settled: float, asked: list[str]
) -> None:
    # trafilatura has all of the story but its last paragraph: agreement about 0.85.
    def first(html: str, url: str) -> str:
        return "\n".join(STORY[:-1])

    def second(html: str, url: str) -> str:
        return "\n".join(STORY)

    trained = replace(consensus.model(), settled=settled)
    _, votes = vote_on_page({"trafilatura": first, "readability": second}, trained=trained)
    assert list(votes) == asked


@pytest.mark.parametrize(("settled", "teaser_kept"), [(0.5, False), (0.99, True)])
def test_decide_hears_the_second_peer_as_the_models_settled_agreement_says(
    settled: float, teaser_kept: bool
) -> None:
    # Both peers hold the story and the first teaser; ours the story alone. Heard, the
    # second peer's vote keeps the teaser; not heard (settled), the first's alone does not.
    with_teaser = PeerText.of("\n".join(STORY + TEASERS[:1]))
    blocks = blocks_of(page())
    kept = decide(
        blocks,
        choose_blocks(blocks, None),
        {"trafilatura": with_teaser, "readability": with_teaser},
        replace(consensus.model(), settled=settled),
    )
    assert (TEASERS[0] in texts(kept)) is teaser_kept


def test_the_shipped_settled_agreement_is_one_the_trainer_chooses_from() -> None:
    assert consensus.model().settled in train_consensus.SETTLED


def test_what_the_consensus_votes_out_of_ours_is_marked_not_lost() -> None:
    blocks = blocks_of(page())
    teaser_blocks = [b for b in blocks if b.text in TEASERS]
    peers = {name: lambda html, url: "\n".join(STORY) for name in ("trafilatura", "readability")}
    kept, _ = consensus_blocks(blocks, teaser_blocks, page(), "", peers=peers)
    assert texts(kept)[-len(STORY) :] == STORY
    assert [b.text for b in kept if b.outvoted] == TEASERS


def test_a_peer_that_catches_every_exception_is_still_cut_off() -> None:
    def stubborn(html: str, url: str) -> str:
        try:
            time.sleep(5)
        except Exception:  # what trafilatura and readability-lxml do around their parsers
            return ""
        return "late"

    started = time.monotonic()
    vote = ask("stubborn", stubborn, "<html></html>", "", 0.3)
    assert time.monotonic() - started < 2
    assert vote.text is None and (vote.failure or "").startswith("timeout")


def test_a_timer_the_caller_set_survives_a_peers_time_cap() -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    signal.setitimer(signal.ITIMER_REAL, 5.0)
    try:
        ask("quick", lambda html, url: "text", "<html></html>", "", 1.0)
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 3.0 < remaining <= 5.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert fired == []


def test_a_body_only_the_structured_data_holds_survives_the_consensus() -> None:
    story = " ".join(STORY[:2])
    markup = (
        '<html><head><script type="application/ld+json">'
        f'{{"@type": "NewsArticle", "headline": "Court rules", "articleBody": "{story}"}}'
        '</script></head><body><div id="app"></div><noscript>Enable JavaScript</noscript>'
        "</body></html>"
    )
    for mode in ("fast", "consensus"):
        article = extract_article(markup, "https://example.kz/news/1", mode=mode)  # type: ignore[arg-type]
        assert article["body"] == story
