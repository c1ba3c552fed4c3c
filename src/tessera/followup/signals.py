"""What followup announces, for the apps above it (notifications) that it must not know.

Both are sent once the transaction commits, so a receiver never sees a row rolled back:
- `realisation_updated` with `realisation` and `update` (a RealisationUpdate; its `changes`
  maps each changed field to [before, after], and `update.status_changed` says whether the
  status moved);
- `news_published` with `news` (a NewsPost), when staff publish news on a realisation.
"""

from django.dispatch import Signal

realisation_updated = Signal()
news_published = Signal()
