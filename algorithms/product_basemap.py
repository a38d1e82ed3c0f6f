"""The optional basemap of ``situationmapper:exportmap``: BASEMAP (an XYZ tile
URL template) and BASEMAP_ATTRIBUTION (empty: the source's own, e.g.
"© OpenStreetMap contributors" for OpenStreetMap's tiles).

Mixed into :class:`~.export_map.ExportMapAlgorithm`, which provides
``addParameter`` and ``parameterAsString``.
"""

from qgis.core import QgsProcessingException, QgsProcessingParameterString

from ..export.basemap import OSM_URL, BasemapError, check_basemap_url, default_attribution
from ..infra.i18n import tr

HELP = (
    "BASEMAP (optional): an XYZ tile URL template drawn under the situation, e.g. "
    + OSM_URL + "; empty: no basemap. BASEMAP_ATTRIBUTION: what the tiles' licence asks "
    "to be said (empty: \"© OpenStreetMap contributors\" for OpenStreetMap's tiles); it is "
    "added to the sources block and the receipt. Tiles are fetched while the page is drawn: "
    "without network they are missing and the product is written all the same.\n"
)


class ProductBasemap:
    """BASEMAP and BASEMAP_ATTRIBUTION: declared, read and checked."""

    BASEMAP = "BASEMAP"
    BASEMAP_ATTRIBUTION = "BASEMAP_ATTRIBUTION"

    def addBasemapParameters(self):  # noqa: N802
        self.addParameter(QgsProcessingParameterString(
            self.BASEMAP, tr("Basemap: XYZ tile URL (e.g. {}; empty: none)").format(OSM_URL), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.BASEMAP_ATTRIBUTION, tr("Basemap attribution (empty: the tile source's own)"), optional=True))

    def basemap(self, parameters, context):
        """``(url, attribution)`` of the basemap, ("", "") for none; raises
        QgsProcessingException for a URL that is no XYZ template."""
        url = self.parameterAsString(parameters, self.BASEMAP, context).strip()
        if not url:
            return "", ""
        try:
            url = check_basemap_url(url)
        except BasemapError as error:
            raise QgsProcessingException(str(error)) from error
        attribution = self.parameterAsString(parameters, self.BASEMAP_ATTRIBUTION, context).strip()
        return url, attribution or default_attribution(url)

    def with_basemap_attribution(self, parameters, attribution):
        """The run's parameters for its receipt, with the attribution said (when the
        source's own was taken)."""
        if not attribution:
            return parameters
        return dict(parameters, **{self.BASEMAP_ATTRIBUTION: attribution})
