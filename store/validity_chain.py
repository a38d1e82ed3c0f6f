"""Validity re-chaining, the store's own rule for both backends: the
``valid_to`` of each snapshot is the ``valid_from`` of the next snapshot of the
same source and status (exclusive); the last one of a series stays open, or
keeps the end it was given."""

from typing import Iterable, Set, Tuple

from ..core.validity import validity_by_series
from .types import StoredRow


def rechain(update, existing: Iterable[StoredRow], written) -> Set[Tuple[str, str]]:
    """Set valid_to of every row of the series touched so each ends where the
    next snapshot of its series (source, status) starts; returns the touched
    series keys. ``existing``: the rows the update read before writing
    (``update.rows()``); ``written``: ``{(source, status, day): (fid, valid_to,
    file name)}`` of the rows added. Works on an update of either backend
    (it only calls ``set_valid_to``)."""
    touched = {(source, status) for source, status, _day in written}
    rows = [((r.source, r.status), r.valid_from, r.fid, r.valid_to)
            for r in existing if (r.source, r.status) in touched]
    rows += [((source, status), day, fid, valid_to)
             for (source, status, day), (fid, valid_to, _name) in written.items()]
    chain = validity_by_series((key, day) for key, day, _fid, _to in rows)
    last_day = {}
    for key, day, _fid, _to in rows:
        last_day[key] = max(day, last_day.get(key, day))
    existing_fids = {r.fid for r in existing}
    for key, day, fid, stored_to in rows:
        wanted = chain[(key, day)]
        if day == last_day[key] and fid in existing_fids:
            continue  # an existing last row keeps the end it was given
        if wanted != stored_to:
            update.set_valid_to(fid, wanted)
    return touched
