"""The vote step's settings form of the back office: every setting in plain words, with the
district envelopes and the theme quotas as formsets the form owns.

    form = VoteSettingsForm(request.POST or None, request.FILES or None, step=step, user=user)
    if request.method == "POST" and form.is_valid():
        form.save()

It validates and saves through `voting.services.settings` (the Django admin too), so the
same rules hold everywhere: settings the vote or the count cannot work with are refused, and
once voting has started what gives a ballot its meaning is frozen, with a message saying why.
`{{ form }}` renders the whole form (voting/settings_form.html).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tessera.accounts.models import User
from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.voting import labels, tally
from tessera.voting.models import DistrictBudget, Scope, ThemeQuota, VoteSettings
from tessera.voting.services.settings import (
    AUDITED_FIELDS,
    QuotaValues,
    ballots_cast,
    frozen_changes,
    vote_settings_problems,
    vote_settings_save,
)
from tessera.voting.settings_rules import FROZEN_FIELDS

KIND_SHORT = {
    "approval": gettext_lazy("Approval ballot"),
    "budget": gettext_lazy("Budget ballot"),
    "ranked": gettext_lazy("Ranked ballot"),
    "points": gettext_lazy("Points ballot"),
}


# The form's sections, in order: (key, title, what it holds, its fields, its formsets). Every
# setting is in one section (tests/voting/test_settings_sections.py); a phone shows titles.
SECTIONS: tuple[tuple[str, Any, Any, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "ballot",
        gettext_lazy("Ballot kind and limits"),
        gettext_lazy("How residents vote and what one ballot may hold."),
        # What a ballot means (frozen from the first ballot), but where it is cast.
        tuple(name for name in FROZEN_FIELDS if name != "scope"),
        ("quotas",),
    ),
    (
        "districts",
        gettext_lazy("Envelopes and districts"),
        gettext_lazy("One ballot for the whole process or one per district, and their envelopes."),
        ("scope", "districts_several"),
        ("envelopes",),
    ),
    (
        "eligibility",
        gettext_lazy("Eligibility and proofs"),
        gettext_lazy("Who may vote besides verified residents: age and proof of residence."),
        ("min_age", "residence_required", "residence_proof"),
        (),
    ),
    (
        "codes",
        gettext_lazy("Codes"),
        gettext_lazy("Census codes handed to the residents on the electoral roll."),
        ("census_required",),
        (),
    ),
    (
        "counting",
        gettext_lazy("Counting and display"),
        gettext_lazy("How the votes are counted, and what voters see and may change meanwhile."),
        ("tally_rule", "tally_threshold", "ballot_changeable", "counts_visible"),
        (),
    ),
)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    help: str
    fields: list[forms.BoundField]
    formsets: tuple[str, ...]
    has_errors: bool
    open: bool


def rule_choices() -> list[tuple[str, str]]:
    """Each counting rule named in words, with one sentence on what it does."""
    return [
        (name, f"{labels.rule_label(name)} — {labels.rule_description(name)}")
        for name in tally.RULES
    ]


class SettingsFields(forms.ModelForm[VoteSettings]):
    tally_rule = forms.ChoiceField(
        label=gettext_lazy("How the votes are counted"), widget=forms.RadioSelect
    )

    class Meta:
        model = VoteSettings
        fields = list(AUDITED_FIELDS)
        labels = {
            "kind": gettext_lazy("How residents vote"),
            "min_choices": gettext_lazy("Fewest proposals a voter must choose"),
            "max_choices": gettext_lazy("Most proposals a voter may choose"),
            "budget": gettext_lazy("Envelope for the whole process (€)"),
            "min_spend": gettext_lazy("A ballot must spend at least (€)"),
            "min_spend_percent": gettext_lazy("A ballot must spend at least (% of the envelope)"),
            "points": gettext_lazy("Points each voter spreads"),
            "max_points_per_proposal": gettext_lazy("Most points one proposal may receive"),
            "scope": gettext_lazy("Where residents vote"),
            "tally_threshold": gettext_lazy("Fewest votes a proposal needs to be funded"),
        }
        help_texts = {
            "kind": gettext_lazy("Frozen once the first ballot is cast."),
            "min_choices": gettext_lazy("Ballots with fewer choices are refused."),
            "max_choices": gettext_lazy("Empty: no limit."),
            "budget": gettext_lazy(
                "Budget ballots cannot go over it; the count funds proposals within it. With "
                "one ballot per district, each district's envelope is set below."
            ),
            "min_spend": gettext_lazy("Empty: a ballot may spend less."),
            "min_spend_percent": gettext_lazy("Empty: no minimum."),
            "points": gettext_lazy("Points ballots only."),
            "max_points_per_proposal": gettext_lazy("Empty: no limit."),
            "tally_threshold": gettext_lazy("Empty: no minimum. May change until publication."),
            "scope": gettext_lazy(
                "Per district: each voter casts the ballot of a district (theirs by default)."
            ),
            "residence_required": gettext_lazy(
                "A district ballot is then open only to those who live in the district, proved "
                "as chosen below."
            ),
            "residence_proof": gettext_lazy(
                "The vote page tells voters which proof this vote asks for."
            ),
            "ballot_changeable": gettext_lazy(
                "Voters may then change their ballot until the vote closes."
            ),
        }
        widgets = {"kind": forms.RadioSelect, "scope": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tally_rule"].choices = rule_choices()  # type: ignore[attr-defined]


def envelope_formset() -> type[BaseInlineFormSet[DistrictBudget, VoteSettings, Any]]:
    """Built on demand: a formset class's district field reads the organisation's districts,
    which needs the request's organisation scope (django-scopes), never active at import."""
    return inlineformset_factory(
        VoteSettings, DistrictBudget, fields=["district", "budget"], extra=1, can_delete=True
    )


