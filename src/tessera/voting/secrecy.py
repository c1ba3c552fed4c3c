"""The keyed reference that lets a voter find their own ballot again, and nobody else.

A ballot stores no voter. While the step lets ballots change, it stores
`HMAC-SHA256(server secret, "participation <id>")`: the server, which holds the secret, goes
from a participation to its ballot; a reader of the database alone cannot, since the hash of
every participation id is unguessable without the key. Rotating SECRET_KEY keeps working
through SECRET_KEY_FALLBACKS (older keys are tried too, and the reference is rewritten with
the current one at the next change). See docs/decisions/0006-secret-ballot.md.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.crypto import salted_hmac

# Changing this salt orphans every stored reference: voters could no longer change a ballot.
SALT = "tessera.voting.ballot-reference"


def ballot_reference(participation_id: int, secret: str | bytes | None = None) -> str:
    """The reference of this participation's ballot, keyed with `secret` (default SECRET_KEY)."""
    return salted_hmac(
        SALT, f"participation {participation_id}", secret=secret, algorithm="sha256"
    ).hexdigest()


def ballot_references(participation_id: int) -> list[str]:
    """The references this participation's ballot may carry: current key first, then the
    fallbacks still accepted after a key rotation."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [ballot_reference(participation_id, key) for key in keys]
