"""Dates of snapshot files, read from their names.

Recognised forms, anywhere in the file name: ``YYYYMMDD``, ``YYYY-MM-DD``
(also with ``_`` or ``.``) and ``DD.MM.YYYY``. A name with no such date, or with
two different ones, has no date.
"""

import datetime
import os
import re
from typing import Optional

_PATTERNS = (
    # YYYY-MM-DD, YYYY_MM_DD, YYYY.MM.DD
    (re.compile(r"(?<!\d)(\d{4})[-_.](\d{2})[-_.](\d{2})(?!\d)"), ("y", "m", "d")),
    # DD.MM.YYYY
    (re.compile(r"(?<!\d)(\d{2})\.(\d{2})\.(\d{4})(?!\d)"), ("d", "m", "y")),
    # YYYYMMDD
    (re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"), ("y", "m", "d")),
)


class SnapshotDateError(ValueError):
    """A file name carries no date, or more than one different date."""


def date_from_file_name(path: str) -> datetime.date:
    """The snapshot date in the name of ``path`` (directory names are ignored).

    Raises SnapshotDateError naming the file when there is no date or when two
    different dates appear.
    """
    name = os.path.basename(path)
    found = set()
    for pattern, order in _PATTERNS:
        for match in pattern.finditer(name):
            parts = dict(zip(order, (int(g) for g in match.groups())))
            try:
                found.add(datetime.date(parts["y"], parts["m"], parts["d"]))
            except ValueError:
                continue  # 8 digits that are not a calendar date
    if not found:
        raise SnapshotDateError(f"{name}: no date (YYYYMMDD, YYYY-MM-DD or DD.MM.YYYY) in the file name")
    if len(found) > 1:
        listed = ", ".join(d.isoformat() for d in sorted(found))
        raise SnapshotDateError(f"{name}: more than one date in the file name ({listed})")
    return found.pop()


def try_date_from_file_name(path: str) -> Optional[datetime.date]:
    """Like :func:`date_from_file_name`, but None instead of an error."""
    try:
        return date_from_file_name(path)
    except SnapshotDateError:
        return None
