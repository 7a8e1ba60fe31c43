"""The benchmark's scoring rules (shared/corpora/README.md) on tiny hand-made texts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bench import report, scoring
from bench.systems import newscrawl_text


def test_tokens_are_unicode_words_with_case_kept() -> None:
    assert scoring.tokens("Привет, мир! Hello—World_2 «ёж»") == [
        "Привет",
        "мир",
        "Hello",
        "World_2",
        "ёж",
    ]


def test_shingles_are_a_multiset_of_four_token_runs() -> None:
    assert scoring.shingles("a b c d e") == Counter(
        {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    )
    assert scoring.shingles("a b c d a b c d")[("a", "b", "c", "d")] == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("one", Counter({("one",): 1})),
        ("one two", Counter({("one", "two"): 1})),
        ("one, two; three", Counter({("one", "two", "three"): 1})),
        ("", Counter()),
        (" ... — !", Counter()),
    ],
)
def test_short_texts_give_one_shorter_shingle_and_empty_none(
    text: str, expected: Counter[tuple[str, ...]]
) -> None:
    assert scoring.shingles(text) == expected


def test_identical_texts_score_one() -> None:
    m = scoring.match("The cat sat on the mat today", "The cat sat on the mat today")
    assert (m.precision, m.recall, m.f1) == (1.0, 1.0, 1.0)


def test_disjoint_texts_score_zero() -> None:
    m = scoring.match("alpha beta gamma delta", "one two three four five")
    assert (m.precision, m.recall) == (0.0, 0.0)


def test_whitespace_and_punctuation_do_not_matter() -> None:
    m = scoring.match("a b c d e", "a,  b\n\nc — d. e!")
    assert (m.precision, m.recall) == (1.0, 1.0)


def test_extra_text_costs_precision_missing_text_costs_recall() -> None:
    truth = "w1 w2 w3 w4 w5 w6 w7"  # 4 shingles
    extra = scoring.match(truth, truth + " x1 x2")  # 6 shingles, 4 shared
    assert extra.precision == pytest.approx(4 / 6)
    assert extra.recall == 1.0
    short = scoring.match(truth, "w1 w2 w3 w4 w5")  # 2 shingles, both shared
    assert short.precision == 1.0
    assert short.recall == pytest.approx(2 / 4)


def test_repeated_shingles_count_once_per_occurrence() -> None:
    # The prediction's 5 shingles hold (a b c d) twice; the truth holds it once, so only one
    # occurrence is a TP. Set semantics would give 1/4 here instead of 1/5.
    m = scoring.match("a b c d", "a b c d a b c d")
    assert m.tp == pytest.approx(1 / 5)
    assert m.fp == pytest.approx(4 / 5)
    assert m.precision == pytest.approx(1 / 5)
    assert m.recall == 1.0


def test_a_run_repeated_in_both_texts_matches_each_time() -> None:
    m = scoring.match("a b c d. A b c d. a b c d", "a b c d; a b c d")
    # Truth: 9 shingles with (a b c d) twice; prediction: 5 with it twice, all 5 in the truth.
    assert m.precision == 1.0
    assert m.recall == pytest.approx(5 / 9)


def test_counts_are_normalised_per_page() -> None:
    m = scoring.match("w1 w2 w3 w4 w5 w6", "w1 w2 w3 w4 x")
    assert m.tp + m.fp + m.fn == pytest.approx(1.0)


def test_one_to_three_token_texts_match_only_exactly() -> None:
    assert scoring.match("Breaking news", "Breaking news").precision == 1.0
    m = scoring.match("Breaking news", "Breaking news today")
    assert (m.precision, m.recall) == (0.0, 0.0)


def test_empty_prediction_is_left_out_of_precision_but_counts_zero_recall() -> None:
    m = scoring.match("some real article text here", "")
    assert not m.counts_for_precision
    assert m.counts_for_recall
    assert m.recall == 0.0
    assert m.precision == 0.0


def test_empty_truth_is_left_out_of_recall_but_counts_zero_precision() -> None:
    m = scoring.match("", "cookie banner text only here")
    assert not m.counts_for_recall
    assert m.counts_for_precision
    assert m.precision == 0.0


def test_both_empty_scores_one_and_is_left_out_of_both_means() -> None:
    m = scoring.match("", "")
    assert (m.precision, m.recall) == (1.0, 1.0)
    assert not m.counts_for_precision
    assert not m.counts_for_recall


def test_aggregate_means_over_counted_pages_then_f1_of_means() -> None:
    perfect = scoring.match("a b c d e", "a b c d e")
    empty = scoring.match("a b c d e", "")
    half = scoring.match("w1 w2 w3 w4 w5 w6 w7", "w1 w2 w3 w4 w5")  # P 1, R 0.5
    s = scoring.aggregate([perfect, empty, half])
    assert s.pages == 3
    assert s.precision == pytest.approx(1.0)  # the empty prediction is left out
    assert s.recall == pytest.approx((1.0 + 0.0 + 0.5) / 3)
    assert s.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)


def test_aggregate_with_no_counted_page_has_no_precision() -> None:
    s = scoring.aggregate([scoring.match("a b c d", "")])
    assert s.precision is None
    assert s.recall == 0.0
    assert s.f1 is None


def test_snippets_match_after_whitespace_collapse() -> None:
    text = "First  line of the\n\narticle.\tSecond   sentence here."
    c = scoring.snippet_counts(
        text,
        must_include=["line of the article.", "Second sentence", "not there at all"],
        must_exclude=["Subscribe now", "article. Second"],
    )
    assert c == scoring.SnippetCounts(tp=2, fn=1, fp=1, tn=1)


def test_snippets_are_case_sensitive_substrings() -> None:
    c = scoring.snippet_counts("Read more about it", ["read more"], [])
    assert (c.tp, c.fn) == (0, 1)


def test_snippet_scores_come_from_totals_over_pages() -> None:
    pages = [
        scoring.SnippetCounts(tp=3, fn=0, fp=0, tn=2),
        scoring.SnippetCounts(tp=0, fn=1, fp=1, tn=0),
    ]
    t = scoring.total(pages)
    assert (t.tp, t.fp, t.fn, t.tn) == (3, 1, 1, 2)
    assert t.precision == pytest.approx(3 / 4)
    assert t.recall == pytest.approx(3 / 4)
    assert t.f1 == pytest.approx(3 / 4)


def test_snippet_scores_without_positives_are_undefined_not_zero() -> None:
    t = scoring.total([scoring.SnippetCounts(tn=2)])
    assert (t.precision, t.recall, t.f1) == (None, None, None)


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"lead": "Lead here.", "body": "Body text."}, "Lead here.\n\nBody text."),
        ({"lead": "", "body": "Body text."}, "Body text."),
        ({"lead": None, "body": None}, ""),
        ({"lead": "Lead  here.", "body": "Lead here.\n\nBody text."}, "Lead here.\n\nBody text."),
    ],
)
def test_newscrawl_scored_text_puts_the_lead_back_once(
    record: dict[str, str | None], expected: str
) -> None:
    assert newscrawl_text(record) == expected


def test_doc_update_replaces_only_the_marked_section(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text(
        f"# Benchmarks\n\nintro\n\n{report.START}\nold figures\n{report.END}\n\n## Crawl\nkeep\n",
        encoding="utf-8",
    )
    report.update_doc(doc, "new figures\n")
    text = doc.read_text(encoding="utf-8")
    assert "old figures" not in text
    assert f"{report.START}\nnew figures\n{report.END}" in text
    assert text.startswith("# Benchmarks\n\nintro\n\n")
    assert text.endswith("\n\n## Crawl\nkeep\n")


def test_doc_update_creates_the_file_with_markers(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    report.update_doc(doc, "figures\n")
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks")
    assert text.count(report.START) == 1
    assert text.count(report.END) == 1
