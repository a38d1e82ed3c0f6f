"""The situation as a KMZ for Google Earth: control polygons with KML TimeSpans
(so Google Earth's time slider steps through the snapshots), the encirclement
arcs, corridor throat and passage, and events as placemarks, in the plugin's
styles.

A control feature is valid from ``valid_from`` (inclusive) to ``valid_to``
(exclusive; NULL: still valid): its TimeSpan begins on ``valid_from`` and ends
on ``valid_to``; an open end is left out. KML is written with xml.etree (every
text escaped; descriptions are plain text), zipped as ``doc.kml`` and written
atomically (infra/atomic_files.py).
"""

import datetime
import os
# xml.etree only writes KML here; nothing untrusted is parsed
import xml.etree.ElementTree as ET  # nosec B405
import zipfile
from typing import Dict, Iterable, Optional, Sequence, Tuple

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsMapLayer,
    QgsProject,
    QgsSimpleLineSymbolLayer,
    QgsSingleSymbolRenderer,
    QgsSymbol,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor

from ..infra.atomic_files import AtomicWriteError, atomic_path
from ..infra.i18n import tr
from ..infra.log import log
from ..layers.situation_layers import PROPERTY_STATUS, STYLE_DIR, layer_name, style_path
from ..core.day_values import as_date
from ..store import read_records

KMZ_FORMAT = "kmz"
KML_NAMESPACE = "http://www.opengis.net/kml/2.2"
COORDINATE_DECIMALS = 6  # about 0.1 m
PIXELS_PER_MM = 96 / 25.4  # Google Earth line widths are in screen pixels
EVENT_ICON = "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"
# event colours by verification when the events layer has no style of its own
EVENT_COLOURS = {"verified": QColor(200, 0, 0), "confirmed": QColor(200, 0, 0),
                 "unverified": QColor(240, 140, 0), "refuted": QColor(120, 120, 120)}
EVENT_DEFAULT_COLOUR = QColor(240, 140, 0)
# the plugin's styles of the computed layers (layers/styles)
COMPUTED_STYLES = {"arcs": "encirclement_arcs", "throat": "corridor_throat", "passage": "corridor_passage"}
WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")

DayRange = Tuple[datetime.date, datetime.date]


class KmzError(AtomicWriteError):
    """A KMZ could not be written; the message names the file and why."""


# -- styles --------------------------------------------------------------------------
class KmlStyle:
    """Line and fill colours and line width of one KML style."""

    def __init__(self, line: QColor, width_mm: float = 0.4, fill: Optional[QColor] = None):
        self.line, self.width_mm, self.fill = QColor(line), width_mm, fill


def kml_colour(colour: QColor) -> str:
    """A QColor as KML's aabbggrr hex."""
    return "{:02x}{:02x}{:02x}{:02x}".format(colour.alpha(), colour.blue(), colour.green(), colour.red())


def style_of_symbol(symbol) -> Optional[KmlStyle]:
    """The colours of a QGIS symbol: line colour and width, fill (None: no fill)."""
    if symbol is None or symbol.symbolLayerCount() == 0:
        return None
    first = symbol.symbolLayer(0)
    if symbol.type() == QgsSymbol.Fill:
        fill = QColor(first.color())
        if hasattr(first, "brushStyle") and first.brushStyle() == Qt.NoBrush:
            fill = None
        line = first.strokeColor() if hasattr(first, "strokeColor") else first.color()
        width = first.strokeWidth() if hasattr(first, "strokeWidth") else 0.4
        return KmlStyle(QColor(line), width or 0.26, fill)
    if symbol.type() == QgsSymbol.Line:
        # the first simple line is the line itself (marker lines draw arrowheads on it)
        for index in range(symbol.symbolLayerCount()):
            layer = symbol.symbolLayer(index)
            if isinstance(layer, QgsSimpleLineSymbolLayer):
                return KmlStyle(QColor(layer.color()), layer.width() or 0.26)
        return KmlStyle(QColor(symbol.color()), 0.5)
    return KmlStyle(QColor(symbol.color()), 0.4, QColor(symbol.color()))


