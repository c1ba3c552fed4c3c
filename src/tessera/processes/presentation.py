"""The presentation step kind: a dated phase that informs (no contribution is collected)."""

from django.utils.translation import gettext_lazy as _

from tessera.processes import kinds

PRESENTATION = kinds.register(
    kinds.StepKind(
        identifier="presentation",
        label=_("Presentation"),
        description=_("Information about the process: its goals, its rules and its calendar."),
        icon="info",
    )
)
