"""Rich text: residents and staff write Markdown; what is stored and shown is sanitised HTML."""

from __future__ import annotations

import re

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "del",
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


# The longest text a resident or staff member writes (a page of the site is about 20,000
# characters); a longer source is cut rather than rendered, so no request parses megabytes.
MAX_SOURCE_LENGTH = 50_000
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
GFM_EXTENSIONS = ["table", "strikethrough", "autolink"]
# Python-Markdown's attribute lists ("# Title {#anchor}") are not CommonMark: dropped.
_HEADING_ATTRIBUTES = re.compile(r"^(#{1,6}[ \t].*?)[ \t]*\{[#.][^}\n]*\}[ \t]*$", re.MULTILINE)


def heading_levels(html: str) -> str:
    """Headings from h2 (the page's own title is its only h1) to h4, never skipping a level:
    whatever the author typed, a screen reader's outline stays valid (axe's heading-order)."""
    previous = 1
    opened: list[int] = []

    def level_of(match: re.Match[str]) -> str:
        nonlocal previous
        if match.group(1):  # a closing tag closes the heading just opened
            return f"</h{opened.pop() if opened else previous}"
        level = min(int(match.group(2)), previous + 1, 4)
        level = max(level, 2)
        previous = level
        opened.append(level)
        return f"<h{level}"

    return _HEADING_TAG.sub(level_of, html)


def render_markdown(source: str) -> str:
    """Markdown (CommonMark with GitHub's tables and strikethrough) to sanitised HTML; raw
    HTML in the source is sanitised like the rest.

    cmark's parser is linear in its input whatever the input (Python-Markdown took 24 s on
    10,000 "["), and the input is capped at MAX_SOURCE_LENGTH.
    """
    source = _HEADING_ATTRIBUTES.sub(r"\1", source[:MAX_SOURCE_LENGTH])
    # Raw HTML goes through (UNSAFE) to nh3, which removes a <script> with its content; GFM's
    # tag filter would only escape it into visible text.
    html = cmarkgfm.markdown_to_html_with_extensions(
        source, options=Options.CMARK_OPT_UNSAFE, extensions=GFM_EXTENSIONS
    )
    # Regular expressions, not a plain replace: a heading the sanitiser does not allow (h1,
    # h5, h6) would lose its markup altogether.
    return sanitize_html(heading_levels(html)).strip()
