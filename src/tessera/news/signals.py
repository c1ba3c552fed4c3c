"""What news announces, for the apps above it (notifications) that it must not know.

- `post_published` with `post` (a news Post), sent once the transaction commits, when staff
  publish a post whose date has come. A scheduled post is announced when its date comes by
  whoever watches the time (notifications' clock reads `selectors.due_between`).
"""

from django.dispatch import Signal

post_published = Signal()
