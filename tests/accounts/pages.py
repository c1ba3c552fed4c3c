"""Read pages and e-mails as a resident sees them: typed values, offered choices, errors, links."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Protocol

from django.core.mail import EmailMessage

_ERROR_LIST_ID = re.compile(r"^id_(?P<field>.+)_error$")
_LINK = re.compile(r"https?://\S+")


class Page(Protocol):
    """A response of the test client (its type differs from a view's HttpResponse)."""

    content: bytes


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self.errors: dict[str, list[str]] = {}
        self._select: str | None = None
        self._error_field: str | None = None
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "input" and "name" in attributes:
            self.values[attributes["name"]] = attributes.get("value", "")
        elif tag == "select":
            self._select = attributes.get("name")
            self.options[self._select or ""] = []
        elif tag == "option" and self._select is not None:
            if "selected" in attributes:
                self.values[self._select] = attributes.get("value", "")
            self._text = []
        elif tag == "ul" and "errorlist" in attributes.get("class", ""):
            matched = _ERROR_LIST_ID.match(attributes.get("id", ""))
            self._error_field = matched["field"] if matched else "__all__"
            self.errors.setdefault(self._error_field, [])
        elif tag == "li" and self._error_field is not None:
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._select is not None and self._text is not None:
            self.options[self._select].append("".join(self._text).strip())
            self._text = None
        elif tag == "li" and self._error_field is not None and self._text is not None:
            self.errors[self._error_field].append("".join(self._text).strip())
            self._text = None
        elif tag == "ul":
            self._error_field = None
        elif tag == "select":
            self._select = None


def read_form(response: Page) -> _FormReader:
    reader = _FormReader()
    reader.feed(response.content.decode())
    return reader


def errors_of(response: Page) -> dict[str, list[str]]:
    """The error messages shown under each field ("__all__" for those above the form)."""
    return read_form(response).errors


def values_of(response: Page) -> dict[str, str]:
    """What each input and select of the page shows, as the browser would send it back."""
    return read_form(response).values


def options_of(response: Page, name: str) -> list[str]:
    """The labels of the choices a select offers."""
    return read_form(response).options[name]


def links_in(message: EmailMessage) -> list[str]:
    return _LINK.findall(str(message.body))
