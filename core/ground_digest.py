"""Whether a day's hostile ground is the same as one already measured: the
test occupiedshare makes of its coverings (core/occupied_share.py), equal WKB
bytes, for the analyses that reuse a result over a series of dates."""

import hashlib
from typing import Optional

from qgis.core import QgsGeometry


def ground_digest(ground: Optional[QgsGeometry]) -> bytes:
    """A 16-byte digest of the WKB of ``ground`` (empty bytes for no ground or
    an empty one): equal digests, the same geometry byte for byte."""
    if ground is None or ground.isNull() or ground.isEmpty():
        return b""
    return hashlib.blake2b(bytes(ground.asWkb()), digest_size=16).digest()
