"""The registry of contribution kinds: what each kind of resident writing offers.

The app that owns a kind (proposals for "proposal", comments for "comment", …) registers it
from its AppConfig.ready(); contributions/ never imports them, so a new tool plugs in without
touching this app (see docs/architecture.md, "Contribution kinds").
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.db.models import Model

    from tessera.accounts.models import User


class Feature(enum.StrEnum):
    """What others may do with a contribution of this kind."""

    COMMENT = "comment"
    REACT = "react"
    REPORT = "report"
    ANSWER = "answer"
    FOLLOW = "follow"
    CONTACT_AUTHOR = "contact_author"


class ReactionScheme(enum.StrEnum):
    """How people react: a support (+1), agree / mixed / disagree, or for / against."""

    SUPPORT = "support"
    AGREEMENT = "agreement"
    FOR_AGAINST = "for_against"


@dataclass(frozen=True)
class ExportColumn:
    """One column of the kind's export: its heading and how to read it from the owner."""

    heading: str | Promise
    value: Callable[[Any], object]


@dataclass(frozen=True)
class ContributionKind:
    """A kind of contribution.

    `model` owns the Contribution through a one-to-one field named `contribution`, whose
    reverse accessor is `related_name`. `reactions_open` is the tool's own rule (its step,
    its phase, its settings) saying whether the owner takes reactions now; the rest of the
    rule (who, which state) is contributions.rules'. `title` gives the public title of an
    owner (for lists and the moderation queue), `excerpt` the text moderators read in the
    queue, `related` the paths from the Contribution that title, excerpt and address need
    (the queue selects them in its one query), `gdpr_export` what one person wrote as plain
    data (for their export), `api_type` the name of the GraphQL type that shows it.
    """

    identifier: str
    label: str | Promise
    model: type[Model]
    related_name: str
    title: Callable[[Any], str]
    excerpt: Callable[[Any], str] = lambda owner: ""
    related: tuple[str, ...] = ()
    features: frozenset[Feature] = field(default_factory=frozenset)
    reaction_scheme: ReactionScheme | None = None
    reactions_open: Callable[[Any], bool] = lambda owner: True
    comments_open: Callable[[Any, datetime], bool] = lambda owner, now: True
    export_columns: tuple[ExportColumn, ...] = ()
    api_type: str = ""
    gdpr_export: Callable[[User], list[dict[str, object]]] = lambda user: []

    def offers(self, feature: Feature) -> bool:
        return feature in self.features


_registry: dict[str, ContributionKind] = {}


class UnknownContributionKind(LookupError):
    pass


def register(kind: ContributionKind) -> ContributionKind:
    """Register a kind; registering another kind under the same identifier is an error."""
    existing = _registry.get(kind.identifier)
    if existing is not None and existing != kind:
        raise ValueError(f"Contribution kind {kind.identifier!r} is already registered")
    if Feature.REACT in kind.features and kind.reaction_scheme is None:
        raise ValueError(f"Contribution kind {kind.identifier!r} reacts without a scheme")
    _registry[kind.identifier] = kind
    _connect_owner_deletion(kind)
    return kind


def _connect_owner_deletion(kind: ContributionKind) -> None:
    # Here, not in contributions' ready(): the kinds register after it, from the tools' apps.
    from django.db.models.signals import post_delete

    from tessera.contributions.receivers import owner_deleted

    post_delete.connect(
        owner_deleted,
        sender=kind.model,
        dispatch_uid=f"contributions.owner_deleted.{kind.identifier}",
    )


def get(identifier: str) -> ContributionKind:
    try:
        return _registry[identifier]
    except KeyError:
        raise UnknownContributionKind(identifier) from None


def all_kinds() -> list[ContributionKind]:
    return sorted(_registry.values(), key=lambda kind: kind.identifier)


def choices() -> list[tuple[str, str]]:
    return [(kind.identifier, str(kind.label)) for kind in all_kinds()]
