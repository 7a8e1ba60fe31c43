"""Extraction benchmark: newscrawl against trafilatura on the shared evaluation corpora.

Run `python -m bench --help`. The corpora are third-party pages read at run time from
`../shared/corpora`; nothing of them is stored in this repository.
"""
