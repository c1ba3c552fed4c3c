"""Signals of proposals, for the apps above that must react without proposals knowing them.

proposals cannot import comments or a moderation app (layers), so it announces what happened.
"""

from django.dispatch import Signal

# Sent once the transaction commits, so receivers (notifications, follows) never see a row
# that was rolled back:
# - `proposal_submitted` with `proposal`, when a resident publishes a proposal;
# - `proposal_status_changed` with `change` (a ProposalStatusChange; `change.public_answer`
#   is the official answer when one was given) and `notify` (False: tell nobody), for every
#   change of status;
# - `proposal_visibility_changed` with `proposal`, when the moderation hides it or shows it
#   again (an UPDATE, which sends no post_save: the vote's cached ballot must hear of it).
proposal_submitted = Signal()
proposal_status_changed = Signal()
proposal_visibility_changed = Signal()

# Sent by a form before it saves an edited proposal (the operator's Django admin), with
# `proposal` (the new values, not saved) and `changed` (the names of the changed fields): a
# receiver that refuses the change raises a ValidationError, shown beside the form.
proposal_changing = Signal()
