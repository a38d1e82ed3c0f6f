"""The situation store's schema registry: one place for tables, fields,
geometry types and the schema version; both backends (``store/geopackage.py``,
``store/postgis/``) create, migrate and copy from it.

A situation store is a GeoPackage or a PostGIS schema with these tables. Dates are calendar days; ``valid_to`` is exclusive
and NULL means "still valid" (open interval). Geometries are EPSG:4326.
"""

from dataclasses import dataclass
from typing import Tuple

from qgis.core import QgsField, QgsFields, QgsWkbTypes
from qgis.PyQt.QtCore import QVariant

# The store schema version and what each version brought (both backends):
# 1: control, store_info, sources and the drawings tables;
# 2: sources gain ``retrieved``, the day a source's data were last fetched
#    (YYYY-MM-DD text; empty: unknown), for the sources block and the next
#    features' freshness checks.
# 3: the events table (dated, geolocated reports with their verification).
# A GeoPackage store of an older version is upgraded in place when opened.
SCHEMA_VERSION = 3
SCHEMA_HISTORY = {
    1: "control, store_info, sources and drawings tables",
    2: "sources.retrieved: the day a source's data were last fetched",
    3: "events: dated, geolocated reports with source and verification",
}
MIGRATIONS_TABLE = "schema_migrations"  # PostGIS: which migration ran, when, by whom
STORE_CRS = "EPSG:4326"

CONTROL_TABLE = "control"
STORE_INFO_TABLE = "store_info"
SOURCES_TABLE = "sources"
GEOMETRY_COLUMN = "geom"
CONTROL_GEOMETRY = QgsWkbTypes.MultiPolygon

# field name -> (QVariant type, length, comment)
CONTROL_FIELD_SPECS = (
    ("valid_from", QVariant.Date, 0, "first day the snapshot is valid (inclusive)"),
    ("valid_to", QVariant.Date, 0, "day the next snapshot of the same source and status takes over (exclusive); NULL: open"),
    ("status", QVariant.String, 40, "occupied / contested / liberated / claimed / user value"),
    ("side", QVariant.String, 40, "the side that holds the ground"),
    ("source", QVariant.String, 80, "who published the snapshot"),
    ("confidence", QVariant.String, 40, "assessed / claimed / unverified / user text"),
    ("note", QVariant.String, 0, "free text"),
    ("area_km2", QVariant.Double, 0, "ellipsoidal area on WGS84, km2"),
    ("imported_from", QVariant.String, 0, "file name the snapshot came from"),
)

STATUS_OCCUPIED = "occupied"
STATUS_CONTESTED = "contested"
STATUS_LIBERATED = "liberated"
STATUS_CLAIMED = "claimed"
KNOWN_STATUSES = (STATUS_OCCUPIED, STATUS_CONTESTED, STATUS_LIBERATED, STATUS_CLAIMED)

DATE_FORMAT = "yyyy-MM-dd"


def fields_from_spec(specs) -> QgsFields:
    """QgsFields from ``(name, QVariant type, length, comment)`` specs, in order."""
    fields = QgsFields()
    for name, variant_type, length, comment in specs:
        field = QgsField(name, variant_type, len=length)
        field.setComment(comment)
        fields.append(field)
    return fields


def control_fields() -> QgsFields:
    """The attribute fields of the ``control`` table, in order."""
    return fields_from_spec(CONTROL_FIELD_SPECS)


REQUIRED_CONTROL_FIELDS = ("valid_from", "valid_to", "status", "source")

# Derived columns of the control table: the validity dates as date-times at 00:00
# (name, the date it is made from), so the map's temporal filter on them
# (layers/temporal.py, the same names) runs in the database and a day's display
# reads that day's rows only. A PostGIS store keeps them as generated columns
# (store/postgis/migrations.py); a GeoPackage store as DATETIME columns its
# writers set with the dates, kept right for any other writer by triggers and
# indexed with the series (store/geopackage/time_columns.py). A layer of a store
# without them makes them as virtual fields. They hold nothing the dates do not,
# so they carry no schema version: created when missing, like an index, never
# copied (copystore's target makes its own).
CONTROL_TIME_COLUMNS = (("valid_from_time", "valid_from"), ("valid_to_time", "valid_to"))


# -- drawings: encirclement arcs and corridors drawn by hand (layers/drawings.py) --
DRAWINGS_ARCS_TABLE = "drawings_arcs"
DRAWINGS_ARCS_GEOMETRY = QgsWkbTypes.LineString
DRAWINGS_CORRIDORS_TABLE = "drawings_corridors"
DRAWINGS_CORRIDORS_GEOMETRY = QgsWkbTypes.Polygon

DRAWING_FIELD_SPECS = (
    ("kind", QVariant.String, 40, "encirclement_arc / corridor"),
    ("date", QVariant.Date, 0, "situation date the drawing describes"),
    ("author", QVariant.String, 80, "who drew it"),
    ("note", QVariant.String, 0, "free text"),
    ("side", QVariant.String, 40, "hostile / friendly / other: the side whose move it shows"),
    ("colour", QVariant.String, 16, "#rrggbb overriding the side's colour; empty: by side"),
    ("radius_m", QVariant.Double, 0, "arc radius, metres (geodesic)"),
    ("start_az", QVariant.Double, 0, "arc start azimuth, degrees clockwise from north"),
    ("end_az", QVariant.Double, 0, "arc end azimuth, degrees clockwise from north"),
    ("width_m", QVariant.Double, 0, "corridor width (twice the buffer distance), metres"),
)
DRAWING_SIDES = ("hostile", "friendly", "other")


