"""The Export tab's basemap rows: none (the default), OpenStreetMap, or any XYZ
tile URL the user gives, with its attribution (empty: the source's own).

Mixed into :class:`~.export_panel.ExportPanel`, which provides ``formLayout``
and ``pageCombo``.
"""

from typing import Dict

from qgis.PyQt.QtWidgets import QComboBox, QLineEdit

from ..export.basemap import OSM_URL, check_basemap_url, default_attribution, BasemapError
from ..infra.i18n import tr

# (data, label): what the basemap combo offers
BASEMAP_CHOICES = (("", "None"), (OSM_URL, "OpenStreetMap"), ("other", "Other XYZ tiles (URL)"))


class ExportBasemap:
    """The basemap choice of the Export tab."""

    def _build_basemap(self):
        self.basemapCombo = QComboBox(self)
        self.basemapCombo.setObjectName("basemapCombo")
        self.basemapCombo.setToolTip(tr(
            "Tiles drawn under the situation. They are fetched when the page is drawn: without "
            "network they are missing and the product is written all the same. Their attribution "
            "is added to the sources and the receipt."))
        for data, label in BASEMAP_CHOICES:
            self.basemapCombo.addItem(tr(label), data)
        self.basemapUrlEdit = QLineEdit(self)
        self.basemapUrlEdit.setObjectName("basemapUrlEdit")
        self.basemapUrlEdit.setPlaceholderText("https://…/{z}/{x}/{y}.png")
        self.basemapUrlEdit.setToolTip(tr("The XYZ tile URL template, with {z}, {x} and {y}, of other tiles."))
        self.basemapAttributionEdit = QLineEdit(self)
        self.basemapAttributionEdit.setObjectName("basemapAttributionEdit")
        self.basemapAttributionEdit.setToolTip(tr(
            "What the tiles' licence asks to be said; empty: the source's own (OpenStreetMap's for its tiles)."))
        row = self.formLayout.getWidgetPosition(self.pageCombo)[0]
        self.formLayout.insertRow(row, tr("Basemap"), self.basemapCombo)
        self.formLayout.insertRow(row + 1, tr("Tile URL"), self.basemapUrlEdit)
        self.formLayout.insertRow(row + 2, tr("Attribution"), self.basemapAttributionEdit)
        self.basemapCombo.currentIndexChanged.connect(self._follow_basemap)
        self.basemapUrlEdit.textChanged.connect(self._follow_basemap_url)
        self._follow_basemap()

    def basemap_url(self) -> str:
        """The tile URL template chosen, "" for none."""
        data = self.basemapCombo.currentData()
        return self.basemapUrlEdit.text().strip() if data == "other" else (data or "")

    def _follow_basemap(self, *_args):
        data = self.basemapCombo.currentData()
        self.basemapUrlEdit.setEnabled(data == "other")
        if data != "other":
            self.basemapUrlEdit.setText(data or "")
        self.basemapAttributionEdit.setEnabled(bool(data))
        self._follow_basemap_url()

    def _follow_basemap_url(self, *_args):
        self.basemapAttributionEdit.setPlaceholderText(
            default_attribution(self.basemap_url()) or tr("what the tiles' licence asks to be said"))

    def basemap_parameters(self) -> Dict:
        """BASEMAP and BASEMAP_ATTRIBUTION of ``situationmapper:exportmap`` ({} for none)."""
        url = self.basemap_url()
        if not url:
            return {}
        parameters = {"BASEMAP": url}
        if self.basemapAttributionEdit.text().strip():
            parameters["BASEMAP_ATTRIBUTION"] = self.basemapAttributionEdit.text().strip()
        return parameters

    def basemap_spec(self) -> Dict:
        """``basemap_url`` and ``basemap_attribution`` of a ProductSpec for the
        preview ({} for none, or a URL that is no tile template)."""
        url = self.basemap_url()
        try:
            url = check_basemap_url(url) if url else ""
        except BasemapError:
            return {}
        if not url:
            return {}
        return {"basemap_url": url,
                "basemap_attribution": self.basemapAttributionEdit.text().strip() or default_attribution(url)}
