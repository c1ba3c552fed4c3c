"""Writes on accounts that span several rows."""

from __future__ import annotations

import logging

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from tessera.accounts.models import User
from tessera.accounts.signals import account_deleting
from tessera.accounts.usercache import user_changed

DELETED_DISPLAY_NAME = "—"
logger = logging.getLogger(__name__)


def account_delete(*, user: User) -> None:
    """Delete an account as the GDPR asks: personal data erased, contributions kept anonymous.

    The row itself stays (with nothing personal left) so that ballots and contributions keep
    their integrity — one ballot per voter still holds — while showing no name.
    """
    with transaction.atomic():
        account_deleting.send(sender=User, user=user)
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        user.services.clear()
        user.email = f"deleted-{user.pk}@invalid"
        user.display_name = DELETED_DISPLAY_NAME
        user.postal_code = ""
        user.district = None
        user.year_of_birth = None
        user.newsletter = False
        user.email_frequency = "never"
        user.is_active = False
        user.email_verified = False
        user.role = "resident"
        user.is_superuser = False
        user.deleted_at = timezone.now()
        user.set_unusable_password()
        # A new (unusable) password changes the session hash: every other device is logged out.
        user.save()
    logger.info(
        "accounts: account deleted", extra={"event": "account_deleted", "deleted_user_id": user.pk}
    )


def profile_facts_fill(
    *, user: User, year_of_birth: int | None = None, district_id: int | None = None
) -> None:
    """Fill the year of birth or the district a page asked for, where the profile has none:
    asked where a vote needs it, never to change one (that is the profile page's)."""
    filled: dict[str, Coalesce] = {}
    if year_of_birth is not None:
        filled["year_of_birth"] = Coalesce("year_of_birth", Value(year_of_birth))
    if district_id is not None:
        filled["district_id"] = Coalesce("district_id", Value(district_id))
    if filled:
        User.objects.filter(pk=user.pk).update(**filled)
        user.refresh_from_db(fields=list(filled))
        user_changed(user.pk)  # the next request reads the row again (usercache)
