"""The own catalogues of the comments and contributions apps are complete, clean and compiled."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

from tests.core.test_catalogues import Entry, parse_po, placeholders

APPS = Path(__file__).resolve().parents[2] / "src" / "tessera"
# Each app's catalogue and how many messages it has at least (a catalogue left empty fails).
MINIMUM = {"comments": 50, "contributions": 30}


def entries(app: str, language: str) -> list[Entry]:
    return [
        entry
        for entry in parse_po(APPS / app / "locale" / language / "LC_MESSAGES" / "django.po")
        if not entry.is_header
    ]


@pytest.mark.parametrize("app", sorted(MINIMUM))
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_message_is_translated_and_compiled(app: str, language: str) -> None:
    with (APPS / app / "locale" / language / "LC_MESSAGES" / "django.mo").open("rb") as stream:
        compiled = gettext.GNUTranslations(stream)
    problems = []
    for entry in entries(app, language):
        sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
        for index, source in enumerate(sources):
            translated = entry.msgstr.get(index, "")
            if not translated or "fuzzy" in entry.flags:
                problems.append(f"untranslated: {entry}")
            elif placeholders(source, entry) != placeholders(translated, entry):
                problems.append(f"placeholders: {entry}")
            elif language == "en" and translated != source:
                problems.append(f"english differs: {entry}")
        if entry.msgid_plural is None and compiled.gettext(entry.msgid) != entry.msgstr.get(0):
            problems.append(f"not compiled: {entry}")
    assert problems == []
    assert len(entries(app, language)) > MINIMUM[app]
