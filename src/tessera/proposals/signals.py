"""Signals of proposals, for the apps above that must react without proposals knowing them.

proposals cannot import comments or a moderation app (layers), so it announces what happened.
"""

from django.dispatch import Signal

# Sent by services.report_create inside its transaction, once a new report is stored, with
# `report` and `proposal`: the moderation (in comments) hides content after N distinct reports.
proposal_reported = Signal()
