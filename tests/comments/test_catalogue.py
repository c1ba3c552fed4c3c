"""The comments app's own catalogues are complete, clean and compiled, like the project's."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

from tests.core.test_catalogues import Entry, parse_po, placeholders

LOCALE = Path(__file__).resolve().parents[2] / "src" / "tessera" / "comments" / "locale"


def entries(language: str) -> list[Entry]:
    return [
        entry
        for entry in parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")
        if not entry.is_header
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_message_is_translated_and_compiled(language: str) -> None:
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as stream:
        compiled = gettext.GNUTranslations(stream)
    problems = []
    for entry in entries(language):
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
    assert len(entries(language)) > 50
