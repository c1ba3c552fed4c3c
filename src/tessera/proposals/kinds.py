"""The collect step kind: residents submit proposals while it runs (see docs/architecture.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from tessera.processes import kinds
from tessera.proposals.step_settings import CollectSettingsForm, collect_settings_summary

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from tessera.processes.models import Step


def _collect_step_view(request: HttpRequest, step: Step) -> HttpResponse:
    # Imported when called: the views pull in forms and templates the registry need not load.
    from tessera.proposals.views.lists import proposal_list

    return proposal_list(request, step)


COLLECT = kinds.register(
    kinds.StepKind(
        identifier="collect",
        label=_("Proposals"),
        description=_("Residents submit their proposals; everyone can read and support them."),
        view=_collect_step_view,
        actions=frozenset({"proposals.submit"}),
        icon="lightbulb",
        settings=kinds.StepSettings(form=CollectSettingsForm, summary=collect_settings_summary),
    )
)
