"""scrapy newsite NAME DOMAIN [--languages en,ru,kk] [--timezone Asia/Almaty]

Declare a new site: writes newscrawl/sites/NAME.py (which registers it: the registry reads
every module there, and `scrapy crawl NAME` has its spider at once) and its fixture folder.
Next: fill in the declaration's discovery, then `scrapy savefixture NAME URL`
(docs/adding-a-site.md).
"""

from __future__ import annotations

import argparse
import json
import keyword
import re
from pathlib import Path
from typing import NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy.commands import ScrapyCommand

import newscrawl.sites
from newscrawl.commands import errors_in_one_line, fixtures_root, project_root, refuse
from newscrawl.extract.language import language_code
from newscrawl.sites import SITES
from newscrawl.sites.base import class_name

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# Names taken: the kit's module and classes (a site "site" would be class Site(Site)), the
# generic spider, the commands.
_RESERVED = frozenset({"base", "site", "template", "thresholds", "generic", "savefixture"})

DECLARATION = '''"""{domain}: news in {language_names} ({timezone}).

Written by `scrapy newsite`: declare where the articles are listed; add a template version
only for a field that structured data and generic extraction get wrong
(docs/adding-a-site.md)."""

from newscrawl.sites.base import Site


class {class_name}(Site):
    name = "{name}"
    domain = "{domain}"
    timezone = "{timezone}"
    # Language -> path prefix of its edition (or "https://other.host/"); check the site.
    editions = {editions}
    feeds: tuple[str, ...] = ()  # e.g. ("{{edition}}rss",): "{{edition}}" is each prefix
    sitemaps = ("/sitemap.xml",)
    listings: tuple[str, ...] = ()  # listing pages, with listing_links and next_page
    # Only article URLs' paths match this: links of feeds, sitemaps and listings must.
    article_path = r"^/.+"
'''


def _fail(message: str) -> NoReturn:
    refuse("newsite", message)


def checked_name(name: str) -> str:
    if not _NAME.match(name) or keyword.iskeyword(name) or name in _RESERVED:
        _fail(f"NAME {name!r}: a lowercase Python name such as 'kazinform' (a-z, 0-9, _)")
    if name in SITES:
        _fail(f"NAME {name!r}: already declared in newscrawl/sites/{name}.py")
    return name


def checked_domain(domain: str) -> str:
    host = domain.lower().removeprefix("www.")
    if not _HOST.match(host):
        _fail(f"DOMAIN {domain!r}: a host name such as 'inform.kz', without https:// or a path")
    taken = next((site for site in SITES.values() if host in site.hosts()), None)
    if taken is not None:
        _fail(
            f"DOMAIN {domain!r}: already the site {taken.name!r} (newscrawl/sites/{taken.name}.py)"
        )
    return host


def checked_languages(value: str) -> list[str]:
    """The editions' language codes as articles carry them ("kz" is kk): an edition keyed
    by a code no article has would filter its every article out."""
    given = [part.strip() for part in value.split(",") if part.strip()]
    languages = [language_code(lang) for lang in given]
    if not given or None in languages:
        _fail(f"--languages {value!r}: ISO 639-1 codes separated by commas, such as en,ru,kk")
    return list(dict.fromkeys(lang for lang in languages if lang))


def checked_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        _fail(f"--timezone {value!r}: an IANA time zone such as Asia/Almaty")
    return value


def declaration(name: str, domain: str, languages: list[str], timezone: str) -> str:
    # The first language at the root, the others under /<code>/: a guess to check.
    editions = {lang: "/" if i == 0 else f"/{lang}/" for i, lang in enumerate(languages)}
    return DECLARATION.format(
        name=name,
        domain=domain,
        timezone=timezone,
        language_names=", ".join(languages),
        class_name=class_name(name),
        editions=json.dumps(editions, ensure_ascii=False),
    )


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False

    def syntax(self) -> str:
        return "NAME DOMAIN [--languages en,ru,kk] [--timezone Asia/Almaty]"

    def short_desc(self) -> str:
        return "Declare a new site and make its fixture folder"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        errors_in_one_line(parser, "newsite")
        parser.add_argument("--languages", default="en", help="its editions' languages")
        parser.add_argument("--timezone", default="UTC", help="its local time zone")

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if len(args) != 2:
            _fail("give a NAME and a DOMAIN, such as: scrapy newsite kazinform inform.kz")
        checked_name(args[0])
        checked_domain(args[1])
        checked_languages(opts.languages)
        checked_timezone(opts.timezone)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        name, domain = args[0], checked_domain(args[1])
        # Where the registry reads declarations: the newscrawl this command runs.
        sites = Path(newscrawl.sites.__file__).parent
        if not sites.is_relative_to(project_root()):
            _fail(f"newscrawl runs from {sites.parent}, not from this project: run it there")
        module = sites / f"{name}.py"
        module.write_text(
            declaration(name, domain, checked_languages(opts.languages), opts.timezone),
            encoding="utf-8",
        )
        folder = fixtures_root(self.settings) / name
        folder.mkdir(parents=True, exist_ok=True)
        print(f"wrote {module} and {folder}/")
        print(f"next: fill in its discovery, then `scrapy savefixture {name} URL`")
