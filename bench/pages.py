"""What the bench mirror serves, page by page: which source page, retold as which copy.

Sources: every page of the shared corpora (read at run time, never copied here; en, ru, de
and a dozen more languages) and, for Kazakh, the article pages of the project's own offline
site mirrors (tests/fixtures/sites: BNews.kz, Kazinform and Tengrinews in kk, ru and en,
written for the tests). Every KAZ_EVERY-th page is one of those, the rest go round the
corpora. A source's k-th use is its copy k (bench/retell.py), so no two pages are one story.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.corpora import CORPORA, REPO, load
from bench.retell import retold

SITES = REPO / "tests" / "fixtures" / "sites"
# One page in this many comes from the Kazakh sites (their pages are a tenth the corpora's size).
KAZ_EVERY = 10
_DECLARES_ARTICLE = (b'"NewsArticle"', b'property="og:type" content="article"')


@dataclass(frozen=True)
class Source:
    host: str
    url: str
    path: Path

    def read(self) -> bytes:
        return self.path.read_bytes()


def corpus_sources(corpora: Path) -> list[Source]:
    pages = [page for name in CORPORA for page in load(corpora, name)]
    return [
        Source(p.host or "corpus", p.url or f"https://{p.host}/{p.id}", p.html_path) for p in pages
    ]


def kazakh_site_sources(root: Path = SITES) -> list[Source]:
    """The article pages of the offline Kazakh site mirrors, by their first folder's host (or
    the folder of another host inside it: en.tengrinews.kz)."""
    found = []
    for path in sorted(root.rglob("*.html")):
        if not any(marker in path.read_bytes() for marker in _DECLARES_ARTICLE):
            continue
        parts = path.relative_to(root).parts
        host = parts[1] if len(parts) > 2 and "." in parts[1] else parts[0]
        found.append(Source(host, f"https://{'/'.join(parts)}", path))
    return found


def plan(pages: int, corpus: list[Source], kazakh: list[Source]) -> list[tuple[Source, int]]:
    """Page n of the mirror: (its source, its copy number)."""
    uses: Counter[Source] = Counter()
    chosen = []
    for n in range(pages):
        if kazakh and n % KAZ_EVERY == KAZ_EVERY - 1:
            source = kazakh[(n // KAZ_EVERY) % len(kazakh)]
        else:
            source = corpus[(n - n // KAZ_EVERY) % len(corpus)]
        chosen.append((source, uses[source]))
        uses[source] += 1
    return chosen


def mirror_pages(corpora: Path, pages: int) -> list[tuple[Source, bytes]]:
    """Every page of the mirror: its source and the bytes served."""
    originals: dict[Path, bytes] = {}
    served = []
    for source, copy in plan(pages, corpus_sources(corpora), kazakh_site_sources()):
        body = originals.setdefault(source.path, source.read())
        served.append((source, retold(body, copy)))
    return served
