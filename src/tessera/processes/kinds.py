"""The registry of step kinds.

A step kind says what happens during a step (presentation, collect, vote, …). The app that
implements it registers it here from its AppConfig.ready(); processes/ never imports them, so a
new kind plugs in without touching this app (see docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from tessera.processes.models import Step

StepView = Callable[["HttpRequest", "Step"], "HttpResponse"]


@dataclass(frozen=True)
class StepSettings:
    """A step kind's own settings form in the back office (/manage/), registered beside it.

    `form` is built as form(data=None, files=None, *, step, user); is_valid(); save() -> None
    writes through a service. `summary` says in one line what is configured, for the timeline
    ("Budget ballot, 2 envelopes, greedy"). `template` renders the form; None means the
    generic fields include. `copy(step, new_step)` copies the kind's settings for the next
    edition when copying its one-to-one …Settings row and that row's children is not enough
    (a questionnaire copies its form); None means that generic copy.
    """

    form: type
    summary: Callable[[Step], str]
    template: str | None = None
    copy: Callable[[Step, Step], None] | None = None


@dataclass(frozen=True)
class StepKind:
    """What a kind of step is: its identifier (stored on Step.kind), its label and its page.

    `view` renders the public step page; None means the generic page (title, dates and
    description). `actions` names the permissions the step opens while it is active
    (e.g. "proposals.submit"), so that rules can ask whether a step allows an action.
    `admin_url` gives, when the kind has its own back-office configuration, its URL.
    `settings` is the kind's settings form in the back office's timeline editor.
    """

    identifier: str
    label: str | Promise
    description: str | Promise = ""
    view: StepView | None = None
    actions: frozenset[str] = field(default_factory=frozenset)
    icon: str = "info"
    admin_url: Callable[[Step], str] | None = None
    settings: StepSettings | None = None


_registry: dict[str, StepKind] = {}


class UnknownStepKind(LookupError):
    pass


def register(kind: StepKind) -> StepKind:
    """Register a kind; registering the same identifier twice is a programming error."""
    existing = _registry.get(kind.identifier)
    if existing is not None and existing != kind:
        raise ValueError(f"Step kind {kind.identifier!r} is already registered")
    _registry[kind.identifier] = kind
    return kind


def get(identifier: str) -> StepKind:
    try:
        return _registry[identifier]
    except KeyError:
        raise UnknownStepKind(identifier) from None


def choices() -> list[tuple[str, Any]]:
    """(identifier, label) pairs for forms, in registration order."""
    return [(kind.identifier, kind.label) for kind in _registry.values()]


def all_kinds() -> list[StepKind]:
    return list(_registry.values())
