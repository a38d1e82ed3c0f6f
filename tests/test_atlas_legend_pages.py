"""An atlas's pages each list exactly the legend entries of their day: the legend
is filtered once per page and its fit reused between pages, and neither may carry
one day's entries over to another day's page.

Hand-made days (tests/test_export_map.py's square): on 2025-01-01 only occupied
ground, from 2025-01-02 only contested ground; a sighting (a point inside the
map) exists on 2025-01-02 only. Each page's words (pdftotext) must name the
entries of its day and no others.
"""

import re
import subprocess  # nosec B404 - runs poppler's pdftotext

import pytest
from qgis.core import (
    QgsFeature,
    QgsField,
    QgsGeometry,
    QgsMarkerSymbol,
    QgsProject,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
    QgsVectorLayerTemporalProperties,
)
from qgis.PyQt.QtCore import QVariant

from test_export_map import export, needs_poppler, pdf_pages, pdf_text, synthetic_project  # noqa: F401

SIGHTING = "Sighting of the day"


def sighting_layer():
    """One point inside the square, valid on 2025-01-02 only."""
    layer = QgsVectorLayer("Point?crs=EPSG:4326", SIGHTING, "memory")
    layer.dataProvider().addAttributes([QgsField("valid_from", QVariant.String),
                                        QgsField("valid_to", QVariant.String)])
    layer.updateFields()
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt("POINT(37.05 48.05)"))
    feature["valid_from"], feature["valid_to"] = "2025-01-02", "2025-01-03"
    layer.dataProvider().addFeatures([feature])
    layer.setRenderer(QgsSingleSymbolRenderer(QgsMarkerSymbol.createSimple(
        {"name": "star", "color": "0,0,255", "size": "4"})))
    properties = layer.temporalProperties()
    properties.setMode(QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromFields)
    properties.setStartField("valid_from")
    properties.setEndField("valid_to")
    properties.setIsActive(True)
    return layer


def legend_text(path, page):
    """The words of a page's legend, in reading order: the right column (x >= 195 mm
    on the shipped A4 landscape template) from the heading 'Legend' down to the
    figures table (its first heading 'Area') or the sources block."""
    boxes = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(path), "-"],  # nosec B603
                           capture_output=True, text=True, check=True).stdout
    mm = 72 / 25.4
    words = [(float(y) / mm, float(x) / mm, word) for x, y, word in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]+)</word>', boxes)]
    column = sorted((round(y, 1), x, word) for y, x, word in words if x >= 195)
    top = next(y for y, _x, word in column if word == "Legend")
    bottom = min([y for y, _x, word in column if y > top and word in ("Area", "Sources")] or [300.0])
    return " ".join(word for y, _x, word in column if top < y < bottom)


@needs_poppler
def test_each_atlas_page_lists_the_legend_entries_of_its_day(synthetic_project, tmp_path):  # noqa: F811
    QgsProject.instance().addMapLayer(sighting_layer())
    days = ("2025-01-01", "2025-01-02", "2025-01-05", "2025-01-06")
    result = export(tmp_path, "atlas.pdf", DATES=",".join(days), AREA=synthetic_project["area"], DPI=60)
    assert result["PAGES"] == 4 and pdf_pages(result["OUTPUT"]) == 4
    expected = {  # entry -> the days whose page lists it
        "Occupied ground": {"2025-01-01"},
        "Contested ground": {"2025-01-02", "2025-01-05", "2025-01-06"},
        SIGHTING: {"2025-01-02"},
    }
    for page, day in enumerate(days, start=1):
        assert f"as of {day}" in pdf_text(result["OUTPUT"], page)
        text = legend_text(result["OUTPUT"], page)
        for entry, shown_on in expected.items():
            assert (entry in text) == (day in shown_on), (page, day, entry)
        assert "Far away events" not in text  # outside the map: on no page


@needs_poppler
def test_a_single_day_after_an_atlas_day_lists_its_own_entries(synthetic_project, tmp_path):  # noqa: F811
    """Days in the other order (the sighting's day first): the next page drops it."""
    QgsProject.instance().addMapLayer(sighting_layer())
    result = export(tmp_path, "atlas2.pdf", DATES="2025-01-02,2025-01-03", AREA=synthetic_project["area"],
                    DPI=60)
    first, second = (legend_text(result["OUTPUT"], page) for page in (1, 2))
    assert SIGHTING in first and SIGHTING not in second
    assert "Contested ground" in first and "Contested ground" in second
    assert "Occupied ground" not in first and "Occupied ground" not in second


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])