_STYLE_CACHE: Dict[str, Optional[KmlStyle]] = {}


def shipped_style(name: str, geometry: str = "Polygon") -> Optional[KmlStyle]:
    """The colours of a style in layers/styles (``occupied``, ``corridor_throat`` ...)."""
    own = os.path.join(STYLE_DIR, f"{name}.qml")
    path = own if os.path.isfile(own) else style_path(name)
    key = f"{path}|{geometry}"
    if key not in _STYLE_CACHE:
        scratch = QgsVectorLayer(f"{geometry}?crs=EPSG:4326", "style", "memory")
        _message, ok = scratch.loadNamedStyle(path, QgsMapLayer.Symbology)
        renderer = scratch.renderer() if ok else None
        symbol = renderer.symbol() if isinstance(renderer, QgsSingleSymbolRenderer) else None
        _STYLE_CACHE[key] = style_of_symbol(symbol)
        if not ok:
            log.warning("KMZ: the style %s could not be read", path)
    return _STYLE_CACHE[key]


def _category_styles(layer, field: str) -> Dict[str, KmlStyle]:
    """The layer's own colours per value when it is categorised on ``field``."""
    renderer = layer.renderer() if layer is not None else None
    if isinstance(renderer, QgsCategorizedSymbolRenderer) and renderer.classAttribute() == field:
        styles = {}
        for category in renderer.categories():
            style = style_of_symbol(category.symbol())
            if style is not None:
                styles[str(category.value())] = style
        return styles
    return {}


def control_style(layer, status: str, categories: Dict[str, KmlStyle]) -> KmlStyle:
    """A status' colours: the layer's own (categorised on status, or a situation
    layer of that status), else the status' style in layers/styles."""
    if status in categories:
        return categories[status]
    renderer = layer.renderer()
    if layer.customProperty(PROPERTY_STATUS) == status and isinstance(renderer, QgsSingleSymbolRenderer):
        style = style_of_symbol(renderer.symbol())
        if style is not None:
            return style
    return shipped_style(status) or KmlStyle(QColor(170, 90, 0), 0.4, QColor(240, 150, 30, 100))


# -- KML elements -------------------------------------------------------------------------
def _sub(parent, tag: str, text=None):
    element = ET.SubElement(parent, f"{{{KML_NAMESPACE}}}{tag}")
    if text is not None:
        element.text = str(text)
    return element


def _style_element(document, style_id: str, style: KmlStyle, icon: bool = False):
    element = _sub(document, "Style")
    element.set("id", style_id)
    if icon:  # KML order: IconStyle, LabelStyle, LineStyle, PolyStyle
        icon_style = _sub(element, "IconStyle")
        _sub(icon_style, "color", kml_colour(style.fill or style.line))
        _sub(_sub(icon_style, "Icon"), "href", EVENT_ICON)
    line = _sub(element, "LineStyle")
    _sub(line, "color", kml_colour(style.line))
    _sub(line, "width", f"{max(1.0, style.width_mm * PIXELS_PER_MM):.1f}")
    poly = _sub(element, "PolyStyle")
    _sub(poly, "color", kml_colour(style.fill if style.fill is not None else style.line))
    _sub(poly, "fill", "1" if style.fill is not None and style.fill.alpha() > 0 else "0")
    _sub(poly, "outline", "1")


def _coordinates(points) -> str:
    return " ".join(f"{p.x():.{COORDINATE_DECIMALS}f},{p.y():.{COORDINATE_DECIMALS}f}" for p in points)


def _polygon(parent, rings):
    polygon = _sub(parent, "Polygon")
    _sub(polygon, "tessellate", "1")
    for index, ring in enumerate(rings):
        boundary = _sub(polygon, "outerBoundaryIs" if index == 0 else "innerBoundaryIs")
        _sub(_sub(boundary, "LinearRing"), "coordinates", _coordinates(ring))


def _line(parent, points):
    line = _sub(parent, "LineString")
    _sub(line, "tessellate", "1")
    _sub(line, "coordinates", _coordinates(points))


