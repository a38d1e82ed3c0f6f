"""The Export tab's basemap, driven like a user: none by default, OpenStreetMap
with its attribution said, or any XYZ URL with the attribution typed."""

from test_export_panel import panel  # noqa: F401 (a fixture)

OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def choose(panel, label):  # noqa: F811
    panel.basemapCombo.setCurrentIndex(panel.basemapCombo.findText(label))


def test_no_basemap_by_default(panel):  # noqa: F811
    assert panel.basemapCombo.currentText() == "None"
    parameters = panel.parameters()
    assert "BASEMAP" not in parameters and "BASEMAP_ATTRIBUTION" not in parameters
    assert not panel.basemapUrlEdit.isEnabled() and not panel.basemapAttributionEdit.isEnabled()


def test_openstreetmap_offers_its_url_and_attribution(panel):  # noqa: F811
    choose(panel, "OpenStreetMap")
    assert panel.basemapUrlEdit.text() == OSM and not panel.basemapUrlEdit.isEnabled()
    assert panel.basemapAttributionEdit.placeholderText() == "© OpenStreetMap contributors"
    assert panel.parameters()["BASEMAP"] == OSM
    assert "BASEMAP_ATTRIBUTION" not in panel.parameters()  # the algorithm says OpenStreetMap's own
    assert panel.basemap_spec() == {"basemap_url": OSM, "basemap_attribution": "© OpenStreetMap contributors"}


def test_other_tiles_take_the_url_and_attribution_typed(panel):  # noqa: F811
    choose(panel, "Other XYZ tiles (URL)")
    assert panel.basemapUrlEdit.isEnabled()
    panel.basemapUrlEdit.setText(" https://tiles.example.org/{z}/{x}/{y}.png ")
    panel.basemapAttributionEdit.setText("© Example tiles")
    parameters = panel.parameters()
    assert parameters["BASEMAP"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert parameters["BASEMAP_ATTRIBUTION"] == "© Example tiles"
    panel.basemapUrlEdit.setText("not a tile url")
    assert panel.basemap_spec() == {}  # the preview leaves it out; the export says why
    choose(panel, "None")
    assert "BASEMAP" not in panel.parameters()
