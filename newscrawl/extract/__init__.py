"""What a page says. Pure functions over parsed HTML: nothing here knows about the crawl engine."""
