"""Keep allauth's e-mail addresses inside the request's organisation.

allauth looks users up through its EmailAddress table (log-in, password reset, sign-up
uniqueness). The same address may belong to two accounts on two organisations' sites, so that
table is given a django-scopes manager filtering on its user's organisation: a lookup made
outside an organisation scope fails instead of finding another city's resident.
"""

from __future__ import annotations

from allauth.account.managers import EmailAddressManager
from allauth.account.models import EmailAddress
from django_scopes import ScopedManager


def scope_email_addresses() -> None:
    manager = ScopedManager(_manager_class=EmailAddressManager, organization="user__organization")
    # Replace the manager allauth declared, and drop the cached manager lists built from it.
    options = EmailAddress._meta
    options.local_managers = [m for m in options.local_managers if m.name != "objects"]
    manager.contribute_to_class(EmailAddress, "objects")
    for cached in ("managers", "managers_map", "default_manager", "base_manager"):
        EmailAddress._meta.__dict__.pop(cached, None)