def geometry_element(parent, geometry: QgsGeometry) -> bool:
    """The geometry (EPSG:4326) as a KML geometry (MultiGeometry when multipart);
    False when it is empty."""
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return False
    geometry = QgsGeometry(geometry)
    if QgsWkbTypes.isCurvedType(geometry.wkbType()):
        geometry = QgsGeometry(geometry.constGet().segmentize())
    kind = geometry.type()
    if kind == QgsWkbTypes.PolygonGeometry:
        parts = geometry.asMultiPolygon() if geometry.isMultipart() else [geometry.asPolygon()]
        target = _sub(parent, "MultiGeometry") if len(parts) > 1 else parent
        for rings in parts:
            _polygon(target, rings)
    elif kind == QgsWkbTypes.LineGeometry:
        parts = geometry.asMultiPolyline() if geometry.isMultipart() else [geometry.asPolyline()]
        target = _sub(parent, "MultiGeometry") if len(parts) > 1 else parent
        for points in parts:
            _line(target, points)
    elif kind == QgsWkbTypes.PointGeometry:
        points = geometry.asMultiPoint() if geometry.isMultipart() else [geometry.asPoint()]
        target = _sub(parent, "MultiGeometry") if len(points) > 1 else parent
        for point in points:
            _sub(_sub(target, "Point"), "coordinates", _coordinates([point]))
    else:
        return False
    return True


def _placemark(folder, name: str, description: str, style_id: str, geometry: QgsGeometry,
               begin: Optional[str] = None, end: Optional[str] = None, data: Sequence = ()):
    """A Placemark in KML 2.2 order: name, description, TimeSpan, styleUrl,
    ExtendedData, geometry. Not added when the geometry is empty."""
    placemark = ET.Element(f"{{{KML_NAMESPACE}}}Placemark")
    _sub(placemark, "name", name)
    if description:
        _sub(placemark, "description", description)
    if begin or end:
        span = _sub(placemark, "TimeSpan")
        if begin:
            _sub(span, "begin", begin)
        if end:
            _sub(span, "end", end)
    _sub(placemark, "styleUrl", f"#{style_id}")
    if data:
        extended = _sub(placemark, "ExtendedData")
        for key, value in data:
            item = _sub(extended, "Data")
            item.set("name", str(key))
            _sub(item, "value", "" if value is None else str(value))
    if geometry_element(placemark, geometry):
        folder.append(placemark)
        return True
    return False


# -- reading layers -----------------------------------------------------------------------
def _to_wgs84(layer):
    if layer.crs() == WGS84 or not layer.crs().isValid():
        return None
    return QgsCoordinateTransform(layer.crs(), WGS84, QgsProject.instance().transformContext())


def _geometry(feature, transform) -> QgsGeometry:
    geometry = QgsGeometry(feature.geometry())
    if transform is not None and not geometry.isNull():
        geometry.transform(transform)
    return geometry


def _text(value) -> str:
    if value is None or str(value) == "NULL":
        return ""
    day = value.toString("yyyy-MM-dd") if hasattr(value, "toString") and hasattr(value, "isValid") else None
    return day if day else str(value)


def _day_bounds(day_range) -> DayRange:
    days = sorted(day_range)
    if not days:
        raise KmzError(tr("A KMZ needs a day or a range of days."))
    return days[0], days[-1]


