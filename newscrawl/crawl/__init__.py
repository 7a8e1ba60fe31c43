"""The crawl's own bookkeeping, engine side: the names newscrawl gives request meta and stats
(`keys`), why a request ended (`reasons`), and the ledger that gives every URL one outcome
(`ledger`)."""
