"""How ground gained and lost looks on the map, wherever it is drawn (the
Situation tab's "compare with", the Events tab's "why the line moved"): gained
hostile ground red, lost blue, translucent and outlined; each change labelled
with its area, and with how many events explain it when the layer counts them."""

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsPalLayerSettings,
    QgsRendererCategory,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)


from ..infra.i18n import tr
from .label_text import haloed_text

# set on a layer that follows the map's own day (the Situation tab's "compare
# with"): a map product of another day leaves it out (it shows its own COMPARE_DATE)
PROPERTY_FOLLOWS_CANVAS_DAY = "situation_mapper/compare_layer"

CHANGE_COLOURS = {"gained": "#d7301f", "lost": "#2b7bba"}


def change_label(value: str) -> str:
    return tr("Ground gained") if value == "gained" else tr("Ground lost")


def style_changes(layer: QgsVectorLayer) -> None:
    """Style a layer with a ``change`` field ('gained' or 'lost'), labelled with
    ``area_km2`` ("+1.2 km²" / "−0.4 km²") and, when it has ``event_count``,
    the events that explain it ("3 events"). Plain-text labels with a halo."""
    categories = []
    for value, colour in CHANGE_COLOURS.items():
        symbol = QgsFillSymbol.createSimple({"color": colour, "outline_color": colour,
                                             "outline_width": "0.5", "style": "solid"})
        symbol.setOpacity(0.45)
        categories.append(QgsRendererCategory(value, symbol, change_label(value)))
    layer.setRenderer(QgsCategorizedSymbolRenderer("change", categories))
    names = layer.fields().names()
    parts = []
    if "area_km2" in names:
        parts.append("CASE WHEN \"area_km2\" >= 0.05 THEN (CASE WHEN \"change\" = 'lost' THEN '−' ELSE '+' END) "
                     "|| format_number(\"area_km2\", 1) || ' km²' END")
    if "event_count" in names:
        parts.append("CASE WHEN \"event_count\" = 1 THEN '1 event' "
                     "WHEN \"event_count\" > 1 THEN format_number(\"event_count\", 0) || ' events' END")
    if not parts:
        return
    settings = QgsPalLayerSettings()
    settings.isExpression = True
    # concat() leaves out NULLs; ' · ' || NULL is NULL
    settings.fieldName = parts[0] if len(parts) == 1 else "concat({}, ' · ' || ({}))".format(parts[0], parts[1])
    settings.setFormat(haloed_text(8.0))
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)
