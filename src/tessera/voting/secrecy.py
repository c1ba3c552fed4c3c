"""What only the server's secret opens in a vote: the voter's reference and their slot.

A counted ballot stores no voter. While the step lets ballots change, it stores
`HMAC-SHA256(server secret, "participation <id>")`: the server, which holds the secret, goes
from a participation to its ballot; a reader of the database alone cannot, since the hash of
every participation id is unguessable without the key.

A ballot just cast is not counted yet: it waits in the pending store, sealed
(`core.sealing`), under a *slot* that is another keyed hash of the participation, so that the
server finds a pending ballot again to replace it and a reader cannot join the slot to the
counted ballot's reference. The mix (voting.mixing) writes them into the counted store.
See docs/decisions/0006-secret-ballot.md.
"""

from __future__ import annotations

from tessera.core.sealing import keyed_hash, keyed_hashes

# Changing a salt orphans what it keyed: voters could no longer change a ballot.
SALT = "tessera.voting.ballot-reference"
SLOT_SALT = "tessera.voting.pending-slot"


def ballot_reference(participation_id: int, secret: str | bytes | None = None) -> str:
    """The reference of this participation's ballot, keyed with `secret` (default SECRET_KEY)."""
    return keyed_hash(SALT, f"participation {participation_id}", secret)


def ballot_references(participation_id: int) -> list[str]:
    """The references this participation's ballot may carry: current key first, then the
    fallbacks still accepted after a key rotation."""
    return keyed_hashes(SALT, f"participation {participation_id}")


def pending_slots(participation_id: int) -> list[str]:
    """Where this participation's pending ballot waits, current key first. Not the reference:
    a slot equal to the reference would join a changed pending ballot (written in the
    voter's transaction) to the counted ballot it replaces."""
    return keyed_hashes(SLOT_SALT, f"participation {participation_id}")
