"""Rich text: residents and staff write Markdown; what is stored and shown is sanitised HTML."""

from __future__ import annotations

import re

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "code",
    "pre",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def sanitize_html(html: str) -> str:
    """Keep only harmless markup: no script, style, event handler or javascript: link."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )


_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


def _allowed_heading(match: re.Match[str]) -> str:
    """h1 becomes h2 and h5/h6 become h4, the levels a text inside a page may use."""
    level = min(max(int(match.group(2)), 2), 4)
    return f"<{match.group(1)}h{level}"


def render_markdown(source: str) -> str:
    """Markdown to sanitised HTML; raw HTML in the source is sanitised like the rest.

    Headings run from h2 (the page's own title is its only h1) to h4.
    """
    html = markdown.markdown(source, extensions=["extra", "sane_lists"], output_format="html")
    # A regular expression, not a plain replace: "# Title {#anchor}" gives <h1 id="anchor">, and
    # a heading the sanitiser does not allow (h1, h5, h6) would lose its markup altogether.
    html = _HEADING_TAG.sub(_allowed_heading, html)
    return sanitize_html(html)
