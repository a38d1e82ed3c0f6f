"""Where a product's main map looks: its subject, framed with a margin at a
round scale, in a conformal local projection.

A product is about a place (an area, the selected features, the focus area, or
the extent the user gives). The frame centres the map on it, leaves a margin
around it and picks the next round scale (1:25,000, 1:50,000, 1:75,000 ...) at
which the whole of it fits the map item. The map's CRS is a transverse Mercator
centred on the subject: conformal, true scale and true north at the centre
(never stretched longitude / latitude).
"""

import math
from dataclasses import dataclass
from typing import Optional, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsGeometry,
    QgsPointXY,
    QgsRectangle,
)

WGS84 = "EPSG:4326"
# Margin around the subject, as a share of its larger side, on each side.
MARGIN_SHARE = 0.15
# Round scale steps within a power of ten.
NICE_STEPS = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.5)
# No product is drawn larger than this (a street-level subject still shows its surroundings).
LARGEST_SCALE = 10000.0


def local_map_crs(centre_lon: float, centre_lat: float) -> QgsCoordinateReferenceSystem:
    """A transverse Mercator on WGS84 centred on the map: true scale and true north
    at the centre, for display only (figures are measured ellipsoidally elsewhere)."""
    return QgsCoordinateReferenceSystem.fromProj(
        f"+proj=tmerc +lat_0={centre_lat:.6f} +lon_0={centre_lon:.6f} +k=1 +x_0=0 +y_0=0 "
        "+ellps=WGS84 +units=m +no_defs +type=crs")


def nice_scale(denominator: float) -> float:
    """The smallest round scale denominator >= ``denominator`` (1:48,200 -> 50,000)."""
    if not denominator > 0:
        return LARGEST_SCALE
    power = 10.0 ** math.floor(math.log10(denominator))
    for step in NICE_STEPS + (10.0,):
        if step * power >= denominator * (1 - 1e-9):
            return step * power
    return 10.0 * power  # pragma: no cover - the loop always returns


@dataclass
class MapFrame:
    """The main map's frame: ``extent`` (map CRS metres, the item's shape) at
    ``scale`` (denominator), in ``crs``; ``subject_wgs84`` is what it is about."""

    subject_wgs84: QgsRectangle
    crs: QgsCoordinateReferenceSystem
    extent: QgsRectangle
    scale: float

    def extent_wgs84(self) -> QgsRectangle:
        """The map's extent in EPSG:4326 degrees (its outline densified)."""
        outline = QgsGeometry.fromRect(self.extent).densifyByCount(20)
        outline.transform(QgsCoordinateTransform(self.crs, QgsCoordinateReferenceSystem(WGS84),
                                                 QgsCoordinateTransformContext()))
        return outline.boundingBox()


def frame_subject(subject_wgs84: QgsRectangle, map_size_mm: Tuple[float, float],
                  margin_share: float = MARGIN_SHARE, round_scale: bool = True,
                  crs: Optional[QgsCoordinateReferenceSystem] = None) -> MapFrame:
    """Frame ``subject_wgs84`` (degrees) in a map item of ``map_size_mm``: centred,
    with ``margin_share`` of its larger side on each side, at the next round scale
    when ``round_scale`` (else the exact scale that fits)."""
    centre = subject_wgs84.center()
    crs = crs if crs is not None and crs.isValid() and not crs.isGeographic() else \
        local_map_crs(centre.x(), centre.y())
    outline = QgsGeometry.fromRect(subject_wgs84).densifyByCount(20)
    outline.transform(QgsCoordinateTransform(QgsCoordinateReferenceSystem(WGS84), crs,
                                             QgsCoordinateTransformContext()))
    box = outline.boundingBox()
    margin = max(box.width(), box.height()) * margin_share
    width_m, height_m = box.width() + 2 * margin, box.height() + 2 * margin
    width_mm, height_mm = map_size_mm
    if width_mm <= 0 or height_mm <= 0:
        return MapFrame(QgsRectangle(subject_wgs84), crs, box, 0.0)
    needed = max(width_m / (width_mm / 1000.0), height_m / (height_mm / 1000.0), 1.0)
    scale = max(LARGEST_SCALE, nice_scale(needed)) if round_scale else needed
    half_w, half_h = width_mm / 1000.0 * scale / 2, height_mm / 1000.0 * scale / 2
    middle = box.center()
    extent = QgsRectangle(middle.x() - half_w, middle.y() - half_h, middle.x() + half_w, middle.y() + half_h)
    return MapFrame(QgsRectangle(subject_wgs84), crs, extent, scale)


def geometry_box_wgs84(geometry: QgsGeometry, crs: QgsCoordinateReferenceSystem) -> QgsRectangle:
    """The bounding box in EPSG:4326 of a geometry in ``crs``."""
    copy = QgsGeometry(geometry)
    if crs.isValid() and crs.authid() != WGS84:
        copy.transform(QgsCoordinateTransform(crs, QgsCoordinateReferenceSystem(WGS84),
                                              QgsCoordinateTransformContext()))
    return copy.boundingBox()


def features_box_wgs84(features, crs: QgsCoordinateReferenceSystem) -> Optional[QgsRectangle]:
    """The bounding box in EPSG:4326 of the geometries of ``features`` (in
    ``crs``); None when none has a geometry."""
    box = None
    for feature in features:
        if feature.hasGeometry():
            part = geometry_box_wgs84(feature.geometry(), crs)
            if box is None:
                box = part
            else:
                box.combineExtentWith(part)
    return box


def grow_to_radius(box_wgs84: QgsRectangle, centre: QgsPointXY, radius_m: float) -> QgsRectangle:
    """``box_wgs84`` grown to hold the circle of ``radius_m`` metres around ``centre``
    (where encirclement arcs are drawn), approximately (a local metre per degree)."""
    dlat = radius_m / 111320.0
    dlon = radius_m / (111320.0 * max(0.01, math.cos(math.radians(centre.y()))))
    grown = QgsRectangle(box_wgs84)
    grown.combineExtentWith(QgsRectangle(centre.x() - dlon, centre.y() - dlat,
                                         centre.x() + dlon, centre.y() + dlat))
    return grown
