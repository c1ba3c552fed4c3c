"""Rich text: Markdown in, sanitised HTML out; nothing a reader's browser would run survives."""

from __future__ import annotations

import time

import pytest

from tessera.core.richtext import MAX_SOURCE_LENGTH, render_markdown, sanitize_html

LINK_REL = 'rel="noopener noreferrer nofollow"'


def test_it_keeps_bold_italics_links_and_lists() -> None:
    html = render_markdown(
        "**Gras** et *italique*, voir [le site](https://ville.example/budget).\n\n"
        "- un\n- deux\n\n1. premier\n2. second"
    )

    assert "<strong>Gras</strong>" in html
    assert "<em>italique</em>" in html
    assert f'<a href="https://ville.example/budget" {LINK_REL}>le site</a>' in html
    assert "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>" in html
    assert "<ol>\n<li>premier</li>\n<li>second</li>\n</ol>" in html


def test_headings_start_at_h2_under_the_pages_own_title() -> None:
    assert render_markdown("# Titre\n\n## Sous-titre") == "<h2>Titre</h2>\n<h2>Sous-titre</h2>"


def test_a_heading_with_an_anchor_keeps_its_heading() -> None:
    assert render_markdown("# Titre {#budget}") == "<h2>Titre</h2>"


def test_headings_never_skip_a_level_whatever_the_author_typed() -> None:
    assert render_markdown("##### Détail\n\n###### Note") == "<h2>Détail</h2>\n<h3>Note</h3>"
    assert render_markdown("## A\n\n#### B\n\n###### C\n\n## D") == (
        "<h2>A</h2>\n<h3>B</h3>\n<h4>C</h4>\n<h2>D</h2>"
    )


@pytest.mark.parametrize(
    "source",
    ["[" * 10_000, "[a](" * 10_000, "**a" * 10_000, "<" * 10_000, "> " * 5_000 + "x"],
)
def test_a_pathological_source_renders_in_linear_time(source: str) -> None:
    # Python-Markdown took 24 s of CPU on 10,000 "[": the budget here is a few milliseconds.
    started = time.process_time()
    render_markdown(source)
    assert time.process_time() - started < 0.5


def test_a_source_over_the_cap_is_cut_before_parsing() -> None:
    html = render_markdown("a" * (MAX_SOURCE_LENGTH + 10_000))
    assert html.count("a") == MAX_SOURCE_LENGTH


def test_it_keeps_tables_and_escapes_code() -> None:
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n```\n<b>code</b>\n```")

    assert "<table>" in html
    assert "<td>1</td>" in html
    assert "<pre><code>&lt;b&gt;code&lt;/b&gt;\n</code></pre>" in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>Bonjour",
        "Bonjour<SCRIPT src=https://evil.example/x.js></SCRIPT>",
        "<style>body{display:none}</style>Bonjour",
        '<img src=x onerror="alert(1)">Bonjour',
        '<p onclick="alert(1)" style="color:red">Bonjour</p>',
        "<iframe src='https://evil.example'></iframe>Bonjour",
        '<svg onload="alert(1)"></svg>Bonjour',
    ],
)
def test_markdown_source_cannot_smuggle_scripts_styles_or_handlers(source: str) -> None:
    html = render_markdown(source).lower()

    assert "bonjour" in html
    for dangerous in ("<script", "alert", "onerror", "onclick", "onload", "style", "<iframe"):
        assert dangerous not in html


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
    ],
)
def test_a_link_to_code_loses_its_target(target: str) -> None:
    assert render_markdown(f"[cliquez]({target})") == f"<p><a {LINK_REL}>cliquez</a></p>"


def test_links_to_mail_and_phone_are_kept() -> None:
    html = render_markdown("[écrire](mailto:mairie@ville.example) ou [appeler](tel:+33100000000)")

    assert 'href="mailto:mairie@ville.example"' in html
    assert 'href="tel:+33100000000"' in html


def test_sanitize_html_keeps_harmless_markup_and_drops_the_rest() -> None:
    html = sanitize_html(
        '<p style="color:red" onmouseover="steal()">Texte <strong>fort</strong> '
        '<a href="javascript:alert(1)" onclick="x()">piège</a> '
        '<a href="https://ville.example" target="_blank">site</a></p>'
        "<script>steal()</script><style>p{}</style><img src=x onerror=alert(1)>"
    )

    assert html == (
        f"<p>Texte <strong>fort</strong> <a {LINK_REL}>piège</a> "
        f'<a href="https://ville.example" {LINK_REL}>site</a></p>'
    )


def test_sanitize_html_replaces_a_rel_the_author_chose() -> None:
    html = sanitize_html('<a href="https://ville.example" rel="opener">site</a>')

    assert html == f'<a href="https://ville.example" {LINK_REL}>site</a>'
