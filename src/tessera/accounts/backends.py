from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connections, router
from django.http import HttpRequest
from django_scopes import ScopeError, get_scope

from tessera.accounts.models import Service, User

_USER_FIELDS = [field.attname for field in User._meta.concrete_fields]
_MEMBERSHIP = Service.members.through._meta
# Built once from the model's own names (nobody's input): the ids are parameters.
_COLUMNS = ", ".join(f'u."{field.column}"' for field in User._meta.concrete_fields)
_MEMBER = "m." + _MEMBERSHIP.get_field("user").column
_IS_ANALYST = " ".join(
    ["EXISTS (SELECT 1 FROM", _MEMBERSHIP.db_table, "m WHERE", _MEMBER, "= u.id)"]
)
_USER_SQL = " ".join(
    ["SELECT", _COLUMNS, ",", _IS_ANALYST, "FROM", User._meta.db_table, "u WHERE u.id = %s"]
)
_IN_ORGANIZATION = " AND u.organization_id = %s"


class OrganizationAuthenticationBackend(AuthenticationBackend):
    """allauth's e-mail log-in, limited to the accounts of the request's organisation.

    The scoped managers already restrict the lookup; this check keeps it true even for a
    caller that authenticates outside an organisation scope.
    """

    def authenticate(
        self, request: HttpRequest | None, **credentials: Any
    ) -> AbstractBaseUser | None:
        user = super().authenticate(request, **credentials)
        organization = getattr(request, "organization", None)
        if user is None or organization is None:
            return user
        return user if getattr(user, "organization_id", None) == organization.pk else None

    def get_user(self, user_id: Any) -> User | None:
        """The request's user, with whether they belong to a service, in one plain query.

        Every logged-in request reads its user and every logged-in page asks whether they
        are an analyst (the header's back-office link, see rules.is_analyst): the ORM spent
        more time composing these two queries than PostgreSQL answering them. The row is
        limited to the organisation in scope, as the scoped manager would.
        """
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        current = get_scope()
        sql, params = _USER_SQL, [pk]
        if current.get("_enabled", True):
            if "organization" not in current:
                raise ScopeError("A scope on dimension(s) organization needs to be active.")
            sql, params = _USER_SQL + _IN_ORGANIZATION, [pk, current["organization"].pk]
        connection = connections[router.db_for_read(User)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        user = User.from_db(connection.alias, _USER_FIELDS, row[:-1])
        if not self.user_can_authenticate(user):
            return None
        user._is_analyst = bool(row[-1])  # type: ignore[attr-defined]
        return user

    # Tessera's permissions are the rules.py predicates (rules' ObjectPermissionBackend, first
    # in AUTHENTICATION_BACKENDS); nobody is given Django's per-user or group permissions, and
    # the platform operator (a superuser) is granted everything by the user model itself.
    # Without these, every permission a predicate refuses fell through to ModelBackend's two
    # queries on the permission tables: a third of a logged-in page's floor.
    def get_user_permissions(self, user_obj: Any, obj: object = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: object = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: object = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: Any, perm: str, obj: object = None) -> bool:
        return False

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return False
