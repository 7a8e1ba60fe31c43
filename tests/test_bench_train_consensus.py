"""How the consensus trainer labels and weighs pages, on pages written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import train_consensus
from bench.corpora import Page

STORY = [
    f"Paragraph {n} of the story reports what the harbour office said on Monday about the "
    f"new ferry timetable for the islands, the fares and the winter crossings."
    for n in range(1, 6)
]
PROMO = "Subscribe to our newsletter and never miss a story from the harbour again today."


def _page(
    tmp_path: Path,
    corpus: str,
    truth: str = "",
    must_include: tuple[str, ...] = (),
    must_exclude: tuple[str, ...] = (),
) -> Page:
    body = "".join(f"<p>{p}</p>" for p in STORY)
    html = (
        '<html><head><meta property="og:type" content="article"><title>Ferries</title></head>'
        f"<body><nav><a href='/'>Home</a></nav><h1>Ferries</h1><article>{body}</article>"
        f"<aside><p>{PROMO}</p></aside></body></html>"
    )
    path = tmp_path / f"{corpus}.html"
    path.write_text(html, encoding="utf-8")
    url = "https://harbour.example/news/ferries-12345"
    return Page(corpus, corpus, "en", url, path, truth, must_include, must_exclude)


def _labelled(sample: train_consensus.Sample) -> dict[str, float]:
    return {
        b.text: float(label)
        for b, label, weight in zip(sample.blocks, sample.labels, sample.weights, strict=True)
        if weight > 0
    }


def test_snippets_label_only_the_blocks_they_fall_in(tmp_path: Path) -> None:
    page = _page(
        tmp_path,
        "snippets",
        must_include=("Paragraph 2 of the story", "Paragraph 4 of the story"),
        must_exclude=("Subscribe to our newsletter",),
    )
    sample = train_consensus.sample(page, tmp_path / "cache")
    assert sample is not None
    labelled = _labelled(sample)
    # Two story paragraphs say "article", the promo says "not"; the other three say nothing.
    assert sorted(labelled.values()) == [0.0, 1.0, 1.0]
    assert labelled[PROMO] == 0.0
    assert sum(sample.weights) == pytest.approx(1.0)


def test_full_body_truth_labels_every_block(tmp_path: Path) -> None:
    page = _page(tmp_path, "multi-news", truth="\n\n".join(STORY))
    sample = train_consensus.sample(page, tmp_path / "cache")
    assert sample is not None
    labelled = _labelled(sample)
    assert [labelled[p] for p in STORY] == [1.0] * 5
    assert labelled[PROMO] == 0.0


def test_snippet_pages_weigh_their_share_of_the_fit(tmp_path: Path) -> None:
    snippet = train_consensus.sample(
        _page(tmp_path, "snippets", must_include=(STORY[0],)), tmp_path / "cache"
    )
    full = train_consensus.sample(
        _page(tmp_path, "ru-news", truth="\n\n".join(STORY)), tmp_path / "cache"
    )
    assert snippet is not None and full is not None
    samples = [snippet, full, full, full]
    weights = train_consensus._corpus_weights(samples, 0.25)
    assert weights[0] == pytest.approx(0.25 * 4)
    assert sum(weights[1:]) == pytest.approx(0.75 * 4)
    assert train_consensus._corpus_weights([full, full], 0.25) == [1.0, 1.0]
