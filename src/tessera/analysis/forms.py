"""Forms of the analysis back office. Plain forms: the views call the services with their data."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessera.accounts.models import Service, User
from tessera.analysis.models import Eligibility, IneligibilityReason, Outcome
from tessera.analysis.selectors import NO_DECISION, TableFilters, analysts_of_organization
from tessera.organizations.models import District, Theme
from tessera.processes.models import Process
from tessera.proposals.models import Proposal
from tessera.proposals.statuses import ProposalStatus

DECISION_CHOICES = [
    ("", _("All")),
    (Outcome.ELIGIBLE, _("Decided eligible")),
    (Outcome.INELIGIBLE, _("Decided ineligible")),
    (NO_DECISION, _("Not decided yet")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class AnalystChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class TableFilterForm(forms.Form):
    """The table's search and filters, sent by GET so that a filtered table has its URL."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ProposalStatus.choices]
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), required=False, queryset=Theme.objects.none(), empty_label=_("All")
    )
    district = forms.ModelChoiceField(
        label=_("District"), required=False, queryset=District.objects.none(), empty_label=_("All")
    )
    service = forms.ModelChoiceField(
        label=_("Service"), required=False, queryset=Service.objects.none(), empty_label=_("All")
    )
    analyst = AnalystChoiceField(
        label=_("Analyst"), required=False, queryset=User.objects.none(), empty_label=_("All")
    )
    decision = forms.ChoiceField(label=_("Decision"), required=False, choices=DECISION_CHOICES)
    overdue = forms.BooleanField(label=_("Overdue analyses only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.all()  # type: ignore[attr-defined]
        self.fields["district"].queryset = District.objects.all()  # type: ignore[attr-defined]
        self.fields["service"].queryset = Service.objects.all()  # type: ignore[attr-defined]
        self.fields["analyst"].queryset = analysts_of_organization()  # type: ignore[attr-defined]

    def filters(self) -> TableFilters:
        if not self.is_bound or not self.is_valid():
            return TableFilters()
        return TableFilters(**self.cleaned_data)


class AssignmentFields(forms.Form):
    """A service, optionally one of its analysts, and a due date."""

    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("Choose a service"),
    )
    analyst = AnalystChoiceField(
        label=_("Analyst (optional)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Any analyst of the service"),
    )
    due_date = forms.DateField(label=_("Due date (optional)"), required=False, widget=DateInput())

    service_required = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.all()  # type: ignore[attr-defined]
        self.fields["analyst"].queryset = analysts_of_organization()  # type: ignore[attr-defined]

    def clean_assignment(self, cleaned: dict[str, Any]) -> None:
        service, analyst = cleaned.get("service"), cleaned.get("analyst")
        if service is None:
            if "service" not in self.errors:
                self.add_error("service", _("Choose the service that will analyse."))
            return
        if analyst is not None and not service.members.filter(pk=analyst.pk).exists():
            self.add_error(
                "analyst",
                _("%(name)s is not a member of the service “%(service)s”.")
                % {"name": analyst.display_name, "service": service.name},
            )
        due_date = cleaned.get("due_date")
        if due_date is not None and due_date < timezone.localdate():
            self.add_error("due_date", _("The due date has already passed."))


class AssignForm(AssignmentFields):
    """Assign one proposal (on its analysis page)."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_assignment(cleaned)
        return cleaned


class BulkAction:
    ASSIGN = "assign"
    STATUS = "status"
    EXPORT_CSV = "export_csv"
    EXPORT_XLSX = "export_xlsx"


BULK_CHOICES = [
    (BulkAction.ASSIGN, _("Assign to a service")),
    (BulkAction.STATUS, _("Change the status")),
    (BulkAction.EXPORT_CSV, _("Export as CSV")),
    (BulkAction.EXPORT_XLSX, _("Export as Excel (XLSX)")),
]


class BulkForm(AssignmentFields):
    """What to do with the proposals ticked in the table."""

    proposals = forms.ModelMultipleChoiceField(
        label=_("Proposals"),
        queryset=Proposal.objects.none(),
        error_messages={"required": _("Tick at least one proposal.")},
    )
    action = forms.ChoiceField(
        label=_("Action"),
        choices=BULK_CHOICES,
        error_messages={"required": _("Choose an action.")},
    )
    status = forms.ChoiceField(
        label=_("New status"),
        required=False,
        choices=[("", _("Choose a status")), *ProposalStatus.choices],
    )
    public_answer = forms.CharField(
        label=_("Public answer (optional, e-mailed to the authors)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, proposals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = proposals  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        action = cleaned.get("action")
        if action == BulkAction.ASSIGN:
            self.clean_assignment(cleaned)
        elif action == BulkAction.STATUS and not cleaned.get("status"):
            self.add_error("status", _("Choose the new status."))
        return cleaned


class AnalysisForm(forms.Form):
    """One service's analysis of a proposal; "submit" also requires the eligibility."""

    eligibility = forms.ChoiceField(
        label=_("Eligibility"), choices=Eligibility.choices, widget=forms.RadioSelect
    )
    ineligibility_reason = forms.ModelChoiceField(
        label=_("Reason for ineligibility"),
        queryset=IneligibilityReason.objects.none(),
        required=False,
        empty_label=_("Choose a reason"),
    )
    ineligibility_details = forms.CharField(
        label=_("Details of the ineligibility"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    feasibility_notes = forms.CharField(
        label=_("Feasibility notes"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    estimated_cost = forms.IntegerField(
        label=_("Cost estimated by the service (€)"),
        required=False,
        min_value=0,
        max_value=100_000_000,
        error_messages={"invalid": _("Enter the cost in whole euros, digits only.")},
    )
    recommendation = forms.CharField(
        label=_("Recommendation"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reasons = list(IneligibilityReason.objects.filter(process=process))
        field = self.fields["ineligibility_reason"]
        field.queryset = IneligibilityReason.objects.filter(process=process)  # type: ignore[attr-defined]
        if not self.reasons:
            del self.fields["ineligibility_reason"]

    @property
    def submitting(self) -> bool:
        return bool(self.data.get(self.add_prefix("submit")))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        eligibility = cleaned.get("eligibility")
        if eligibility == Eligibility.INELIGIBLE:
            if self.reasons and not cleaned.get("ineligibility_reason"):
                self.add_error("ineligibility_reason", _("Choose the reason for ineligibility."))
            if not self.reasons and not cleaned.get("ineligibility_details"):
                self.add_error(
                    "ineligibility_details", _("Explain why the proposal is ineligible.")
                )
        if self.submitting and eligibility == Eligibility.UNDECIDED:
            self.add_error(
                "eligibility",
                _("Say whether the proposal is eligible before submitting the analysis."),
            )
        return cleaned


class InternalCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Internal comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by the staff working on this proposal only, never by the public."),
        error_messages={"required": _("Write your comment.")},
    )


class RevisionRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("What should the author revise?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the author by e-mail, in their language."),
        error_messages={"required": _("Say what the author should revise.")},
    )
    deadline = forms.DateField(
        label=_("The author may edit until (included)"),
        widget=DateInput(),
        error_messages={
            "required": _("Choose the deadline."),
            "invalid": _("Enter a date, e.g. 31/12/2026."),
        },
    )

    def clean_deadline(self) -> date:
        deadline: date = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline must be today or later."))
        return deadline

    def deadline_at(self) -> datetime:
        """The end of the chosen day, in the site's time zone."""
        return timezone.make_aware(datetime.combine(self.cleaned_data["deadline"], time.max))


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose eligible or ineligible.")},
    )
    public_answer = forms.CharField(
        label=_("Public answer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the proposal's page and e-mailed to its author."),
        error_messages={"required": _("Write the public answer: the author receives it.")},
    )
