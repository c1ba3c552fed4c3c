"""Signals of the vote, for the apps above (follow-up, notifications).

Both are sent once the transaction commits:
- `ballot_submitted` with `voter` (None for a ballot cast with a mailed code), `step`, `kind`
  and `lines`, the (proposal title, cost, points or None) of each choice, read by the
  submission itself so a receiver can thank the voter without another query; never the
  ballot (it waits sealed until it is mixed, and nothing may tie it to its voter);
- `results_published` with `results` (voting.models.Results) and `step`.
"""

from django.dispatch import Signal

ballot_submitted = Signal()
results_published = Signal()
