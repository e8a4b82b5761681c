"""Translation catalogues: one YAML file of interface text per language.

Catalogue values are `str.format` templates. Keys are dotted names such as
``case.status.done``. Danish is the default language.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"


@cache
def catalogue(language: str) -> dict[str, str]:
    """Load the catalogue of one language as a flat mapping of key to text."""
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}; use one of {LANGUAGES}.")
    text = (
        resources.files("onboarding")
        .joinpath(f"locales/{language}.yaml")
        .read_text("utf-8")
    )
    return yaml.safe_load(text)


def translate(key: str, language: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """Return the text for ``key`` in ``language`` with ``params`` filled in.

    A key missing from the catalogue comes back as the key itself, so a gap
    shows on screen instead of crashing a page. A test checks that both
    catalogues have the same keys.
    """
    template = catalogue(language).get(key, key)
    return template.format(**params) if params else template
