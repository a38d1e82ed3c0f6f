"""The scale bar's words and the overview's labels are drawn in whole pixels at
the export's resolution (QGIS rounds their size): a product gives them a size
drawn at 7 pt or more at its DPI. Read from the layout's items and the
overview's layers; the pixel rounding is computed here."""

import datetime
import math

import pytest
from qgis.core import (
    QgsLayoutItemMap,
    QgsLayoutItemScaleBar,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsUnitTypes,
)

from situation_mapper.export.drawn_text import drawn_size_pt, readable_size_pt
from situation_mapper.export.layout_builder import OVERVIEW_ID, shipped_template_path
from situation_mapper.export.overview import world_map_layers
from situation_mapper.export.product import ProductSpec, build_first_page
from test_export_map import synthetic_project  # noqa: F401

MINIMUM_PT = 7.0


def drawn(size_pt, dpi):
    """Points of the whole number of pixels nearest to ``size_pt`` at ``dpi``."""
    pixels = math.floor(size_pt * dpi / 72.0 + 0.5)
    return pixels * 72.0 / dpi


def test_sizes_drawn_in_whole_pixels():
    assert drawn_size_pt(7.0, 200) == pytest.approx(19 * 72 / 200)  # 6.84 pt: too small
    assert readable_size_pt(7.0, 200) == pytest.approx(20 * 72 / 200)  # 7.2 pt
    assert readable_size_pt(7.0, 150) == 7.0  # 14.6 px drawn at 15 px: 7.2 pt
    assert readable_size_pt(7.0, 300) == pytest.approx(30 * 72 / 300)  # 29.2 px drawn at 29: raised to 30
    assert readable_size_pt(8.0, 200) == 8.0  # 22.2 px drawn at 22: 7.92 pt
    assert readable_size_pt(6.0, 96) == pytest.approx(10 * 72 / 96)  # below the minimum: raised
    for dpi in (60, 96, 150, 200, 300, 600):
        assert drawn(readable_size_pt(7.0, dpi), dpi) >= MINIMUM_PT - 1e-9, dpi


@pytest.mark.parametrize("dpi", [150, 200, 300])
def test_scale_bar_and_overview_labels_are_drawn_at_7_pt_or_more(synthetic_project, tmp_path, dpi):  # noqa: F811
    overview_layers = world_map_layers()
    if not overview_layers:
        pytest.skip("QGIS's world map is not installed")
    for layer in overview_layers:
        QgsProject.instance().addMapLayer(layer, False)
    spec = ProductSpec(output_path=str(tmp_path / "map.pdf"), days=[datetime.date(2025, 1, 1)],
                       template_path=shipped_template_path("standard", "A4 landscape"), dpi=dpi,
                       extent_wgs84=None, overview_layers=overview_layers)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    product = build_first_page(QgsProject.instance(), spec, context, QgsProcessingFeedback())
    try:
        layout = product.layout.layout
        bars = [item for item in layout.items() if isinstance(item, QgsLayoutItemScaleBar)]
        assert bars
        for bar in bars:
            text = bar.textFormat()
            assert text.sizeUnit() == QgsUnitTypes.RenderPoints
            assert drawn(text.size(), dpi) >= MINIMUM_PT - 1e-9, (dpi, text.size())
        overview = layout.itemById(OVERVIEW_ID)
        assert isinstance(overview, QgsLayoutItemMap)
        labelled = [layer for layer in overview.layers() if layer in overview_layers and layer.labelsEnabled()]
        assert len(labelled) == 2
        for layer in labelled:
            text = layer.labeling().settings().format()
            assert text.sizeUnit() == QgsUnitTypes.RenderPoints
            assert drawn(text.size(), dpi) >= MINIMUM_PT - 1e-9, (dpi, layer.name(), text.size())
        countries = next(layer for layer in labelled if layer.name() == "Countries")
        assert countries.labeling().settings().format().size() == 8.0  # drawn large enough: kept
    finally:
        product.release()
