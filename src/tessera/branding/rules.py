"""Who may change the site's identity and content: the organisation's administrators."""

import rules

from tessera.accounts.rules import is_administrator, is_same_organization

can_brand = is_same_organization & is_administrator

rules.add_perm("branding.manage_identity", can_brand)
# The operator's Django admin lists these two; everything else is asked as manage_identity.
for _model in ("font", "newslettersubscription"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"branding.{_action}_{_model}", can_brand)
