"""What Scrapy lacks for crawling sites that time out, lie and trap (the books that account
for every URL are newscrawl.crawl.ledger): the crawl's scope (`scope`), polite retries
(`backoff`) and the check that a downloaded page is something we can read (`responses`).
docs/robustness.md explains the outcomes they count."""
