"""Events as reported (domain: Events): reading one row of an event file into a
checked event, the columns found by their usual names, times in UTC, the
verification vocabulary and the fingerprint that keeps a report in a store once.

Pure Python: the file formats, geometries and the store are elsewhere
(``algorithms/import_events.py``, ``store``). Every check names what is wrong
in words an analyst reads in a message ("latitude 95 is not between -90 and 90").
"""

import datetime
import functools
import hashlib
import math
import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from ..infra.i18n import tr

UTC = datetime.timezone.utc

EVENT_TYPES = ("infiltration", "flag_raised", "group_eliminated", "strike", "assault",
               "force_estimate", "other")
SIDES = ("hostile", "friendly", "unknown")
VERIFICATIONS = ("confirmed", "claimed", "unverified", "refuted")

# what a file may call each column (compared case-insensitively, spaces as "_")
COLUMN_NAMES: Dict[str, Tuple[str, ...]] = {
    "time": ("event_time", "datetime", "date_time", "event_date", "date", "time", "timestamp", "begin"),
    "lon": ("lon", "longitude", "long", "lng", "x"),
    "lat": ("lat", "latitude", "y"),
    "wkt": ("wkt", "geometry_wkt", "the_geom"),
    "type": ("type", "event_type", "kind"),
    "side": ("side",),
    "source": ("source", "reported_by"),
    "url": ("url", "source_url", "link"),
    "verification": ("verification", "status", "verified"),
    "precision_m": ("precision_m", "precision", "geo_precision_m"),
    "strength": ("strength", "count"),
    "description": ("description", "notes", "note", "name"),
}
COLUMN_ROLES = tuple(COLUMN_NAMES)

_VERIFICATION_WORDS = {
    "confirmed": "confirmed", "verified": "confirmed", "geolocated": "confirmed",
    "claimed": "claimed", "claim": "claimed",
    "unverified": "unverified", "unconfirmed": "unverified", "not verified": "unverified",
    "refuted": "refuted", "debunked": "refuted", "false": "refuted",
}
_SIDE_WORDS = {"hostile": "hostile", "enemy": "hostile", "friendly": "friendly", "own": "friendly",
               "unknown": "unknown", "": "unknown"}


class EventRowError(ValueError):
    """What is wrong with one row, in words (the row is named by the caller)."""


@dataclass(frozen=True)
class Event:
    """One checked report: ``time`` aware, in UTC; lon/lat in degrees (WGS84)."""

    time: datetime.datetime
    lon: float
    lat: float
    type: str
    side: str
    source: str
    url: str
    verification: str
    precision_m: Optional[float]
    strength: Optional[int]
    description: str

    @property
    def day(self) -> datetime.date:
        """The UTC calendar day of the event (its display window and period)."""
        return self.time.date()

    @functools.cached_property
    def key(self) -> str:
        """The fingerprint of the report: the same time, place (to about 1 cm),
        type, source and text make the same key, so a file imported twice adds
        nothing."""
        text = "\x1f".join((self.time.isoformat(), f"{self.lon:.7f}", f"{self.lat:.7f}", self.type,
                            self.source, self.description, self.url))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]

    def attributes(self, imported_from: str = "") -> Dict[str, object]:
        """The row of the store's ``events`` table (store/schema.py)."""
        return {"event_time": self.time, "event_day": self.day, "type": self.type, "side": self.side,
                "source": self.source, "url": self.url, "verification": self.verification,
                "precision_m": self.precision_m, "strength": self.strength,
                "description": self.description, "imported_from": imported_from, "event_key": self.key}