def drawing_fields() -> QgsFields:
    """The attribute fields of the drawings tables, in order."""
    return fields_from_spec(DRAWING_FIELD_SPECS)


# -- events: dated, geolocated reports (domain: Events; core/events.py) -------------
EVENTS_TABLE = "events"
EVENTS_GEOMETRY = QgsWkbTypes.Point
EVENT_FIELD_SPECS = (
    ("event_time", QVariant.DateTime, 0, "when it happened, UTC (a date alone: 00:00 UTC of that day)"),
    ("event_day", QVariant.Date, 0, "the UTC calendar day of event_time (display window, periods)"),
    ("type", QVariant.String, 40, "infiltration / flag_raised / group_eliminated / strike / assault / "
                                  "force_estimate / other / user value"),
    ("side", QVariant.String, 40, "hostile / friendly / unknown"),
    ("source", QVariant.String, 0, "who reported it"),
    ("url", QVariant.String, 0, "where the report is (text, never opened by the plugin)"),
    ("verification", QVariant.String, 20, "confirmed / claimed / unverified / refuted"),
    ("precision_m", QVariant.Double, 0, "geolocation precision, metres"),
    ("strength", QVariant.Int, 0, "a count (people, groups, vehicles); empty: not given"),
    ("description", QVariant.String, 0, "the report in words (plain text)"),
    ("imported_from", QVariant.String, 0, "file the event came from; empty: added on the map"),
    ("event_key", QVariant.String, 64, "fingerprint of time, place, type, source and text: one row per report"),
)
# the vocabularies (defaults of an open list for types) live with the events' rules
from ..core.events import EVENT_TYPES, SIDES as EVENT_SIDES, VERIFICATIONS  # noqa: E402,F401


def event_fields() -> QgsFields:
    """The attribute fields of the ``events`` table, in order."""
    return fields_from_spec(EVENT_FIELD_SPECS)


# -- the registry: every table of a store ------------------------------------------
SOURCE_FIELD_SPECS = (
    ("source", QVariant.String, 0, "who published the snapshots (the control rows' source)"),
    ("licence", QVariant.String, 0, "licence of the source's data"),
    ("url", QVariant.String, 0, "where the source publishes"),
    ("attribution", QVariant.String, 0, "the credit line a map product prints"),
    ("retrieved", QVariant.String, 10, "day the source's data were last fetched, YYYY-MM-DD; empty: unknown"),
)
SOURCE_INFO_FIELDS = tuple(name for name, *_ in SOURCE_FIELD_SPECS)
STORE_INFO_FIELD_SPECS = (
    ("key", QVariant.String, 0, "schema_version, created, application"),
    ("value", QVariant.String, 0, "its value, as text"),
)


@dataclass(frozen=True)
class TableSpec:
    """One table of a situation store.

    ``geometry``: a QgsWkbTypes type (NoGeometry for attribute tables, EPSG:4326
    otherwise); ``key``: the column naming a row uniquely (attribute tables);
    ``with_store``: created with every new store (else when first written);
    ``copied``: carried over by copystore (store_info belongs to each store)."""

    name: str
    fields: Tuple[Tuple[str, int, int, str], ...]
    geometry: int = QgsWkbTypes.NoGeometry
    key: str = ""
    with_store: bool = True
    copied: bool = True

    @property
    def field_names(self) -> Tuple[str, ...]:
        return tuple(name for name, *_ in self.fields)

    @property
    def has_geometry(self) -> bool:
        return self.geometry != QgsWkbTypes.NoGeometry

    def qgs_fields(self) -> QgsFields:
        return fields_from_spec(self.fields)


TABLES = (
    TableSpec(STORE_INFO_TABLE, STORE_INFO_FIELD_SPECS, key="key", copied=False),
    TableSpec(CONTROL_TABLE, CONTROL_FIELD_SPECS, CONTROL_GEOMETRY),
    TableSpec(SOURCES_TABLE, SOURCE_FIELD_SPECS, key="source"),
    TableSpec(DRAWINGS_ARCS_TABLE, DRAWING_FIELD_SPECS, DRAWINGS_ARCS_GEOMETRY, with_store=False),
    TableSpec(DRAWINGS_CORRIDORS_TABLE, DRAWING_FIELD_SPECS, DRAWINGS_CORRIDORS_GEOMETRY, with_store=False),
    TableSpec(EVENTS_TABLE, EVENT_FIELD_SPECS, EVENTS_GEOMETRY, key="event_key"),
)
TABLES_BY_NAME = {table.name: table for table in TABLES}
DRAWING_TABLES = (DRAWINGS_ARCS_TABLE, DRAWINGS_CORRIDORS_TABLE)
COPIED_TABLES = tuple(table for table in TABLES if table.copied)


def table_spec(name: str) -> TableSpec:
    """The registry entry of table ``name``; KeyError for a table not in a store."""
    return TABLES_BY_NAME[name]
