"""Tests that keep the house honest (after pretix): every model scoped to its organisation or
global on purpose, every signal and registry documented, every permission asked somewhere,
and the predicate and its queryset mirror agreeing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rules
from django.apps import apps
from django.contrib import admin
from django_scopes import ScopeError, scope

SOURCE = Path(__file__).resolve().parents[1] / "src" / "tessera"
ARCHITECTURE = (SOURCE.parents[1] / "docs" / "architecture.md").read_text()

# Rows read before any organisation is known, on purpose: the organisation itself and the host
# names the middleware resolves it from.
GLOBAL_MODELS = {"organizations.organization", "organizations.host"}


def tessera_models() -> list[type]:
    return [model for model in apps.get_models() if model.__module__.startswith("tessera.")]


@pytest.mark.parametrize("model", tessera_models(), ids=lambda model: model._meta.label_lower)
def test_every_model_is_scoped_to_its_organisation_or_global_on_purpose(model: type) -> None:
    if model._meta.label_lower in GLOBAL_MODELS:
        return
    # An active scope that names no organisation: a scoped manager must refuse to query.
    with scope(), pytest.raises(ScopeError):
        list(model._default_manager.all()[:1])


def python_and_templates() -> str:
    return "\n".join(
        path.read_text()
        for path in SOURCE.rglob("*")
        if path.suffix in {".py", ".html"} and "migrations" not in path.parts
    )


def test_every_registered_permission_is_asked_somewhere() -> None:
    """Asked by name in code or a template, or by the Django admin for its models."""
    source = python_and_templates()
    in_admin = {model._meta.label_lower for model in admin.site._registry}
    for model_admin in admin.site._registry.values():
        in_admin |= {inline.model._meta.label_lower for inline in model_admin.inlines}
    unasked = set()
    for name in rules.permissions.permissions:
        app, action = name.split(".", 1)
        model_action = re.fullmatch(r"(view|add|change|delete)_(\w+)", action)
        if model_action and f"{app}.{model_action.group(2)}" in in_admin:
            continue
        if f'"{name}"' not in source and f"'{name}'" not in source:
            unasked.add(name)
    assert unasked == set()


def test_every_signal_is_documented() -> None:
    signals = {
        (path.relative_to(SOURCE).parts[0], name)
        for path in SOURCE.rglob("signals.py")
        for name in re.findall(r"^(\w+) = Signal\(\)", path.read_text(), re.MULTILINE)
    }
    assert len(signals) >= 10
    missing = {f"{app}.{name}" for app, name in signals if name not in ARCHITECTURE}
    assert missing == set()


def test_every_registry_is_documented() -> None:
    """A registry: a module-level private table that a `register…` function fills."""
    registries = {
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.py")
        if re.search(r"^_\w+: (dict\[|SectionRegistry)", path.read_text(), re.MULTILINE)
        and "register" in path.read_text()
    }
    assert "contributions/kinds.py" in registries
    missing = {registry for registry in registries if registry not in ARCHITECTURE}
    assert missing == set()
