"""The registry of declared sites: every module of this package (but `base`) declares one
site, a `Site` subclass whose `name` is the module's name. Adding a module registers it
(`scrapy newsite` writes one); newscrawl.spiders.sites makes its spider."""

from __future__ import annotations

import importlib
import pkgutil

from newscrawl.sites.base import Site, Template, Thresholds, host_of

_NOT_SITES = frozenset({"base"})


def _declared_in(module_name: str) -> Site:
    module = importlib.import_module(f"{__name__}.{module_name}")
    classes = [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, Site)
        and value is not Site
        and value.__module__ == module.__name__
    ]
    if len(classes) != 1:
        raise ImportError(f"{module.__name__} must declare one Site subclass, not {len(classes)}")
    site = classes[0]()
    if site.name != module_name:
        raise ImportError(f"{module.__name__}: the site's name must be {module_name!r}")
    return site


def _discover() -> dict[str, Site]:
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name not in _NOT_SITES)
    return {name: _declared_in(name) for name in names}


SITES: dict[str, Site] = _discover()


def site_for_url(url: str) -> Site | None:
    host = host_of(url)
    return next((s for s in SITES.values() if host in s.hosts()), None)


__all__ = ["SITES", "Site", "Template", "Thresholds", "host_of", "site_for_url"]
