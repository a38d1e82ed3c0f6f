"""The events layer: a store's events on the map, each from its day for a display
window (a setting, 3 days by default), one symbol per type (``icons/events/``),
the side in its colour and the verification readable at a glance: confirmed
filled, claimed hollow, unverified in a dashed ring, refuted hollow and crossed.
A force estimate carries its strength as a label. Labels and descriptions are
plain text: nothing a report says is read as HTML.
"""

import os
from typing import Dict, List, Optional

from qgis.core import (
    QgsExpression,
    QgsFeature,
    QgsGeometry,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsProject,
    QgsProperty,
    QgsRuleBasedRenderer,
    QgsSimpleMarkerSymbolLayer,
    QgsSimpleMarkerSymbolLayerBase,
    QgsSvgMarkerSymbolLayer,
    QgsSymbolLayer,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor

from .. import store
from ..core.events import EVENT_TYPES, Event
from ..infra.i18n import tr
from ..infra.log import log
from ..infra.settings import EVENT_DISPLAY_DAYS
from .situation_layers import normalized_store_path, situation_group
from .temporal import configure_window_time
from .label_text import haloed_text

PROPERTY_EVENTS_STORE = "situation_mapper/events_store"
ICON_FOLDER = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "icons", "events")
SYMBOL_SIZE_MM = 6.0

# side -> (fill, outline)
SIDE_COLOURS = {"hostile": ("#d7301f", "#7f0000"), "friendly": ("#2b7bba", "#08306b"),
                "unknown": ("#7a7a7a", "#2b2b2b")}
HOLLOW = ("claimed", "refuted")


def type_label(event_type: str) -> str:
    """An event type in words, for legends and lists."""
    return {
        "infiltration": tr("Infiltration group"),
        "flag_raised": tr("Flag raised"),
        "group_eliminated": tr("Group eliminated"),
        "strike": tr("Strike"),
        "assault": tr("Assault"),
        "force_estimate": tr("Force estimate"),
        "other": tr("Other report"),
    }.get(event_type, (event_type or "").replace("_", " ").capitalize())


def verification_label(verification: str) -> str:
    return {"confirmed": tr("confirmed"), "claimed": tr("claimed"), "unverified": tr("unverified"),
            "refuted": tr("refuted")}.get(verification, verification or "")


def icon_path(event_type: str) -> str:
    """The SVG symbol of a type (a type of the user's own: the 'other' symbol)."""
    name = event_type if event_type in EVENT_TYPES else "other"
    return os.path.join(ICON_FOLDER, f"{name}.svg")


def display_days() -> int:
    """The display window of events, in days (a setting; at least 1)."""
    return max(1, int(EVENT_DISPLAY_DAYS.value()))


# -- style -----------------------------------------------------------------------
def _side_expression(which: int) -> str:
    cases = " ".join("WHEN \"side\" = {} THEN {}".format(QgsExpression.quotedString(side),
                                                         QgsExpression.quotedString(colours[which]))
                     for side, colours in SIDE_COLOURS.items())
    return "CASE {} ELSE {} END".format(cases, QgsExpression.quotedString(SIDE_COLOURS["unknown"][which]))


def _hollow_test() -> str:
    return "\"verification\" IN ({})".format(", ".join(QgsExpression.quotedString(v) for v in HOLLOW))


def _symbol(*layers) -> QgsMarkerSymbol:
    """A marker symbol owning ``layers`` (handed over to it)."""
    symbol = QgsMarkerSymbol()
    symbol.changeSymbolLayer(0, layers[0])
    for layer in layers[1:]:
        symbol.appendSymbolLayer(layer)
    return symbol


