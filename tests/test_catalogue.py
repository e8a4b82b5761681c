"""The translation catalogues: same keys in every language, every used key present."""

from __future__ import annotations

import re

import pytest

from onboarding.config import PROJECT_ROOT
from onboarding.i18n import LANGUAGES, catalogue, translate

SOURCES = [
    PROJECT_ROOT / "app.py",
    *PROJECT_ROOT.glob("pages/*.py"),
    *PROJECT_ROOT.glob("onboarding/*.py"),
]
LITERAL_KEY = re.compile(
    r"""(?:\bt|translate|Error|Problem)\(\s*"([a-z_]+\.[a-z_.]+)\""""
)


def test_languages_have_same_keys() -> None:
    keys = {language: set(catalogue(language)) for language in LANGUAGES}
    assert keys["da"] - keys["en"] == set()
    assert keys["en"] - keys["da"] == set()


def test_every_literal_key_exists() -> None:
    used = set()
    for path in SOURCES:
        used |= set(LITERAL_KEY.findall(path.read_text(encoding="utf-8")))
    assert len(used) > 100
    missing = sorted(key for key in used if key not in catalogue("da"))
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_templates_take_their_parameters(language: str) -> None:
    for key, template in catalogue(language).items():
        names = set(re.findall(r"{(\w+)", template))
        translate(key, language, **dict.fromkeys(names, "x"))


def test_statuses_translated() -> None:
    assert translate("status.done", "da") == "Færdig"
    assert translate("status.done", "en") == "Done"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_value_is_text(language: str) -> None:
    assert [k for k, v in catalogue(language).items() if not isinstance(v, str)] == []
