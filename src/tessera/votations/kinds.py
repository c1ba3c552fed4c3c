"""The votation step kind: one question put to the vote, secret, counted at the close."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from tessera.processes import kinds
from tessera.votations.rules import KIND
from tessera.votations.settings_form import VotationSettingsForm, votation_summary

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from tessera.processes.models import Step


def _votation_step_view(request: HttpRequest, step: Step) -> HttpResponse:
    from tessera.votations.views.ballot import votation_page

    return votation_page(request, step)


VOTATION = kinds.register(
    kinds.StepKind(
        identifier=KIND,
        label=_("Votation"),
        description=_("Residents answer one question by a secret vote, online or on paper."),
        view=_votation_step_view,
        actions=frozenset({"votations.vote"}),
        icon="check",
        settings=kinds.StepSettings(
            form=VotationSettingsForm,
            summary=votation_summary,
            template="votations/_settings_step.html",
        ),
    )
)