def _type_symbol(event_type: str) -> QgsMarkerSymbol:
    layer = QgsSvgMarkerSymbolLayer(icon_path(event_type), SYMBOL_SIZE_MM)
    fill, outline = SIDE_COLOURS["hostile"]
    layer.setFillColor(QColor(fill))
    layer.setStrokeColor(QColor(outline))
    layer.setStrokeWidth(0.3)
    layer.setDataDefinedProperty(QgsSymbolLayer.PropertyFillColor, QgsProperty.fromExpression(
        "CASE WHEN {} THEN '#ffffff' ELSE {} END".format(_hollow_test(), _side_expression(0))))
    layer.setDataDefinedProperty(QgsSymbolLayer.PropertyStrokeColor, QgsProperty.fromExpression(
        "CASE WHEN {} THEN {} ELSE {} END".format(_hollow_test(), _side_expression(0), _side_expression(1))))
    layer.setDataDefinedProperty(QgsSymbolLayer.PropertyStrokeWidth, QgsProperty.fromExpression(
        "CASE WHEN {} THEN 0.7 ELSE 0.3 END".format(_hollow_test())))
    return _symbol(layer)


def _ring(style) -> QgsSimpleMarkerSymbolLayer:
    ring = QgsSimpleMarkerSymbolLayer(QgsSimpleMarkerSymbolLayerBase.Circle, SYMBOL_SIZE_MM + 2.4)
    ring.setColor(QColor(0, 0, 0, 0))
    ring.setStrokeColor(QColor("#202020"))
    ring.setStrokeWidth(0.45)
    ring.setStrokeStyle(style)
    return ring


def _verification_rules() -> List[QgsRuleBasedRenderer.Rule]:
    """The key to the verification: what each looks like, in words. The
    unverified and refuted marks are drawn over the type symbol; filled and
    hollow are the type symbol itself (their key entries draw nothing)."""
    filled = _type_symbol("other")
    filled.symbolLayer(0).setDataDefinedProperty(QgsSymbolLayer.PropertyFillColor, QgsProperty())
    filled.symbolLayer(0).setDataDefinedProperty(QgsSymbolLayer.PropertyStrokeColor, QgsProperty())
    hollow = filled.clone()
    hollow.symbolLayer(0).setFillColor(QColor("#ffffff"))
    hollow.symbolLayer(0).setStrokeColor(QColor(SIDE_COLOURS["hostile"][0]))
    hollow.symbolLayer(0).setStrokeWidth(0.7)
    dashed = _symbol(_ring(Qt.DashLine))
    cross = QgsSimpleMarkerSymbolLayer(QgsSimpleMarkerSymbolLayerBase.Cross2, SYMBOL_SIZE_MM + 1.5)
    cross.setStrokeColor(QColor("#111111"))
    cross.setStrokeWidth(0.7)
    crossed = _symbol(cross)
    return [
        QgsRuleBasedRenderer.Rule(filled, 0, 0, "FALSE", tr("Confirmed: filled symbol")),
        QgsRuleBasedRenderer.Rule(hollow, 0, 0, "FALSE", tr("Claimed: hollow symbol")),
        QgsRuleBasedRenderer.Rule(dashed, 0, 0, "\"verification\" = 'unverified'",
                                  tr("Unverified: dashed ring")),
        QgsRuleBasedRenderer.Rule(crossed, 0, 0, "\"verification\" = 'refuted'",
                                  tr("Refuted: hollow and crossed")),
    ]


def events_renderer() -> QgsRuleBasedRenderer:
    """One rule per type (a type of the user's own draws as 'other'), then the
    verification marks; legend entries in words."""
    root = QgsRuleBasedRenderer.Rule(None)
    known = ", ".join(QgsExpression.quotedString(t) for t in EVENT_TYPES if t != "other")
    for event_type in EVENT_TYPES:
        if event_type == "other":
            expression = "\"type\" IS NULL OR \"type\" NOT IN ({})".format(known)
        else:
            expression = "\"type\" = {}".format(QgsExpression.quotedString(event_type))
        root.appendChild(QgsRuleBasedRenderer.Rule(_type_symbol(event_type), 0, 0, expression,
                                                   type_label(event_type)))
    for rule in _verification_rules():
        root.appendChild(rule)
    return QgsRuleBasedRenderer(root)