# -- columns ---------------------------------------------------------------------
def _normal_name(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", (name or "").strip().lower())


def find_columns(names: Sequence[str], overrides: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    """Which of ``names`` (a file's columns) plays each role (``time``, ``lon``,
    ``lat``, ``wkt``, ``type``, …): the first usual name present, unless
    ``overrides`` names the column for a role. Raises EventRowError for an
    override naming no column."""
    by_normal = {}
    for name in names:
        by_normal.setdefault(_normal_name(name), name)
    found: Dict[str, str] = {}
    for role in COLUMN_ROLES:
        wanted = (overrides or {}).get(role, "")
        if wanted:
            column = wanted if wanted in names else by_normal.get(_normal_name(wanted))
            if column is None:
                raise EventRowError(tr("the column '{}' given for {} is not in the file (its columns: {})").format(
                    wanted, role, ", ".join(names)))
            found[role] = column
            continue
        for candidate in COLUMN_NAMES[role]:
            if candidate in by_normal:
                found[role] = by_normal[candidate]
                break
    return found


# -- values ----------------------------------------------------------------------
# year first: 2025-11-20, or 2025/11/20 as OGR writes dates into text formats
_ISO_DATE = re.compile(r"^(\d{4})([-/])(\d{2})\2(\d{2})$")
_ISO_DATE_TIME = re.compile(r"^(\d{4})([-/])(\d{2})\2(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?"
                            r"\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$")


def parse_time(value) -> datetime.datetime:
    """An event time in UTC from an ISO date (2025-11-20: 00:00 UTC), an ISO
    date-time (2025-11-20T14:05, a Z or an offset converted to UTC; none: read
    as UTC), or a ``datetime``/``date``. Raises EventRowError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day, tzinfo=UTC)
    text = ("" if value is None else str(value)).strip()
    if not text:
        raise EventRowError(tr("no date"))
    try:
        match = _ISO_DATE.match(text)
        if match:
            year, _separator, month, day = match.groups()
            return datetime.datetime(int(year), int(month), int(day), tzinfo=UTC)
        match = _ISO_DATE_TIME.match(text)
        if match:
            year, month, day, hour, minute = (int(match.group(n)) for n in (1, 3, 4, 5, 6))
            second = int(match.group(7) or 0)
            micro = int((match.group(8) or "0").ljust(6, "0"))
            zone = match.group(9)
            offset = datetime.timedelta(0)
            if zone and zone.upper() not in ("Z", "UTC"):
                sign = -1 if zone[0] == "-" else 1
                digits = zone[1:].replace(":", "")
                offset = sign * datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
                if abs(offset) > datetime.timedelta(hours=14):
                    raise ValueError("offset")
            local = datetime.datetime(year, month, day, hour, minute, second, micro,
                                      tzinfo=datetime.timezone(offset))
            return local.astimezone(UTC)
    except ValueError:
        pass
    raise EventRowError(tr("'{}' is not a date (use an ISO date such as 2025-11-20 or a date-time "
                           "such as 2025-11-20T14:05Z)").format(text))


def _number(value, what: str) -> float:
    text = ("" if value is None else str(value)).strip().replace(",", ".") if not isinstance(
        value, (int, float)) else value
    try:
        number = float(text)
    except (TypeError, ValueError):
        raise EventRowError(tr("{} '{}' is not a number").format(what, value)) from None
    if not math.isfinite(number):
        raise EventRowError(tr("{} '{}' is not a number").format(what, value))
    return number


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_lon_lat(lon, lat) -> Tuple[float, float]:
    """Longitude and latitude in degrees, checked: both given, numbers, within
    [-180, 180] and [-90, 90]."""
    if _empty(lon):
        raise EventRowError(tr("no longitude"))
    if _empty(lat):
        raise EventRowError(tr("no latitude"))
    x, y = _number(lon, tr("longitude")), _number(lat, tr("latitude"))
    if not -180.0 <= x <= 180.0:
        raise EventRowError(tr("longitude {} is not between -180 and 180").format(_shown(x)))
    if not -90.0 <= y <= 90.0:
        raise EventRowError(tr("latitude {} is not between -90 and 90").format(_shown(y)))
    return x, y


def _shown(number: float) -> str:
    return str(int(number)) if number == int(number) else str(number)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def normal_type(value, default: str = "other") -> str:
    """An event type: the open vocabulary, lower case with underscores ("Flag
    raised" is flag_raised); empty: ``default``."""
    text = _normal_name(_text(value))
    return text or _normal_name(default) or "other"


def normal_verification(value, default: str = "unverified") -> str:
    """confirmed, claimed, unverified or refuted (a few synonyms such as
    "verified" or "geolocated" are understood); empty: ``default``."""
    text = _text(value).lower() or _text(default).lower()
    if text in _VERIFICATION_WORDS:
        return _VERIFICATION_WORDS[text]
    raise EventRowError(tr("verification '{}' is not one of {}").format(_text(value), ", ".join(VERIFICATIONS)))


def normal_side(value, default: str = "unknown") -> str:
    """hostile, friendly or unknown ("enemy", "own" understood); empty: ``default``."""
    text = _text(value).lower() or _text(default).lower()
    if text in _SIDE_WORDS:
        return _SIDE_WORDS[text]
    raise EventRowError(tr("side '{}' is not one of {}").format(_text(value), ", ".join(SIDES)))


def _precision(value) -> Optional[float]:
    if _empty(value):
        return None
    number = _number(value, tr("precision"))
    if number < 0:
        raise EventRowError(tr("precision {} m is negative").format(_shown(number)))
    return number


def _strength(value) -> Optional[int]:
    if _empty(value):
        return None
    try:
        number = _number(value, tr("strength"))
    except EventRowError:
        number = -1.0
    if number < 0 or number != int(number):
        raise EventRowError(tr("strength '{}' is not a whole number of people, groups or vehicles").format(value))
    return int(number)


@dataclass(frozen=True)
class Defaults:
    """What fills a value a file lacks."""

    type: str = "other"
    source: str = ""
    verification: str = "unverified"
    side: str = "unknown"


def event_from_values(values: Mapping[str, object], lon_lat: Tuple[float, float],
                      defaults: Defaults = Defaults()) -> Event:
    """A checked Event from a row's values by role (``time``, ``type``, …;
    missing roles are empty) and its point. Raises EventRowError with every
    problem of the row joined."""
    problems: List[str] = []
    results: Dict[str, object] = {}
    checks = (("time", lambda v: parse_time(v)),
              ("type", lambda v: normal_type(v, defaults.type)),
              ("side", lambda v: normal_side(v, defaults.side)),
              ("verification", lambda v: normal_verification(v, defaults.verification)),
              ("precision_m", _precision),
              ("strength", _strength))
    for role, check in checks:
        try:
            results[role] = check(values.get(role))
        except EventRowError as error:
            problems.append(str(error))
    if problems:
        raise EventRowError("; ".join(problems))
    source = _text(values.get("source")) or defaults.source
    return Event(results["time"], lon_lat[0], lon_lat[1], results["type"], results["side"], source,
                 _text(values.get("url")), results["verification"], results["precision_m"],
                 results["strength"], "" if values.get("description") is None else str(values.get("description")))


def problems_text(problems: Iterable[Tuple[str, str]], limit: int = 20) -> str:
    """"line 3: no longitude; line 7: latitude 95 …" for the first ``limit``
    problems (where, what), then how many more."""
    problems = list(problems)
    shown = ["{}: {}".format(where, what) for where, what in problems[:limit]]
    if len(problems) > limit:
        shown.append(tr("and {} more").format(len(problems) - limit))
    return "; ".join(shown)