def quota_formset() -> type[BaseInlineFormSet[ThemeQuota, VoteSettings, Any]]:
    return inlineformset_factory(
        VoteSettings,
        ThemeQuota,
        fields=["theme", "min_choices", "max_choices", "min_amount", "max_amount"],
        extra=1,
        can_delete=True,
    )


class VoteSettingsForm(SettingsFields):
    """The settings of one vote step with its envelopes (`self.envelopes`) and theme quotas
    (`self.quotas`)."""

    template_name = "voting/settings_form.html"

    def __init__(
        self, data: Any = None, files: Any = None, *, step: Step, user: User, **kwargs: Any
    ) -> None:
        instance = VoteSettings.objects.filter(step=step).first() or VoteSettings(
            step=step, organization_id=step.organization_id
        )
        super().__init__(data, files, instance=instance, prefix="settings", **kwargs)
        self.step = step
        self.user = user
        self.envelopes = envelope_formset()(data, files, instance=instance, prefix="envelopes")
        self.quotas = quota_formset()(data, files, instance=instance, prefix="quotas")
        self.voting_started = ballots_cast(step)
        if self.voting_started:
            for name in FROZEN_FIELDS:
                self.fields[name].help_text = _(
                    "Frozen: ballots were cast under it (reset the vote to change it)."
                )

    def is_valid(self) -> bool:
        valid = super().is_valid() & self.envelopes.is_valid() & self.quotas.is_valid()
        if not valid:
            return False
        problems = vote_settings_problems(
            settings=self.instance,
            district_budgets=self.district_budgets(),
            quotas=self.quota_values(),
            district_names={d.pk: str(d) for d in self._envelope_districts()},
            voting_districts=voting_district_names(self.step, self.instance.scope),
        )
        for field, messages in problems.items():
            self.add_error(field if field in self.fields else None, messages)
        frozen = frozen_changes(
            self.step,
            settings=self.instance,
            district_budgets=self.district_budgets(),
            quotas=self.quota_values(),
        )
        for field, messages in frozen.items():
            error = ValidationError(messages[0], code="frozen")
            self.add_error(field if field in self.fields else None, error)
        return not (problems or frozen)

    def sections(self) -> list[Section]:
        """The settings in their sections: the first is open, and any with an error (the
        page opens it on the field to correct); all open while nothing is saved yet."""
        formsets = {"envelopes": self.envelopes, "quotas": self.quotas}
        result = []
        for index, (key, title, help_text, names, formset_names) in enumerate(SECTIONS):
            has_errors = any(self[name].errors for name in names) or any(
                _formset_errors(formsets[name]) for name in formset_names
            )
            result.append(
                Section(
                    key,
                    str(title),
                    str(help_text),
                    [self[name] for name in names],
                    formset_names,
                    has_errors,
                    open=index == 0 or has_errors or self.instance.pk is None,
                )
            )
        return result

    def district_budgets(self) -> dict[int, int]:
        return {
            form.cleaned_data["district"].pk: form.cleaned_data["budget"]
            for form in self.envelopes.forms
            if form.cleaned_data.get("district") and not form.cleaned_data.get("DELETE")
        }

    def quota_values(self) -> list[QuotaValues]:
        return [
            QuotaValues(
                form.cleaned_data["theme"].pk,
                form.cleaned_data.get("min_choices"),
                form.cleaned_data.get("max_choices"),
                form.cleaned_data.get("min_amount"),
                form.cleaned_data.get("max_amount"),
            )
            for form in self.quotas.forms
            if form.cleaned_data.get("theme") and not form.cleaned_data.get("DELETE")
        ]

    def _envelope_districts(self) -> list[District]:
        return [
            form.cleaned_data["district"]
            for form in self.envelopes.forms
            if form.cleaned_data.get("district")
        ]

    def save(self, commit: bool = True) -> None:  # type: ignore[override]
        """Store the settings, envelopes and quotas in one transaction, audited."""
        vote_settings_save(
            settings=self.instance,
            district_budgets=self.district_budgets(),
            quotas=self.quota_values(),
            changed_by=self.user,
        )


def _formset_errors(formset: Any) -> bool:
    if not formset.is_bound:
        return False
    return bool(formset.non_form_errors()) or any(form.errors for form in formset.forms)


def voting_district_names(step: Step, scope: str) -> list[str]:
    """The districts that vote in this step (as voting.stepcache reads them)."""
    if scope == Scope.PROCESS:
        return []
    districts = list(step.process.districts.all()) or list(District.objects.all())
    return [str(district) for district in districts]


def vote_settings_summary(step: Step) -> str:
    """One line for the timeline editor, e.g. "Budget ballot, 2 envelopes, most votes first"
    (the counting rule in words, never its identifier)."""
    settings = VoteSettings.objects.filter(step=step).first()
    if settings is None:
        return _("Not set up yet")
    parts = [str(KIND_SHORT.get(settings.kind, settings.kind))]
    if settings.scope != Scope.PROCESS:
        parts.append(
            _("per district")
            if settings.scope == Scope.DISTRICT
            else _("city-wide and per district")
        )
    if settings.kind == "budget":
        envelopes = settings.district_budgets.count() + (1 if settings.budget else 0)
        parts.append(
            ngettext("%(count)d envelope", "%(count)d envelopes", envelopes) % {"count": envelopes}
        )
    parts.append(labels.rule_label(settings.tally_rule))
    return ", ".join(parts)
