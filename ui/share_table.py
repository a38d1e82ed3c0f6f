"""The Analysis tab's result table: occupied-share rows as plain dicts (from the
algorithm's output layer, back to a memory table, to CSV) and the sortable
table model showing them."""

import csv
from typing import Dict, List

from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsField,
    QgsVectorLayer,
    QgsVectorLayerFeatureSource,
)
from qgis.PyQt.QtCore import QAbstractTableModel, QDate, QDateTime, QModelIndex, Qt, QVariant

from ..infra.atomic_files import atomic_path
from ..infra.i18n import tr

SORT_ROLE = Qt.UserRole + 1

# (key in a result row, header, decimals for display; None: text)
COLUMNS = (
    ("date", "Date", None),
    ("area", "Area", None),
    ("source", "Source", None),
    ("occupied_pct", "Share %", 2),
    ("occupied_km2", "km²", 3),
    ("change_pct", "Δ pts", 2),
)
# header tooltips: the short titles keep the numbers in view in a 400 px dock
COLUMN_TIPS = (
    "Date measured",
    "Area (the name field of the areas layer)",
    "Source of the control data",
    "Occupied share of the area, percent",
    "Occupied area, km² (ellipsoidal)",
    "Change of the share since the previous date, percentage points",
)
# sized to what is left by dates and numbers (share_results.fit_share_columns): the area's
# names first; the source narrowed (or hidden: one source), km² and Δ pts hidden when needed
AREA_COLUMN, SOURCE_COLUMN = 1, 2
ROW_KEYS = ("date", "area", "source", "area_km2", "occupied_km2", "occupied_pct", "upper_km2",
            "upper_pct", "change_pct", "snapshot_date", "note")


def _plain(value):
    """A JSON-friendly Python value from a QGIS attribute (NULL: None, QDate: ISO text)."""
    kind = type(value)
    if kind is float or kind is int:
        return value
    if kind is str:
        return None if value == "NULL" else value
    if value is None or (isinstance(value, QVariant) and value.isNull()):
        return None
    if isinstance(value, (QDate, QDateTime)):
        day = value.date() if isinstance(value, QDateTime) else value
        return day.toString("yyyy-MM-dd") if day.isValid() else None
    if str(value) == "NULL":
        return None
    return value


class LayerSnapshot:
    """A layer's fields and features as a feature source made on the main thread,
    read in a background task (rows_from_layer reads it as it reads a layer)."""

    def __init__(self, layer):
        self._fields = layer.fields()
        self._source = QgsVectorLayerFeatureSource(layer)

    def fields(self):
        return self._fields

    def getFeatures(self, request=None):  # noqa: N802 - the layer's name for it
        return self._source.getFeatures(request if request is not None else QgsFeatureRequest())


def rows_from_layer(layer) -> List[Dict]:
    """The result rows of an occupied-share output layer as plain dicts."""
    names = layer.fields().names()
    where = [(key, names.index(key) if key in names else None) for key in ROW_KEYS]
    # one call into QGIS per row (each call lets the other threads have the interpreter)
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
    rows = []
    for feature in layer.getFeatures(request):
        values = feature.attributes()
        rows.append({key: None if index is None else _plain(values[index]) for key, index in where})
    return rows


def layer_from_rows(rows: List[Dict], name: str) -> QgsVectorLayer:
    """A memory table (no geometry) of result rows, same fields as the algorithm's."""
    from ..algorithms.occupied_share import OUTPUT_FIELDS

    layer = QgsVectorLayer("None", name, "memory")
    layer.dataProvider().addAttributes([QgsField(n, t) for n, t in OUTPUT_FIELDS])
    layer.updateFields()
    features = []
    for row in rows:
        feature = QgsFeature(layer.fields())
        values = []
        for field_name, variant in OUTPUT_FIELDS:
            value = row.get(field_name)
            if variant == QVariant.Date and value:
                value = QDate.fromString(value, "yyyy-MM-dd")
            values.append(value)
        feature.setAttributes(values)
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def write_csv_atomically(path: str, rows: List[Dict]) -> None:
    """Write ``rows`` (all ROW_KEYS) to ``path`` through a temporary file in the
    same folder, so a failure leaves an earlier file intact."""
    with atomic_path(path) as temporary:
        with open(temporary, "w", newline="", encoding="utf-8") as stream:
            writer = csv.writer(stream)
            writer.writerow(ROW_KEYS)
            for row in rows:
                writer.writerow(["" if row.get(k) is None else row.get(k) for k in ROW_KEYS])


class ShareTableModel(QAbstractTableModel):
    """Result rows as a table: date, area, source, share %, km², change.

    Display text is rounded; :data:`SORT_ROLE` gives the raw value so that a
    QSortFilterProxyModel sorts numbers as numbers (NULL last).
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: List[Dict] = []

    def set_rows(self, rows: List[Dict]):
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return tr(COLUMNS[section][1])
        if orientation == Qt.Horizontal and role == Qt.ToolTipRole:
            return tr(COLUMN_TIPS[section])
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key, _header, decimals = COLUMNS[index.column()]
        value = row.get(key)
        if role == Qt.DisplayRole:
            if value is None:
                return "" if key != "occupied_pct" else tr("n/a")
            return f"{value:.{decimals}f}" if decimals is not None else str(value)
        if role == SORT_ROLE:
            if value is None:
                return float("inf") if decimals is not None else ""
            return value
        if role == Qt.ToolTipRole:
            # a narrow dock may elide the area and hide the source, km² and Δ pts: the tooltip has them
            parts = [f"{row.get('area')} ({row.get('source')}, {row.get('date')})"]
            parts += [f"{k}: {row.get(k)}" for k in ("occupied_pct", "occupied_km2", "change_pct", "snapshot_date",
                                                     "upper_pct", "note")
                      if row.get(k) not in (None, "")]
            return "\n".join(parts)
        if role == Qt.TextAlignmentRole and decimals is not None:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None
