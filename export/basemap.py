"""An optional basemap under a map product: an XYZ tile source the user gives
(e.g. OpenStreetMap), drawn under the situation in the main map, its
attribution said in the sources block and the receipt.

Nothing depends on the network: the tiles are fetched while the page is drawn,
and tiles that cannot be fetched (no network, a server that does not answer)
are simply missing; the product is written all the same.
"""

from typing import Optional
from urllib.parse import urlparse

from qgis.core import QgsDataSourceUri, QgsRasterLayer

from ..infra.i18n import tr

OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "© OpenStreetMap contributors"
# What the Export tab offers: (label, URL template); "" is no basemap.
BASEMAP_CHOICES = (("none", ""), ("OpenStreetMap", OSM_URL))
BASEMAP_PROPERTY = "situation_mapper/basemap"  # marks the basemap layer (no legend entry, no extent)
MAX_ZOOM = 19


class BasemapError(ValueError):
    """A basemap URL that is no XYZ template."""


def check_basemap_url(url: str) -> str:
    """``url`` stripped, when it is an XYZ URL template (http, https or file, with
    {x}, {y} or {-y}, and {z}); raises BasemapError saying what is missing."""
    url = (url or "").strip()
    scheme = urlparse(url).scheme.lower()
    if scheme not in ("http", "https", "file"):
        raise BasemapError(tr("BASEMAP '{}' is not an XYZ tile URL: it must start with http://, "
                              "https:// or file://.").format(url))
    missing = [key for key in ("{x}", "{z}") if key not in url]
    if "{y}" not in url and "{-y}" not in url:
        missing.append("{y}")
    if missing:
        raise BasemapError(tr("BASEMAP '{}' is not an XYZ tile URL template: it lacks {} (e.g. {}).").format(
            url, ", ".join(missing), OSM_URL))
    return url


def default_attribution(url: str) -> str:
    """The attribution a tile source requires when the user gives none:
    OpenStreetMap's for its tile servers, else ""."""
    host = (urlparse(url or "").hostname or "").lower()
    if host == "openstreetmap.org" or host.endswith(".openstreetmap.org"):
        return OSM_ATTRIBUTION
    return ""


def basemap_name(url: str) -> str:
    """The basemap's name: OpenStreetMap for its tiles, else the server's name."""
    if default_attribution(url) == OSM_ATTRIBUTION:
        return "OpenStreetMap"
    return urlparse(url).hostname or tr("local tiles")


def basemap_layer(url: str, attribution: str = "") -> Optional[QgsRasterLayer]:
    """An XYZ raster layer of ``url`` (checked by :func:`check_basemap_url`), its
    attribution in its metadata rights; None when QGIS cannot make the layer.
    Creating it fetches nothing."""
    uri = QgsDataSourceUri()
    uri.setParam("type", "xyz")
    uri.setParam("url", check_basemap_url(url))
    uri.setParam("zmin", "0")
    uri.setParam("zmax", str(MAX_ZOOM))
    layer = QgsRasterLayer(bytes(uri.encodedUri()).decode("utf-8"), tr("Basemap ({})").format(basemap_name(url)),
                           "wms")
    if not layer.isValid():
        return None
    metadata = layer.metadata()
    if attribution:
        metadata.setRights([attribution])
    layer.setMetadata(metadata)
    layer.setCustomProperty(BASEMAP_PROPERTY, True)
    return layer


def basemap_source_line(url: str, attribution: str) -> str:
    """The sources block's line of the basemap: "Basemap (OpenStreetMap): © OpenStreetMap contributors"."""
    said = attribution or tr("attribution not stated ({})").format(urlparse(url).hostname or url)
    return tr("Basemap ({})").format(basemap_name(url)) + ": " + said


def is_basemap(layer) -> bool:
    return bool(layer is not None and layer.customProperty(BASEMAP_PROPERTY))