def strength_labeling() -> QgsVectorLayerSimpleLabeling:
    """A force estimate's strength beside it ("≈ 300"), plain text with a halo."""
    settings = QgsPalLayerSettings()
    settings.isExpression = True
    settings.fieldName = ("CASE WHEN \"type\" = 'force_estimate' AND \"strength\" IS NOT NULL "
                          "THEN '≈ ' || format_number(\"strength\", 0) END")
    settings.placement = QgsPalLayerSettings.OverPoint
    settings.quadOffset = QgsPalLayerSettings.QuadrantRight
    settings.xOffset = SYMBOL_SIZE_MM * 0.7
    settings.offsetUnits = QgsUnitTypes.RenderMillimeters
    settings.setFormat(haloed_text(8.0, "#111111", "Sans Serif"))
    return QgsVectorLayerSimpleLabeling(settings)


def style_events_layer(layer: QgsVectorLayer, days: Optional[int] = None) -> None:
    """Symbols, strength labels and the display window (``days``; the setting
    when None) on an events layer."""
    layer.setRenderer(events_renderer())
    layer.setLabeling(strength_labeling())
    layer.setLabelsEnabled(True)
    configure_window_time(layer, "event_day", display_days() if days is None else days)
    layer.setMapTipTemplate("")
    layer.setDisplayExpression("format_date(\"event_time\", 'yyyy-MM-dd HH:mm') || ' UTC · ' || "
                               "\"type\" || ' · ' || \"verification\"")


# -- the layer of a store --------------------------------------------------------
def layer_name(location: str) -> str:
    return tr("Events")


def open_events_layer(location: str) -> QgsVectorLayer:
    """A new (not yet added) styled, time-aware layer of the store's events;
    raises store.StoreError."""
    layer = store.events_layer(location, layer_name(location))
    layer.setCustomProperty(PROPERTY_EVENTS_STORE, normalized_store_path(location))
    style_events_layer(layer)
    return layer


def is_events_layer(layer, location: Optional[str] = None) -> bool:
    value = layer.customProperty(PROPERTY_EVENTS_STORE) if layer is not None else None
    if not value:
        return False
    return location is None or value == normalized_store_path(location)


def find_events_layer(project: QgsProject, location: str) -> Optional[QgsVectorLayer]:
    for layer in project.mapLayers().values():
        if is_events_layer(layer, location):
            return layer
    return None


def load_events_layer(location: str, project: Optional[QgsProject] = None) -> QgsVectorLayer:
    """The store's events layer in the project (on top of the Situation group),
    added when missing, reloaded otherwise; raises store.StoreError."""
    project = project or QgsProject.instance()
    layer = find_events_layer(project, location)
    if layer is not None:
        layer.reload()
        layer.triggerRepaint()
        return layer
    layer = open_events_layer(location)
    project.addMapLayer(layer, False)
    situation_group(project).insertLayer(0, layer)
    log.info("Events layer added from %s", store.public_location(location))
    return layer


def restyle_events_layers(project: Optional[QgsProject] = None) -> None:
    """Apply the display window setting (and the symbols) to every events layer."""
    project = project or QgsProject.instance()
    for layer in project.mapLayers().values():
        if is_events_layer(layer):
            style_events_layer(layer)
            layer.triggerRepaint()


# -- adding an event on the map -----------------------------------------------------
def event_feature(layer: QgsVectorLayer, event: Event, imported_from: str = "") -> QgsFeature:
    """A feature of the events layer for ``event`` (its fingerprint included)."""
    from .drawings import _attribute  # the one conversion of Python values to QGIS ones

    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt(f"POINT ({event.lon!r} {event.lat!r})"))
    values: Dict[str, object] = event.attributes(imported_from)
    for name, value in values.items():
        if layer.fields().indexOf(name) >= 0:
            feature[name] = _attribute(value)
    return feature
