#!/usr/bin/env python3
"""Every record newscrawl gives for every shared-corpus page (both extraction modes) and every
saved fixture page, one JSON line each, for checking that a refactor changes no byte:

    python scripts/dump_records.py before.jsonl   # on the old commit
    python scripts/dump_records.py after.jsonl    # on the new one
    cmp before.jsonl after.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpora import CORPORA, DEFAULT_CORPORA, load  # noqa: E402
from newscrawl import extract_article  # noqa: E402
from newscrawl.fixtures import fixtures  # noqa: E402

FETCHED_AT = "2026-01-01T00:00:00+00:00"


def main(out_path: str) -> None:
    with open(out_path, "w", encoding="utf-8") as out:
        for name in CORPORA:
            for page in load(DEFAULT_CORPORA, name):
                url = page.url or f"https://{page.host or 'corpus.example'}/{page.id}"
                for mode in ("fast", "consensus"):
                    record = extract_article(
                        page.read_html(), url, fetched_at=FETCHED_AT, mode=mode
                    )
                    line = [name, page.id, mode, record]
                    out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
        for fixture in fixtures(ROOT / "tests" / "fixtures" / "pages"):
            line = ["fixture", fixture.slug, "consensus", fixture.extract()]
            out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
