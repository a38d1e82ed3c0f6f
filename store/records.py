"""Reading control records from a situation store's ``control`` table, or from
any layer with the same fields (see ``store/schema.py``); choosing them by day
is pure date logic (``core/record_selection.py``).

Attributes are read first without geometry, the date filter is applied in
Python, and only the geometries needed are fetched: this is fast on every
provider (GeoPackage, PostGIS, memory) whatever its SQL dialect.
"""

import datetime
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional

from qgis.core import QgsFeatureRequest, QgsGeometry, QgsVectorLayer

from ..core.day_values import to_day  # noqa: F401 (the records API)
from ..core.record_selection import select_records, snapshot_days  # noqa: F401 (the records API)
from .schema import REQUIRED_CONTROL_FIELDS


class ControlLayerError(ValueError):
    """The layer is not a control layer (a required field is missing)."""


@dataclass(frozen=True)
class ControlRecord:
    """One control feature's attributes, geometry left in the layer."""

    fid: int
    valid_from: datetime.date
    valid_to: Optional[datetime.date]
    status: str
    source: str
    side: str = ""
    confidence: str = ""


def check_control_layer(layer: QgsVectorLayer) -> None:
    """Raise ControlLayerError naming the layer and the missing fields."""
    names = set(layer.fields().names())
    missing = [f for f in REQUIRED_CONTROL_FIELDS if f not in names]
    if missing:
        raise ControlLayerError(
            f"Layer '{layer.name()}' is not a control layer: it has no field(s) "
            f"{', '.join(missing)}.")


def read_records(layer) -> List[ControlRecord]:
    """Every feature's dates, status and source, read without geometries."""
    check_control_layer(layer)
    fields = layer.fields()
    wanted = [n for n in ("valid_from", "valid_to", "status", "source", "side", "confidence")
              if fields.indexOf(n) >= 0]
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
    request.setSubsetOfAttributes(wanted, fields)
    # attributes by position: a lookup by name per value costs more than the read
    index = {name: fields.indexOf(name) for name in wanted}
    at_from, at_to, at_status, at_source = (index["valid_from"], index["valid_to"], index["status"],
                                            index["source"])
    at_side, at_confidence = index.get("side"), index.get("confidence")
    records = []
    for feature in layer.getFeatures(request):
        values = feature.attributes()
        start = to_day(values[at_from])
        if start is None:
            continue
        records.append(ControlRecord(
            fid=feature.id(), valid_from=start, valid_to=to_day(values[at_to]),
            status=str(values[at_status] or ""), source=str(values[at_source] or ""),
            side=str(values[at_side] or "") if at_side is not None else "",
            confidence=str(values[at_confidence] or "") if at_confidence is not None else ""))
    return records


def fetch_geometries(layer, fids: Iterable[int]) -> Dict[int, QgsGeometry]:
    """Geometries of the features ``fids`` (in the layer's CRS)."""
    fids = list(fids)
    if not fids:
        return {}
    request = QgsFeatureRequest().setFilterFids(fids).setNoAttributes()
    return {f.id(): QgsGeometry(f.geometry()) for f in layer.getFeatures(request)}
