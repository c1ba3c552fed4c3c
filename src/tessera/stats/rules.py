"""Who may read the participation figures: process managers and administrators."""

from __future__ import annotations

import rules

from tessera.accounts.rules import is_process_manager, is_same_organization

rules.add_perm("stats.view_stats", is_same_organization & is_process_manager)
