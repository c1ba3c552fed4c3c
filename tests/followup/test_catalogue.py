"""The follow-up's own catalogues are complete, clean and compiled (French first, English too)."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

from tests.core.test_catalogues import EXPECTED_PLURAL_FORMS, Entry, parse_po, placeholders

LOCALE = Path(__file__).resolve().parents[2] / "src" / "tessera" / "followup" / "locale"


def entries_and_header(language: str) -> tuple[list[Entry], str]:
    entries = parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    header = next(entry for entry in entries if entry.is_header).msgstr[0]
    return [entry for entry in entries if not entry.is_header], header


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_message_is_translated_and_compiled(language: str) -> None:
    entries, header = entries_and_header(language)
    assert f"Plural-Forms: {EXPECTED_PLURAL_FORMS[language]}" in header
    assert len(entries) > 100
    assert [str(e) for e in entries if "fuzzy" in e.flags] == []
    assert [str(e) for e in entries if not e.msgstr or not all(e.msgstr.values())] == []
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as stream:
        compiled = gettext.GNUTranslations(stream)
    stale = [
        str(entry)
        for entry in entries
        if entry.msgid_plural is None and compiled.gettext(entry.msgid) != entry.msgstr[0]
    ]
    assert stale == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_translations_keep_the_placeholders(language: str) -> None:
    entries, _header = entries_and_header(language)
    lost = [
        str(entry)
        for entry in entries
        for index, text in entry.msgstr.items()
        if placeholders(text, entry)
        != placeholders(entry.msgid if index == 0 else entry.msgid_plural or "", entry)
    ]
    assert lost == []


def test_the_english_catalogue_repeats_its_msgids() -> None:
    entries, _header = entries_and_header("en")
    assert [str(e) for e in entries if e.msgid_plural is None and e.msgstr[0] != e.msgid] == []
