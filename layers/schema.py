"""The situation store's schema: one place for table and field names.

A situation store is a GeoPackage (PostGIS later, through the same QGIS
providers) with these tables. Dates are calendar days; ``valid_to`` is exclusive
and NULL means "still valid" (open interval). Geometries are EPSG:4326.
"""

from qgis.core import QgsField, QgsFields, QgsWkbTypes
from qgis.PyQt.QtCore import QVariant

SCHEMA_VERSION = 1
STORE_CRS = "EPSG:4326"

CONTROL_TABLE = "control"
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


def control_fields() -> QgsFields:
    """The attribute fields of the ``control`` table, in order."""
    fields = QgsFields()
    for name, variant_type, length, comment in CONTROL_FIELD_SPECS:
        field = QgsField(name, variant_type, len=length)
        field.setComment(comment)
        fields.append(field)
    return fields


REQUIRED_CONTROL_FIELDS = ("valid_from", "valid_to", "status", "source")


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
    fields = QgsFields()
    for name, variant_type, length, comment in DRAWING_FIELD_SPECS:
        field = QgsField(name, variant_type, len=length)
        field.setComment(comment)
        fields.append(field)
    return fields
