"""Signals of comments, for the apps above (notifications) that react to a new comment."""

from django.dispatch import Signal

# Sent once the transaction commits, with `comment` (a reply has `comment.parent`).
comment_posted = Signal()
