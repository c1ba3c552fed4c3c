"""What only the server's secret opens: the voter's reference and the sealed pending ballot.

A counted ballot stores no voter. While the step lets ballots change, it stores
`HMAC-SHA256(server secret, "participation <id>")`: the server, which holds the secret, goes
from a participation to its ballot; a reader of the database alone cannot, since the hash of
every participation id is unguessable without the key.

A ballot just cast is not counted yet: it waits in the pending store, sealed (AES-GCM, key
derived from SECRET_KEY, never stored in the database), under a *slot* that is another keyed
hash of the participation, so that the server finds a pending ballot again to replace it and a
reader cannot join the slot to the counted ballot's reference. The mix (voting.mixing) opens
pending ballots in batches and writes them into the counted store in random order.

Rotating SECRET_KEY keeps working through SECRET_KEY_FALLBACKS (older keys are tried too, and
what is found is rewritten with the current key at the next change). See
docs/decisions/0006-secret-ballot.md.
"""

from __future__ import annotations

import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.crypto import salted_hmac

# Changing a salt orphans what it keyed: voters could no longer change a ballot, and sealed
# ballots could no longer be opened.
SALT = "tessera.voting.ballot-reference"
SLOT_SALT = "tessera.voting.pending-slot"
SEAL_SALT = "tessera.voting.seal"
NONCE_BYTES = 12


class SealBroken(Exception):
    """A sealed ballot that no known key opens (a secret lost, or the data altered)."""


def _keys() -> list[str | bytes]:
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def ballot_reference(participation_id: int, secret: str | bytes | None = None) -> str:
    """The reference of this participation's ballot, keyed with `secret` (default SECRET_KEY)."""
    return salted_hmac(
        SALT, f"participation {participation_id}", secret=secret, algorithm="sha256"
    ).hexdigest()


def ballot_references(participation_id: int) -> list[str]:
    """The references this participation's ballot may carry: current key first, then the
    fallbacks still accepted after a key rotation."""
    return [ballot_reference(participation_id, key) for key in _keys()]


def pending_slots(participation_id: int) -> list[str]:
    """Where this participation's pending ballot waits, current key first. Not the reference:
    a slot equal to the reference would join a changed pending ballot (written in the
    voter's transaction) to the counted ballot it replaces."""
    return [
        salted_hmac(
            SLOT_SALT, f"participation {participation_id}", secret=key, algorithm="sha256"
        ).hexdigest()
        for key in _keys()
    ]


def _seal_key(secret: str | bytes) -> bytes:
    return salted_hmac(SEAL_SALT, "aes-256-gcm", secret=secret, algorithm="sha256").digest()


def seal(content: dict[str, Any]) -> bytes:
    """`content` as JSON, encrypted and authenticated with the current key: nonce + ciphertext."""
    nonce = os.urandom(NONCE_BYTES)
    data = json.dumps(content, separators=(",", ":")).encode()
    return nonce + AESGCM(_seal_key(settings.SECRET_KEY)).encrypt(nonce, data, None)


def unseal(sealed: bytes) -> dict[str, Any]:
    """The content of a sealed ballot, opened with the current key or a fallback."""
    nonce, data = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    for key in _keys():
        try:
            content: dict[str, Any] = json.loads(AESGCM(_seal_key(key)).decrypt(nonce, data, None))
        except InvalidTag:
            continue
        return content
    raise SealBroken("no key opens this sealed ballot")
