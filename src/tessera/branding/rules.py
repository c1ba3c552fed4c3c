import rules

from tessera.accounts.rules import is_administrator

rules.add_perm("branding.view_sitesettings", is_administrator)
rules.add_perm("branding.change_sitesettings", is_administrator)
