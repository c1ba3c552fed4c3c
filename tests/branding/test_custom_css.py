"""The customer's CSS is parsed: nothing in it makes a browser call another site."""

from __future__ import annotations

import pytest

from tessera.branding.customcss import custom_css_problem

REFUSED = [
    "@import url(https://fonts.example/css);",
    "@IMPORT 'https://fonts.example/css';",
    "body { background: url(https://tracker.example/pixel.png); }",
    # What the old pattern let through: escapes a browser decodes.
    "body { background: url(\\68ttps://tracker.example/pixel.png); }",
    "body { background: \\75rl(https://tracker.example/pixel.png); }",
    "body { background: url('\\68ttps://tracker.example/p.png'); }",
    "body { background: url(//tracker.example/p.png); }",
    # Browsers read "/\\host" as "//host".
    "body { background: url('/\\\\tracker.example/p.png'); }",
    'body { background: image-set("https://tracker.example/p.png" 1x); }',
    "body { background: image-set(url(https://tracker.example/p.png) 1x); }",
    "body { --x: url(https://tracker.example/p.png); }",
    "@media (min-width: 1px) { body { background: url(https://tracker.example/p.png) } }",
    "@font-face { font-family: x; src: url(https://fonts.example/x.woff2); }",
    "@namespace svg url(https://x.example);",
    "body { behavior: url(/x.htc); }",
    "body { width: expression(alert(1)); }",
    "</style><script>alert(1)</script>",
    "body { color: red; } }",
]

ALLOWED = [
    ".hero-band { border: 3px solid #0b5e55; }",
    "body { background: url(/site/files/motif.png) repeat; }",
    "@media (max-width: 40rem) { .hero-band { padding: 1rem; } }",
    "@supports (display: grid) { main { display: grid; } }",
    ".card:hover > a::after { content: '→'; color: var(--color-primary); }",
]


@pytest.mark.parametrize("css", REFUSED)
def test_css_that_would_load_from_elsewhere_or_run_is_refused(css: str) -> None:
    assert custom_css_problem(css) is not None


@pytest.mark.parametrize("css", ALLOWED)
def test_what_the_identity_needs_is_allowed(css: str) -> None:
    assert custom_css_problem(css) is None
