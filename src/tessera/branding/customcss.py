"""The customer's own CSS, parsed (tinycss2, the CSS Syntax Level 3 tokenizer browsers follow)
and allowed only as far as the identity needs: rules, @media and @supports, and images from
this site. What a browser decodes (escapes such as `url(\\68ttps://…)` or `\\75rl(…)`), the
parser decodes too, so the check sees the URL the browser would fetch.

Nothing here may load anything from elsewhere: a third party would see every visitor.
"""

from __future__ import annotations

from collections.abc import Iterable

import tinycss2
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from tinycss2 import ast

ALLOWED_AT_RULES = frozenset({"media", "supports"})
# Functions whose string arguments browsers fetch.
URL_FUNCTIONS = frozenset(
    {"url", "src", "image", "image-set", "-webkit-image-set", "cross-fade", "element"}
)
# Properties that run code or fetch in some browser (old IE, old Firefox).
REFUSED_PROPERTIES = frozenset({"behavior", "-moz-binding"})

Problem = str | Promise
BLOCKS = (ast.ParenthesesBlock, ast.SquareBracketsBlock, ast.CurlyBracketsBlock)


def custom_css_problem(css: str) -> Problem | None:
    """Why the customer's CSS is refused, or None."""
    if "<" in css:
        return _("CSS cannot contain HTML tags.")
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return _rules_problem(rules)


def _rules_problem(rules: Iterable[ast.Node]) -> Problem | None:
    for rule in rules:
        problem = _rule_problem(rule)
        if problem is not None:
            return problem
    return None


def _rule_problem(rule: ast.Node) -> Problem | None:
    if isinstance(rule, ast.ParseError):
        return _("The CSS cannot be read at line %(line)s.") % {"line": rule.source_line}
    if isinstance(rule, ast.AtRule):
        if rule.lower_at_keyword not in ALLOWED_AT_RULES:
            return _("@%(rule)s is not allowed: only rules, @media and @supports.") % {
                "rule": rule.lower_at_keyword
            }
        if rule.content is None:
            return _("The CSS cannot be read at line %(line)s.") % {"line": rule.source_line}
        return _values_problem(rule.prelude) or _rules_problem(
            tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
        )
    assert isinstance(rule, ast.QualifiedRule)
    declarations = tinycss2.parse_blocks_contents(
        rule.content, skip_comments=True, skip_whitespace=True
    )
    return _values_problem(rule.prelude) or _declarations_problem(declarations)


def _declarations_problem(declarations: Iterable[ast.Node]) -> Problem | None:
    for declaration in declarations:
        if isinstance(declaration, ast.ParseError):
            return _("The CSS cannot be read at line %(line)s.") % {"line": declaration.source_line}
        if isinstance(declaration, ast.QualifiedRule):  # nested rule (CSS nesting)
            problem = _rule_problem(declaration)
        elif isinstance(declaration, ast.Declaration):
            if declaration.lower_name in REFUSED_PROPERTIES:
                return _("The property %(name)s is not allowed.") % {"name": declaration.name}
            problem = _values_problem(declaration.value)
        else:  # an at-rule inside a rule
            problem = _rule_problem(declaration)
        if problem is not None:
            return problem
    return None


def _values_problem(tokens: Iterable[ast.Node] | None, *, fetched: bool = False) -> Problem | None:
    """Walk the tokens, into functions and blocks; `fetched` inside a URL function."""
    for token in tokens or ():
        if isinstance(token, ast.URLToken) or (fetched and isinstance(token, ast.StringToken)):
            if not is_local(token.value):
                return _("Images must come from this site (url(/…)), not from another address.")
        elif isinstance(token, ast.FunctionBlock):
            if token.lower_name == "expression":
                return _("expression() is not allowed.")
            inner = fetched or token.lower_name in URL_FUNCTIONS
            problem = _values_problem(token.arguments, fetched=inner)
            if problem is not None:
                return problem
        elif isinstance(
            token, ast.ParenthesesBlock | ast.SquareBracketsBlock | ast.CurlyBracketsBlock
        ):
            problem = _values_problem(token.content, fetched=fetched)
            if problem is not None:
                return problem
    return None


def is_local(url: str) -> bool:
    """A path of this site: "/…", not "//host" (another site), no backslash (browsers read
    "/\\host" as "//host"), no control character."""
    return (
        url.startswith("/")
        and not url.startswith("//")
        and "\\" not in url
        and not any(ord(char) < 0x20 or ord(char) == 0x7F for char in url)
    )
