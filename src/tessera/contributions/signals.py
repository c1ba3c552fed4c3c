"""Signals of contributions, for the tools above that must hear of a shared write.

Sent once the transaction commits:
- `visibility_changed` with `contribution`, when the moderation hides it or shows it again
  (proposals re-announces it as `proposal_visibility_changed`, heard by the vote's cache);
- `contribution_hidden` with `contribution`, when it is hidden (notifications tells its author).
"""

from django.dispatch import Signal

visibility_changed = Signal()
contribution_hidden = Signal()
