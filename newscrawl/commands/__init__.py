"""newscrawl's own `scrapy` commands (settings.COMMANDS_MODULE)."""
