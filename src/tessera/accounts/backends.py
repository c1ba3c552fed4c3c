from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connections, router
from django.http import HttpRequest
from django_scopes import ScopeError, get_scope

from tessera.accounts.models import Service, User
from tessera.accounts.usercache import CachedUser, user_entry, user_entry_store

_USER_FIELDS = [field.attname for field in User._meta.concrete_fields]
_CACHED_FIELDS = [name for name in _USER_FIELDS if name != "password"]
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
        more time composing these two queries than PostgreSQL answering them. The row comes
        from the shared cache while the user is unchanged (`usercache`), else from the
        database; it is limited to the organisation in scope, as the scoped manager would.
        """
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        current = get_scope()
        scoped = current.get("_enabled", True)
        if scoped and "organization" not in current:
            raise ScopeError("A scope on dimension(s) organization needs to be active.")
        connection = connections[router.db_for_read(User)]
        entry, generation = user_entry(pk)
        if entry is not None:
            # no password hash in the cache: the field is deferred (read if ever used)
            user = User.from_db(connection.alias, _CACHED_FIELDS, entry.row)
            user._session_auth_hash = entry.session_auth_hash  # type: ignore[attr-defined]
            is_analyst = entry.is_analyst
        else:
            found = self._read(connection, pk)
            if found is None:
                return None
            user, is_analyst = found
            if generation is not None:
                row = tuple(getattr(user, name) for name in _CACHED_FIELDS)
                user_entry_store(
                    pk,
                    CachedUser(generation, row, is_analyst, user.get_session_auth_hash()),
                )
        if scoped and user.organization_id != current["organization"].pk:
            return None  # as the scoped manager would: another organisation's account
        if not self.user_can_authenticate(user):
            return None
        user._is_analyst = is_analyst  # type: ignore[attr-defined]
        return user

    @staticmethod
    def _read(connection: Any, pk: int) -> tuple[User, bool] | None:
        with connection.cursor() as cursor:
            cursor.execute(_USER_SQL, [pk])
            row = cursor.fetchone()
        if row is None:
            return None
        return User.from_db(connection.alias, _USER_FIELDS, row[:-1]), bool(row[-1])

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
