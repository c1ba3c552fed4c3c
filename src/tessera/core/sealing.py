"""Sealed pending rows mixed in batches: the mechanism behind every secret the database must
not be able to link (DESIGN.md, "Secret ballots and anonymous replies";
docs/decisions/0006-secret-ballot.md).

What someone chose is written, in their own transaction, as a *pending* row whose content is
sealed (AES-256-GCM, key derived from SECRET_KEY, never stored in the database). A *mix*, in a
transaction of its own, opens a batch of pending rows, shuffles them and hands them to the
app, which writes its counted rows (ballots, replies) with random keys and no fine time; the
pending rows are then deleted. The counted rows share their transaction, their neighbours and
their time with the whole batch, never with one person's participation.

Apps keep their own models and "write the mixed rows" part; this module keeps the keys, the
seal and the batch. A *keyed hash* (`keyed_hashes`) lets the server find a row again from a
participation while a reader of the database cannot compute it.

Rotating SECRET_KEY keeps working through SECRET_KEY_FALLBACKS: older keys are tried too.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import models, transaction
from django.utils.crypto import salted_hmac

# Changing this salt orphans every sealed row waiting to be mixed. It keeps the vote's name:
# it was the vote's before questionnaires and votations sealed with it.
SEAL_SALT = "tessera.voting.seal"
NONCE_BYTES = 12

Content = dict[str, Any]
shuffle = random.SystemRandom().shuffle


class SealBroken(Exception):
    """A sealed row that no known key opens (a secret lost, or the data altered)."""


def secret_keys() -> list[str | bytes]:
    """The current key first, then the fallbacks still accepted after a rotation."""
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def keyed_hash(salt: str, value: str, secret: str | bytes | None = None) -> str:
    """HMAC-SHA256 of `value` under `salt`, keyed with `secret` (default SECRET_KEY)."""
    return salted_hmac(salt, value, secret=secret, algorithm="sha256").hexdigest()


def keyed_hashes(salt: str, value: str) -> list[str]:
    """`keyed_hash` under every accepted key, current key first."""
    return [keyed_hash(salt, value, key) for key in secret_keys()]


def _seal_key(secret: str | bytes) -> bytes:
    return salted_hmac(SEAL_SALT, "aes-256-gcm", secret=secret, algorithm="sha256").digest()


def seal(content: Content) -> bytes:
    """`content` as JSON, encrypted and authenticated with the current key: nonce + ciphertext."""
    nonce = os.urandom(NONCE_BYTES)
    data = json.dumps(content, separators=(",", ":")).encode()
    return nonce + AESGCM(_seal_key(settings.SECRET_KEY)).encrypt(nonce, data, None)


def unseal(sealed: bytes) -> Content:
    """The content of a sealed row, opened with the current key or a fallback."""
    nonce, data = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    for key in secret_keys():
        try:
            content: Content = json.loads(AESGCM(_seal_key(key)).decrypt(nonce, data, None))
        except InvalidTag:
            continue
        return content
    raise SealBroken("no key opens this sealed row")


def batch_size(setting: str, default: int) -> int:
    """How many pending rows make a batch (`setting` in Django's settings): the smallest crowd
    a row written during the step hides in."""
    return max(1, int(getattr(settings, setting, default)))


MixedWriter = Callable[[list[Content]], None]


def mix(
    pending: models.QuerySet[Any],
    write: MixedWriter,
    *,
    minimum: int,
    skip_locked: bool,
) -> int:
    """Inside the caller's transaction: open the `pending` rows (a queryset of a model with a
    `sealed` column), shuffled, and hand their contents to `write`, then delete them. Nothing
    happens under `minimum` rows. `skip_locked`: leave rows a concurrent mix holds (during the
    step); otherwise wait for it (at the close, where everything must be counted)."""
    rows = list(pending.select_for_update(skip_locked=skip_locked).values_list("pk", "sealed"))
    if not rows or len(rows) < minimum:
        return 0
    contents = [unseal(bytes(sealed)) for _pk, sealed in rows]
    shuffle(contents)
    write(contents)
    pending.model.objects.filter(pk__in=[pk for pk, _sealed in rows]).delete()
    return len(rows)


def mix_when_full(pending: models.QuerySet[Any], write: MixedWriter, *, batch: int) -> int:
    """After the commit of the person's transaction: mix once `batch` rows wait, in a
    transaction of its own (`durable`: nesting it in the person's one is an error)."""
    if pending.count() < batch:
        return 0
    with transaction.atomic(durable=True):
        return mix(pending, write, minimum=batch, skip_locked=True)
