"""A questionnaire step: its settings (which form, who answers, how), who replied, and the
anonymous replies waiting sealed to be mixed in (DESIGN.md, "Secret ballots and anonymous
replies"; the same mechanism as the vote's, docs/decisions/0006-secret-ballot.md).

The questions and the replies themselves are the form engine's (`forms`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tessera.forms.models import Form, random_id
from tessera.organizations.models import OrganizationOwned
from tessera.processes.models import Step


class Audience(models.TextChoices):
    ANYONE = "anyone", _("Anyone, without an account")
    LOGGED_IN = "logged_in", _("People logged in")
    VERIFIED = "verified", _("People whose e-mail address is verified")


class QuestionnaireSettings(OrganizationOwned):
    """How one questionnaire step asks its questions."""

    step = models.OneToOneField(
        Step, on_delete=models.CASCADE, related_name="questionnaire_settings"
    )
    form = models.OneToOneField(Form, on_delete=models.PROTECT, related_name="questionnaire")
    audience = models.CharField(
        _("who may answer"), max_length=10, choices=Audience.choices, default=Audience.VERIFIED
    )
    one_reply = models.BooleanField(_("one reply per person"), default=True)
    editable = models.BooleanField(_("replies can be changed until the close"), default=False)
    drafts = models.BooleanField(_("save a draft and come back"), default=True)
    anonymous = models.BooleanField(_("anonymous replies"), default=False)
    results_public = models.BooleanField(_("results public after the close"), default=False)

    class Meta:
        verbose_name = _("questionnaire settings")
        verbose_name_plural = _("questionnaire settings")

    def __str__(self) -> str:
        return str(self.step)


class Participation(OrganizationOwned):
    """That someone replied to a questionnaire step, never what. `single` marks the steps
    asking one reply per person: a conditional unique constraint then keeps it to one, even
    under two submissions sent at once."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    single = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                "person", "step", condition=models.Q(single=True), name="one_reply_per_person"
            )
        ]


class PendingReply(OrganizationOwned):
    """An anonymous reply just given: its answers sealed with a key the database does not hold
    (voting.secrecy), waiting for the mix (questionnaires.mixing) to become a `forms.Reply`
    with no author. A random key: a serial one would number them like the participations."""

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    class Meta:
        verbose_name = _("anonymous reply waiting to be mixed")
        verbose_name_plural = _("anonymous replies waiting to be mixed")
