"""The project's own translation catalogues are complete, clean and compiled (DESIGN.md).

"French first, translatable everywhere": every msgid collected by makemessages has a French and
an English translation, none is left fuzzy (gettext ignores fuzzy entries), the placeholders of
each msgid survive in its translation, and the committed .mo says what the .po says.

The .po files are read with the small parser below (no polib dependency); the .mo files with the
standard library's gettext. Whether the .mo is compiled is checked on its content, not its mtime:
a git checkout gives files arbitrary mtimes, so a .po may look newer than the .mo made from it.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

LANGUAGES = ["fr", "en"]
EXPECTED_PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "en": "nplurals=2; plural=(n != 1);",
}

# %(name)s and friends; %% is a literal percent sign and is removed before matching.
NAMED_PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]?\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
POSITIONAL_PLACEHOLDER = re.compile(r"%[#0 +-]?\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
BRACE_PLACEHOLDER = re.compile(r"\{\{\s*\w+\s*\}\}|\{\w*\}")
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    def __str__(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def _unquote(text: str) -> str:
    text = text.strip()
    assert len(text) >= 2, text
    assert text[0] == text[-1] == '"', text
    return re.sub(r"\\(.)", lambda match: ESCAPES.get(match.group(1), match.group(1)), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file (obsolete `#~` entries are skipped, as gettext does)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    keyword = ""
    index = 0
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line:
                entry, keyword = None, ""
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$", line)
        if match:
            keyword, index_text, value = match.groups()
            index = int(index_text or 0)
            text = _unquote(value)
        elif line.startswith('"'):
            text = _unquote(line)
        else:
            raise AssertionError(f"{path}:{number}: cannot parse {raw!r}")
        if keyword == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + text
        elif keyword == "msgid":
            entry.msgid += text
        elif keyword == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + text
        elif keyword == "msgstr":
            entry.msgstr[index] = entry.msgstr.get(index, "") + text
        else:
            raise AssertionError(f"{path}:{number}: text outside a keyword")
    return entries


def catalogue(language: str, extension: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / f"django.{extension}"


def messages(language: str) -> list[Entry]:
    return [entry for entry in parse_po(catalogue(language, "po")) if not entry.is_header]


def header(language: str) -> dict[str, str]:
    entry = next(entry for entry in parse_po(catalogue(language, "po")) if entry.is_header)
    pairs = (line.split(":", 1) for line in entry.msgstr[0].splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def placeholders(text: str, entry: Entry) -> set[str]:
    text = text.replace("%%", "")
    found = {f"%({name})" for name in NAMED_PLACEHOLDER.findall(text)}
    found |= set(BRACE_PLACEHOLDER.findall(text)) if "python-brace-format" in entry.flags else set()
    if "python-format" in entry.flags:
        found |= set(POSITIONAL_PLACEHOLDER.findall(NAMED_PLACEHOLDER.sub("", text)))
    return found


def sources(entry: Entry, nplurals: int) -> dict[int, str]:
    """What each msgstr translates: the msgid, then the plural msgid for the other forms."""
    if entry.msgid_plural is None:
        return {0: entry.msgid}
    return {index: entry.msgid if index == 0 else entry.msgid_plural for index in range(nplurals)}


def nplurals(language: str) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", header(language)["Plural-Forms"])
    assert match
    return int(match.group(1))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_exists_and_has_messages(language: str) -> None:
    assert catalogue(language, "po").is_file()
    assert len(messages(language)) > 50


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_names_the_language_and_its_plural_rule(language: str) -> None:
    fields = header(language)
    assert fields["Language"] == language
    assert fields["Plural-Forms"] == EXPECTED_PLURAL_FORMS[language]
    assert "charset=UTF-8" in fields["Content-Type"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language: str) -> None:
    count = nplurals(language)
    untranslated = [
        str(entry)
        for entry in messages(language)
        if set(entry.msgstr) != set(sources(entry, count)) or not all(entry.msgstr.values())
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_entry_is_fuzzy(language: str) -> None:
    fuzzy = [str(entry) for entry in parse_po(catalogue(language, "po")) if "fuzzy" in entry.flags]
    assert fuzzy == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_their_msgid(language: str) -> None:
    count = nplurals(language)
    broken = [
        f"{entry} [{index}]: {placeholders(source, entry)} != {placeholders(translated, entry)}"
        for entry in messages(language)
        for index, source in sources(entry, count).items()
        if (translated := entry.msgstr.get(index))
        and placeholders(source, entry) != placeholders(translated, entry)
    ]
    assert broken == []


def test_the_english_catalogue_repeats_its_msgids() -> None:
    different = [
        str(entry)
        for entry in messages("en")
        for index, source in sources(entry, nplurals("en")).items()
        if entry.msgstr.get(index) != source
    ]
    assert different == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_the_po(language: str) -> None:
    """The .mo holds every translation of the .po: it was compiled after the last change."""
    mo = catalogue(language, "mo")
    assert mo.is_file(), f"run compilemessages: {mo} is missing"
    with mo.open("rb") as stream:
        compiled = gettext.GNUTranslations(stream)
    assert compiled.info().get("plural-forms") == header(language)["Plural-Forms"]
    stale = []
    for entry in messages(language):
        if entry.msgid_plural is None:
            if entry.msgctxt is None:
                got = compiled.gettext(entry.msgid)
            else:
                got = compiled.pgettext(entry.msgctxt, entry.msgid)
            if got != entry.msgstr.get(0):
                stale.append(str(entry))
            continue
        # Every plural form the .po gives is reached by some count, and no other one.
        if entry.msgctxt is None:
            forms = {compiled.ngettext(entry.msgid, entry.msgid_plural, n) for n in range(200)}
        else:
            forms = {
                compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                for n in range(200)
            }
        if forms != set(entry.msgstr.values()):
            stale.append(str(entry))
    assert stale == [], "run compilemessages: the .mo differs from the .po"