def control_placemarks(document, folder, layer, day_range: DayRange) -> int:
    """A placemark per control feature valid on some day of ``day_range``."""
    first, last = day_range
    records = [r for r in read_records(layer)
               if r.valid_from <= last and (r.valid_to is None or r.valid_to > first)]
    records.sort(key=lambda r: (r.source, r.status, r.valid_from))
    categories = _category_styles(layer, "status")
    styles_done = set()
    transform = _to_wgs84(layer)
    by_fid = {r.fid: r for r in records}
    request = QgsFeatureRequest().setFilterFids(list(by_fid)).setNoAttributes()
    geometries = {f.id(): _geometry(f, transform) for f in layer.getFeatures(request)} if by_fid else {}
    count = 0
    for record in records:
        style_id = "status-" + "".join(c if c.isalnum() else "_" for c in record.status or "none")
        if style_id not in styles_done:
            _style_element(document, style_id, control_style(layer, record.status, categories))
            styles_done.add(style_id)
        until = record.valid_to.isoformat() if record.valid_to else tr("still valid")
        description = tr("{}, valid from {} to {} (exclusive); confidence: {}.").format(
            layer_name(record.source, record.status), record.valid_from.isoformat(), until,
            record.confidence or tr("not stated"))
        data = [("status", record.status), ("source", record.source), ("side", record.side),
                ("confidence", record.confidence), ("valid_from", record.valid_from.isoformat()),
                ("valid_to", record.valid_to.isoformat() if record.valid_to else "")]
        count += _placemark(folder, f"{layer_name(record.source, record.status)} {record.valid_from.isoformat()}",
                            description, style_id, geometries.get(record.fid),
                            record.valid_from.isoformat(),
                            record.valid_to.isoformat() if record.valid_to else None, data)
    return count


def _dated_span(feature, names) -> Tuple[Optional[str], Optional[str]]:
    """A computed feature's day as a one-day TimeSpan [day, day + 1)."""
    for name in ("date", "day", "snapshot_date"):
        if name in names:
            day = as_date(feature[name])
            if day is not None:
                return day.isoformat(), (day + datetime.timedelta(days=1)).isoformat()
    return None, None


def computed_placemarks(document, folder, layer, kind: str, label: str) -> int:
    """Arcs, throat or passage features as placemarks in the plugin's style."""
    geometry = {"arcs": "LineString", "throat": "LineString", "passage": "Polygon"}[kind]
    style_id = f"computed-{kind}"
    _style_element(document, style_id, shipped_style(COMPUTED_STYLES[kind], geometry)
                   or KmlStyle(QColor(176, 0, 32), 0.8, None))
    names = layer.fields().names()
    transform = _to_wgs84(layer)
    count = 0
    for feature in layer.getFeatures():
        begin, end = _dated_span(feature, names)
        values = [(name, _text(feature[name])) for name in names]
        found = dict(values)
        if kind == "arcs":
            name = tr("{} arc").format(found.get("area") or label)
            if found.get("degrees"):
                name += " " + tr("{:.0f}°").format(float(found["degrees"]))
            if found.get("radius_m"):
                name += " " + tr("at {:g} km").format(float(found["radius_m"]) / 1000.0)
        elif kind == "throat" and found.get("length_m"):
            name = tr("Corridor throat {:.2f} km").format(float(found["length_m"]) / 1000.0)
        else:
            name = label
        description = "; ".join(f"{key}: {value}" for key, value in values if value)
        count += _placemark(folder, name, description, style_id, _geometry(feature, transform),
                            begin, end, values)
    return count


def event_placemarks(document, folder, layer, day_range: DayRange) -> int:
    """Events (event_time, type, verification, source) within ``day_range``,
    each at its time, coloured by verification."""
    names = layer.fields().names()
    categories = _category_styles(layer, "verification")
    first, last = day_range
    transform = _to_wgs84(layer)
    styles_done = set()
    count = 0
    for feature in layer.getFeatures():
        when = feature["event_time"] if "event_time" in names else None
        day = as_date(when)  # unreadable: shown on every day, its text in the description
        if day is not None and not first <= day <= last:
            continue
        verification = _text(feature["verification"]) if "verification" in names else ""
        kind = _text(feature["type"]) if "type" in names else ""
        style_id = "event-" + "".join(c if c.isalnum() else "_" for c in (verification or "unknown"))
        if style_id not in styles_done:
            style = categories.get(verification)
            if style is None:
                colour = EVENT_COLOURS.get(verification.lower(), EVENT_DEFAULT_COLOUR)
                style = KmlStyle(colour, 0.4, colour)
            _style_element(document, style_id, style, icon=True)
            styles_done.add(style_id)
        when_text = _text(when)
        if hasattr(when, "toString") and hasattr(when, "time"):
            when_text = when.toString("yyyy-MM-ddTHH:mm:ss")
        values = [(name, _text(feature[name])) for name in names]
        description = "; ".join(f"{key}: {value}" for key, value in values if value)
        begin = day.isoformat() if day else None
        end = (day + datetime.timedelta(days=1)).isoformat() if day else None
        title = " ".join(t for t in (kind or tr("Event"), when_text, f"({verification})" if verification else "") if t)
        count += _placemark(folder, title, description, style_id, _geometry(feature, transform),
                            begin, end, values)
    return count


