"""Crawl-level components: what happens around the items (rejected feed, run summary)."""
