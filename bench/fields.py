"""`python -m bench.fields`: how often the title comes out exactly as the site's own parser
took it, for newscrawl and trafilatura, on multi-news (truth field `title`), checking half first.

newscrawl: `extract_article(html, url)["title"]`; trafilatura: the title of
`bare_extraction(html, url=url, with_metadata=True)`. Titles are compared after whitespace
collapse only: a title that differs in a quote, a kicker or a site suffix is a miss.
`--failures` lists newscrawl's misses on the tuning half only, since rules are read off that
half and the checking half says whether they hold.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.corpora import DEFAULT_CORPORA, HALVES, Page, load
from bench.scoring import collapse_whitespace

CORPUS = "multi-news"
TitleOf = Callable[[bytes, str], str]


def newscrawl_title(html: bytes, url: str) -> str:
    from newscrawl import extract_article

    return extract_article(html, url)["title"] or ""


def trafilatura_title(html: bytes, url: str) -> str:
    import trafilatura

    document = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    return str(getattr(document, "title", None) or "")


SYSTEMS: dict[str, TitleOf] = {"newscrawl": newscrawl_title, "trafilatura": trafilatura_title}


@dataclass(frozen=True)
class Outcome:
    page: Page
    truth: str
    got: str
    error: bool = False

    @property
    def exact(self) -> bool:
        return collapse_whitespace(self.got) == collapse_whitespace(self.truth)


def title_truth(page: Page) -> str:
    meta = json.loads(page.html_path.with_suffix(".json").read_text(encoding="utf-8"))
    return str(meta.get("title") or "")


def outcome(page: Page, truth: str, title_of: TitleOf) -> Outcome:
    try:
        return Outcome(page, truth, title_of(page.read_html(), page.url or ""))
    except Exception:  # one broken page must not end the run: a miss, counted as an error
        return Outcome(page, truth, "", error=True)


def outcomes(pages: Sequence[Page], title_of: TitleOf) -> list[Outcome]:
    truths = [(page, title_truth(page)) for page in pages]
    return [outcome(page, truth, title_of) for page, truth in truths if truth]


def rate(found: Sequence[Outcome]) -> str:
    hits = sum(o.exact for o in found)
    return f"{hits / len(found):.3f} ({hits}/{len(found)})" if found else "-"


def print_failures(found: Sequence[Outcome]) -> None:
    for o in found:
        if o.page.half == "tuning" and not o.exact:
            print(f"- {o.page.id}\n    truth: {o.truth!r}\n    got:   {o.got!r}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fields", description=__doc__)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="corpora folder")
    parser.add_argument("--failures", action="store_true", help="newscrawl misses, tuning half")
    parser.add_argument("--system", action="append", choices=sorted(SYSTEMS))
    args = parser.parse_args(argv)
    pages = load(args.corpora, CORPUS)
    print(f"title exact match after whitespace collapse, {CORPUS}")
    print("| system | " + " | ".join(f"{half} half" for half in HALVES) + " | all | errors |")
    print("|---|" + "---|" * (len(HALVES) + 2))
    misses: list[Outcome] = []
    for name in args.system or list(SYSTEMS):
        found = outcomes(pages, SYSTEMS[name])
        by_half = [rate([o for o in found if o.page.half == half]) for half in HALVES]
        errors = sum(o.error for o in found)
        print(f"| {name} | " + " | ".join(by_half) + f" | {rate(found)} | {errors} |")
        if name == "newscrawl":
            misses = found
    if args.failures:
        print_failures(misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
