"""The analysis app's own catalogues are complete, not fuzzy, and compiled."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

from tests.core.test_catalogues import parse_po

LOCALE = Path(__file__).resolve().parents[2] / "src" / "tessera" / "analysis" / "locale"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_message_is_translated_and_compiled(language: str) -> None:
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    entries = [entry for entry in parse_po(po) if not entry.is_header]
    assert len(entries) > 100
    assert [str(e) for e in entries if "fuzzy" in e.flags] == []
    assert [str(e) for e in entries if not all(e.msgstr.values()) or not e.msgstr] == []
    with (po.parent / "django.mo").open("rb") as stream:
        compiled = gettext.GNUTranslations(stream)
    stale = [
        str(entry)
        for entry in entries
        if entry.msgid_plural is None and compiled.gettext(entry.msgid) != entry.msgstr[0]
    ]
    assert stale == []
    if language == "en":
        assert all(e.msgstr[0] == e.msgid for e in entries if e.msgid_plural is None)
