"""The overview inset's context: the country and its regions, from the world
map QGIS itself ships (``resources/data/world_map.gpkg``), so an export needs
no network and no layer of the user's."""

import os
from typing import List

from qgis.core import (
    QgsApplication,
    QgsFillSymbol,
    QgsPalLayerSettings,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)

from ..infra.gdal_errors import QuietGdal
from ..infra.i18n import tr
from ..infra.log import log
from ..layers.label_text import haloed_text

WORLD_MAP = os.path.join("resources", "data", "world_map.gpkg")
COUNTRIES, REGIONS = "countries", "states_provinces"
REGION_LABEL_PT = 7.0


def world_map_path() -> str:
    return os.path.join(QgsApplication.pkgDataPath(), WORLD_MAP)


def _label(layer: QgsVectorLayer, field: str, size_pt: float, colour: str, bold: bool = False,
           priority: int = 5):
    settings = QgsPalLayerSettings()
    settings.priority = priority  # the country's name before its regions' names
    settings.fieldName = field
    settings.placement = QgsPalLayerSettings.OverPoint if hasattr(QgsPalLayerSettings, "OverPoint") \
        else settings.placement
    settings.setFormat(haloed_text(size_pt, colour, "DejaVu Sans", bold))
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def world_map_layers() -> List[QgsVectorLayer]:
    """Regions (outlined, labelled) over countries (filled, labelled), top first;
    [] with a log line when the world map is not installed."""
    path = world_map_path()
    if not os.path.isfile(path):
        log.warning("No world map at %s: the overview shows no country", path)
        return []
    with QuietGdal():  # QGIS's own world map has dates GDAL warns about ("Non-conformant content")
        regions = QgsVectorLayer(f"{path}|layername={REGIONS}", tr("Regions"), "ogr")
        countries = QgsVectorLayer(f"{path}|layername={COUNTRIES}", tr("Countries"), "ogr")
    if not regions.isValid() or not countries.isValid():
        log.warning("The world map %s cannot be read: the overview shows no country", path)
        return []
    countries.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
        {"color": "242,239,233", "outline_color": "90,90,90", "outline_width": "0.35"})))
    regions.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
        {"style": "no", "outline_color": "160,160,160", "outline_width": "0.15",
         "outline_style": "dash"})))
    _label(regions, "name", REGION_LABEL_PT, "#666666", priority=3)
    _label(countries, "name", REGION_LABEL_PT + 1, "#333333", bold=True, priority=10)
    return [regions, countries]
