"""The vote step kind: residents vote on the eligible proposals while it runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from tessera.processes import kinds
from tessera.voting.settings_form import VoteSettingsForm, vote_settings_summary

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from tessera.processes.models import Step


def _vote_step_view(request: HttpRequest, step: Step) -> HttpResponse:
    from tessera.voting.views.vote import vote_page

    return vote_page(request, step)


VOTE = kinds.register(
    kinds.StepKind(
        identifier="vote",
        label=_("Vote"),
        description=_("Residents choose, among the eligible proposals, those to carry out."),
        view=_vote_step_view,
        actions=frozenset({"voting.vote"}),
        icon="check",
        # Edited in the back office's timeline; the form renders itself (voting/settings_form.html).
        settings=kinds.StepSettings(
            form=VoteSettingsForm,
            summary=vote_settings_summary,
            template="voting/_settings_step.html",
        ),
    )
)