# -- the file -----------------------------------------------------------------------------
def kml_document(control_layer, day_range, arcs=None, throat=None, passage=None, events=None,
                 title: str = "") -> Tuple[ET.ElementTree, Dict[str, int]]:
    """The KML tree and the number of placemarks per folder."""
    first, last = _day_bounds(day_range)
    ET.register_namespace("", KML_NAMESPACE)
    root = ET.Element(f"{{{KML_NAMESPACE}}}kml")
    document = _sub(root, "Document")
    _sub(document, "name", title or tr("Situation map"))
    _sub(document, "open", "1")
    _sub(document, "description", tr("Situation from {} to {}, exported by Situation Mapper. "
                                     "Use the time slider to step through the snapshots.").format(
        first.isoformat(), last.isoformat()))
    # styles come before the folders (KML: a container's own elements, then its features)
    folders = []
    counts: Dict[str, int] = {}

    def new_folder(name):
        folder = ET.Element(f"{{{KML_NAMESPACE}}}Folder")
        _sub(folder, "name", name)
        folders.append(folder)
        return folder

    if control_layer is not None:
        counts["control"] = control_placemarks(document, new_folder(tr("Control")), control_layer,
                                               (first, last))
    for kind, layer, label in (("arcs", arcs, tr("Encirclement arcs")), ("throat", throat, tr("Corridor throat")),
                               ("passage", passage, tr("Corridor passage"))):
        if layer is not None:
            counts[kind] = computed_placemarks(document, new_folder(label), layer, kind, label)
    if events is not None:
        counts["events"] = event_placemarks(document, new_folder(tr("Events")), events, (first, last))
    document.extend(folders)
    return ET.ElementTree(root), counts


def write_kmz(path: str, control_layer, day_range, arcs=None, throat=None, passage=None,
              events=None, title: str = "") -> str:
    """Write the situation of ``day_range`` (first and last day, inclusive, or
    any days: their first and last) as a KMZ (``doc.kml`` zipped) at ``path``,
    atomically; returns ``path``. Raises KmzError (an AtomicWriteError)."""
    tree, counts = kml_document(control_layer, day_range, arcs, throat, passage, events, title)
    try:
        with atomic_path(path) as temporary:
            with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("doc.kml", ET.tostring(tree.getroot(), encoding="utf-8",
                                                        xml_declaration=True))
    except OSError as error:
        raise KmzError(tr("Cannot write the KMZ '{}': {}.").format(path, error.strerror or error)) from error
    log.info("KMZ written: %s (%s)", path, ", ".join(f"{k} {v}" for k, v in counts.items()))
    return path


def layers_by_role(layers: Iterable) -> Dict[str, QgsVectorLayer]:
    """Computed layers among ``layers`` recognised by their fields: arcs
    (start_az, end_az), throat (length_m, lines), passage (area_km2 and
    width_m, polygons), events (event_time)."""
    found: Dict[str, QgsVectorLayer] = {}
    for layer in layers:
        if not isinstance(layer, QgsVectorLayer):
            continue
        names = set(layer.fields().names())
        kind = layer.geometryType()
        if {"start_az", "end_az"} <= names:
            found.setdefault("arcs", layer)
        elif {"length_m", "width_m", "source"} <= names and kind == QgsWkbTypes.LineGeometry \
                and "centre" not in layer.name().lower():  # the centreline has the same fields
            found.setdefault("throat", layer)
        elif "area_km2" in names and kind == QgsWkbTypes.PolygonGeometry and "date" in names \
                and "valid_from" not in names:
            found.setdefault("passage", layer)
        elif "event_time" in names and kind == QgsWkbTypes.PointGeometry:
            found.setdefault("events", layer)
    return found
