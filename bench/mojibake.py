"""`python -m bench.mojibake`: pages whose record shows text decoded with the wrong charset.

Over every page of the shared corpora, the title, lead, authors and body newscrawl gives are
searched for the marks of a wrong decoding: UTF-8 read as Latin-1 or cp1252 ("Ã©", "â€™"),
UTF-8 Cyrillic read as Latin-1 ("Ð¿"), C1 control characters and replacement characters. A
page counts when its record shows at least MIN_MARKS of them (one stray "Â" in a price is
not a decoding error).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from bench.corpora import CORPORA, DEFAULT_CORPORA, HALVES, load

MARKS = re.compile(
    r"Ã[\u0080-\u00bf]|[ÐÑ][\u0080-\u00bf]|â€|Â[\u00a0-\u00bf]|\ufffd|[\u0080-\u009f]"
)
MIN_MARKS = 3


def marks(record: dict[str, object]) -> int:
    authors = record.get("authors")
    names = [str(a) for a in authors] if isinstance(authors, list) else []
    fields = [record.get("title"), record.get("lead"), record.get("body"), *names]
    return sum(len(MARKS.findall(str(value))) for value in fields if value)


def main(argv: Sequence[str] | None = None) -> int:
    from newscrawl import extract_article

    p = argparse.ArgumentParser(prog="python -m bench.mojibake", description=__doc__)
    p.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    args = p.parse_args(argv)
    for corpus in CORPORA:
        pages = load(args.corpora.resolve(), corpus)
        for half in HALVES:
            chosen = [page for page in pages if page.half == half]
            bad = [
                page.id
                for page in chosen
                if marks(extract_article(page.read_html(), page.url or "", mode="fast"))
                >= MIN_MARKS
            ]
            print(f"{corpus} {half}: {len(bad)} of {len(chosen)} pages with mojibake")
            for page_id in bad:
                print(f"  {page_id}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
