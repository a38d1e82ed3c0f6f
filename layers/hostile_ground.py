"""Hostile ground on a date, per source, read from a control layer.

Shared by the encirclement, corridor and route-buffer algorithms: the union of
the control features with the chosen statuses that are valid on a day, for
one source at a time, clipped to a window (EPSG:4326). Geometries are fetched
once per feature and kept, so a run over many dates reads each snapshot once.
"""

import datetime
from typing import Dict, List, Optional, Sequence, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProject,
    QgsRectangle,
)

from ..core.date_selection import select_days
from ..store import fetch_geometries, read_records, select_records, snapshot_days
from ..store.schema import STORE_CRS


class HostileGround:
    """The hostile ground of a control layer for some statuses and sources."""

    def __init__(self, layer, statuses: Sequence[str], sources: Sequence[str] = ()):
        self.layer = layer
        self.records = select_records(read_records(layer), None, statuses or None, sources or None)
        self.sources = sorted({r.source for r in self.records})
        self._geometries: Dict[int, QgsGeometry] = {}
        crs = layer.crs()
        wgs84 = QgsCoordinateReferenceSystem(STORE_CRS)
        self._transform = None
        if crs.isValid() and crs != wgs84:
            self._transform = QgsCoordinateTransform(crs, wgs84, QgsProject.instance().transformContext())

    def days(self) -> List[datetime.date]:
        """Every snapshot date of the chosen statuses and sources."""
        return snapshot_days(self.records)

    def select_days(self, text: str) -> List[datetime.date]:
        """The days a date-selection text picks (see core.date_selection)."""
        return select_days(text, self.days())

    def _geometry(self, fid: int) -> QgsGeometry:
        if fid not in self._geometries:
            fetched = fetch_geometries(self.layer, [fid]).get(fid, QgsGeometry())
            if self._transform is not None and not fetched.isEmpty():
                fetched.transform(self._transform)
            self._geometries[fid] = fetched
        return self._geometries[fid]

    def on(self, day: datetime.date, source: str, window: Optional[QgsRectangle] = None
           ) -> Tuple[Optional[QgsGeometry], Optional[datetime.date], List[int]]:
        """``(geometry, snapshot date, feature ids)`` of ``source`` on ``day``.

        The geometry is the union of the valid features, clipped to ``window``
        (empty when nothing lies there); None with no snapshot on or before ``day``.
        """
        valid = select_records(self.records, day, None, [source])
        if not valid:
            return None, None, []
        parts = []
        for record in valid:
            geometry = self._geometry(record.fid)
            if geometry.isEmpty():
                continue
            if window is not None:
                geometry = geometry.clipped(window)
            if not geometry.isEmpty():
                if not geometry.isGeosValid():
                    geometry = geometry.makeValid()
                parts.append(geometry)
        snapshot = max(r.valid_from for r in valid)
        fids = [r.fid for r in valid]
        if not parts:
            return QgsGeometry(), snapshot, fids
        union = parts[0] if len(parts) == 1 else QgsGeometry.unaryUnion(parts)
        return union, snapshot, fids
