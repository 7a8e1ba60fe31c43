from newscrawl.sites import bnews
from newscrawl.spiders.base import NewsSpider


class BnewsSpider(NewsSpider):
    """BNews.kz in English, Russian and Kazakh: RSS feeds, sitemaps and the news listings.

    scrapy crawl bnews -a languages=en,kk -a since=2024-01-01 -O output/bnews.jsonl
    """

    name = "bnews"
    site = bnews.SITE
