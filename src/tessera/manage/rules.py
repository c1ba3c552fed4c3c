"""Who may enter the back office (/manage/) and its own pages (django-rules).

Each tool of the back office asks its own app's permission (analysis.view_table,
contributions.moderate, processes.change_process…); these are the back office's own pages.
"""

from __future__ import annotations

import rules

from tessera.accounts.rules import (
    is_administrator,
    is_analyst,
    is_moderator,
    is_platform_operator,
    is_same_organization,
)

# Staff: moderators and above by role, and the members of a service (analysts).
is_staff_member = is_moderator | is_analyst

rules.add_perm("manage.view_dashboard", is_same_organization & is_staff_member)
rules.add_perm("manage.view_people", is_same_organization & is_administrator)
rules.add_perm("manage.change_person", is_same_organization & is_administrator)
# The Django admin is the platform operator's tool, not the staff's.
rules.add_perm("manage.use_django_admin", is_platform_operator)
