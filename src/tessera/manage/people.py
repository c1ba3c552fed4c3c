"""The people of the organisation, for administrators: search, contributions, roles, services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tessera.accounts.models import Role, Service, User
from tessera.comments.models import Comment
from tessera.contributions.models import Reaction
from tessera.proposals.models import Proposal
from tessera.voting.models import Participation


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name or e-mail"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        required=False,
        choices=[("", gettext_lazy("All")), *Role.choices],
    )


def people_filtered(form: PeopleFilterForm) -> QuerySet[User]:
    people = User.objects.filter(deleted_at__isnull=True).order_by("display_name", "pk")
    if not form.is_valid():
        return people
    if query := form.cleaned_data["q"]:
        people = people.filter(Q(display_name__icontains=query) | Q(email__icontains=query))
    if role := form.cleaned_data["role"]:
        people = people.filter(role=role)
    return people.annotate(proposal_count=Count("proposals", distinct=True))


@dataclass(frozen=True)
class Contributions:
    proposals: list[Proposal]
    comments: int
    supports: int
    votes: int


def contributions_of(person: User) -> Contributions:
    """What this person did; for a vote, only that they voted (never what: secret ballot)."""
    return Contributions(
        proposals=list(
            Proposal.objects.filter(author=person).select_related("step__process").order_by("-pk")
        ),
        comments=Comment.objects.filter(author=person).count(),
        supports=Reaction.objects.filter(user=person).count(),
        votes=Participation.objects.filter(voter=person).count(),
    )


class PersonForm(forms.Form):
    role = forms.ChoiceField(
        label=gettext_lazy("Role"), choices=Role.choices, widget=forms.RadioSelect
    )
    services = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Services (analysts)"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("A member of a service analyses the proposals given to it."),
    )

    def __init__(self, *args: Any, person: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"role": person.role, "services": list(person.services.all())})
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = Service.objects.all()  # type: ignore[attr-defined]


def person_update(*, person: User, by: User, role: str, services: list[Service]) -> User:
    """Change someone's role and services; nobody takes their own administration away."""
    if person.pk == by.pk and role != person.role:
        raise ValidationError(_("You cannot change your own role."), code="own_role")
    with transaction.atomic():
        person.role = role
        person.save(update_fields=["role"])
        person.services.set(services)
    return person
