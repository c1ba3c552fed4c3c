"""The one signal of accounts: apps above it anonymise what a deleted account contributed.

accounts cannot know the apps built on it (proposals, comments, ballots…), so deletion
announces itself and each app answers for its own rows.
"""

from django.dispatch import Signal

# Sent inside the deletion transaction with `user`; receivers scrub their personal data.
account_deleting = Signal()
