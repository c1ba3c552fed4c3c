"""The form engine's rows: a form of sections (one page each) and questions with their options
and conditions, answered by replies made of answers (DESIGN.md, "Forms: one engine").

A tool (questionnaires, later the analysis grid or a collect step's own questions) owns its
form through its own settings; the engine knows no step and no tool. Deciding things (which
question is visible, whether a reply is valid) is pure Python in `conditions.py` and
`validation.py`; these models only store.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tessera.organizations.models import OrganizationOwned


class QuestionType(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    RANKING = "ranking", _("Ranking")
    SCALE = "scale", _("Scale")
    # In context: another app's "Number" (a proposal's) is "Numéro" in French.
    NUMBER = "number", pgettext_lazy("question type", "Number")
    DATE = "date", _("Date")
    YES_NO = "yes_no", _("Yes or no")
    MATRIX = "matrix", _("Matrix")
    MAJORITY_JUDGMENT = "majority_judgment", _("Majority judgment")
    FILE = "file", _("File")


CHOICE_TYPES = {QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE}


class ConditionMode(models.TextChoices):
    ALL = "all", _("all the conditions hold")
    ANY = "any", _("any condition holds")


class Operator(models.TextChoices):
    ANSWERED = "answered", _("is answered")
    NOT_ANSWERED = "not_answered", _("is not answered")
    EQUALS = "equals", _("equals")
    DIFFERS = "differs", _("differs from")


class OptionRole(models.TextChoices):
    CHOICE = "choice", _("choice")
    ROW = "row", _("row")
    COLUMN = "column", _("column")


def random_id() -> int:
    """A reply's key drawn at random: a serial id would number anonymous replies in the order
    they were given, the order of their authors' participations (see voting.models)."""
    return secrets.randbits(62) + 1


def file_upload_to(instance: Any, filename: str) -> str:
    # Under the organisation's own prefix; the name says nothing of the original file.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{instance.organization.slug}/forms/files/{uuid.uuid4().hex}.{extension}"


class Form(OrganizationOwned):
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("form")
        verbose_name_plural = _("forms")

    def __str__(self) -> str:
        return self.title


class Section(OrganizationOwned):
    """One page of the form."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    # Removed by staff after replies answered its questions: hidden from the form, its
    # answers kept for the exports (so are a removed question's and option's).
    removed = models.BooleanField(_("removed"), default=False)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(OrganizationOwned):
    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("position"), default=0)
    type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    label = models.CharField(_("question"), max_length=500)
    help_text = models.TextField(_("help text"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    # Choice questions.
    as_list = models.BooleanField(_("shown as a drop-down list"), default=False)
    has_other = models.BooleanField(_("offers “other, please specify”"), default=False)
    min_choices = models.PositiveSmallIntegerField(_("minimum choices"), null=True, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("maximum choices"), null=True, blank=True)
    random_order = models.BooleanField(_("options in random order"), default=False)
    # Scale.
    scale_max = models.PositiveSmallIntegerField(
        _("scale"), choices=[(5, "1–5"), (10, "1–10")], default=5
    )
    scale_min_label = models.CharField(_("label of the lowest grade"), max_length=60, blank=True)
    scale_max_label = models.CharField(_("label of the highest grade"), max_length=60, blank=True)
    # Number.
    number_min = models.DecimalField(
        _("minimum"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    number_max = models.DecimalField(
        _("maximum"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    # Matrix.
    matrix_multiple = models.BooleanField(_("several choices per row"), default=False)
    condition_mode = models.CharField(
        _("shown when"), max_length=3, choices=ConditionMode.choices, default=ConditionMode.ALL
    )
    removed = models.BooleanField(_("removed"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class Option(OrganizationOwned):
    """A choice of a choice, ranking or majority-judgment question, or a matrix's row or
    column."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    role = models.CharField(
        _("role"), max_length=6, choices=OptionRole.choices, default=OptionRole.CHOICE
    )
    label = models.CharField(_("label"), max_length=300)
    position = models.PositiveIntegerField(_("position"), default=0)
    removed = models.BooleanField(_("removed"), default=False)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class Condition(OrganizationOwned):
    """Show `question` only when an earlier question (`source`) is answered, not answered,
    equals or differs from a value (an option of a choice question, else `value`)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="conditions")
    source = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="+", verbose_name=_("earlier question")
    )
    operator = models.CharField(_("operator"), max_length=12, choices=Operator.choices)
    option = models.ForeignKey(
        Option, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    value = models.CharField(_("value"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        ordering = ["pk"]


class Reply(OrganizationOwned):
    """A reply to a form. An anonymous reply has no author, no time (only its day) and a
    random key: nothing a database reader can join to the person who gave it."""

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_draft = models.BooleanField(_("draft"), default=False)
    # The district the reply speaks for, for the results' cross-filter: the author's at the
    # time of the reply; none for an anonymous reply (it would narrow who gave it).
    district = models.ForeignKey(
        "organizations.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        indexes = [models.Index(fields=["form", "is_draft"])]


class Answer(OrganizationOwned):
    """One value of a reply: a text, a number, a date, a chosen option (one row per option of
    a multiple choice), a ranked or graded option, a matrix cell, or a file."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(
        Option, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    column = models.ForeignKey(
        Option, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    text = models.TextField(blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    # A rank (ranking) or a grade (majority judgment).
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    file = models.FileField(upload_to=file_upload_to, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "option"])]
