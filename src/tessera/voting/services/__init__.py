"""Writes of the vote, one transaction each: `ballots` (drafts, online and code ballots),
`codes` (voting and census codes), `paper` (paper ballots, station totals), `results`
(counting and publishing), `imports` (pabulib files), `settings` (vote settings, reset).

The ballot services are re-exported here, the names the views and the apps above use."""

from tessera.voting.services.ballots import (
    ballot_submit,
    ballot_submit_with_code,
    draft_discard,
    draft_save,
)
from tessera.voting.services.codes import census_codes_import, voting_codes_generate
from tessera.voting.services.common import BallotRefused, audit_record, code_hash, code_new
from tessera.voting.services.paper import (
    paper_ballot_record,
    paper_totals_save,
    polling_station_open,
)

__all__ = [
    "BallotRefused",
    "audit_record",
    "ballot_submit",
    "ballot_submit_with_code",
    "census_codes_import",
    "code_hash",
    "code_new",
    "draft_discard",
    "draft_save",
    "paper_ballot_record",
    "paper_totals_save",
    "polling_station_open",
    "voting_codes_generate",
]
