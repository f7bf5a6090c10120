"""Keys derived from the one ``QUILL_SECRET_KEY``: a separate subkey per use (HKDF, RFC 5869), so
a key used for one purpose (cursor MACs) never also serves another (webhook secrets at rest)."""

from __future__ import annotations

from typing import Final

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MIN_SECRET_BYTES: Final = 32
# Fixed, public salt: the secret itself carries the entropy; the salt only separates this service's
# derivations from any other use of the same secret (RFC 5869 §3.1).
_SALT: Final = b"quill/v1 key derivation"


def derive_key(secret: bytes, purpose: str, *, length: int = 32) -> bytes:
    """The subkey of ``secret`` for ``purpose`` (e.g. ``"cursor-mac"``): the same inputs always give
    the same key, two purposes never share one."""
    if len(secret) < MIN_SECRET_BYTES:
        raise ValueError(f"the secret key must be at least {MIN_SECRET_BYTES} bytes long")
    if not purpose:
        raise ValueError("a derived key needs a purpose")
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=length,
        salt=_SALT,
        info=f"quill:{purpose}".encode(),
    )
    return hkdf.derive(secret)
