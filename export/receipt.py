"""The receipt beside every map product, and the product's PDF metadata.

A newsroom reproduces a product months later: ``<output>.json`` (the product's
path with ``.json`` added, e.g. ``pokrovsk.pdf.json``) says what the map showed
(scale denominator, extent in WGS84, CRS, the figures and claims shown), what it
was made from (every input: file path with its SHA-256, or store location with
the store's schema version and row counts; never a password), every parameter
of the run (credentials removed) and the software versions (plugin, QGIS, GDAL,
PROJ). It is written atomically (infra/atomic_files.py).

Nothing is computed here: the layout, parameters, figures and claims are handed over.
"""

import configparser
import dataclasses
import datetime
import hashlib
import json
import os
import re
from typing import Dict, Iterable, List, Optional, Sequence

from osgeo import gdal, osr
from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDataSourceUri,
    QgsGeometry,
    QgsLayout,
    QgsLayoutItemMap,
    QgsMapLayer,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QVariant

from ..infra.atomic_files import AtomicWriteError, atomic_path
from ..infra.i18n import tr
from ..infra.log import log
from ..store import (
    StoreError,
    is_file_store,
    location_of_layer,
    open_table,
    public_location,
    validate,
)
from ..store.schema import TABLES

RECEIPT_FORMAT = "situation-mapper-receipt/1"
MAIN_MAP_IDS = ("main", "situation_map")  # the main map item's id (else the largest map item)
KEYWORD_VOCABULARY = "Situation Mapper"
PLUGIN_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WGS84 = "EPSG:4326"
HASH_CHUNK = 1 << 20

# credentials inside any text: password=... clauses, user:password@ in URLs, and keys naming secrets
_PASSWORD_CLAUSE = re.compile(r"\s*\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|\"[^\"]*\"|\S+)", re.IGNORECASE)
_URL_CREDENTIALS = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<user>[^/:@\s]*):(?P<secret>[^/@\s]*)@",
                              re.IGNORECASE)
_SECRET_KEYS = re.compile(r"pass(word)?|secret|token|api_?key", re.IGNORECASE)


def receipt_path(product_path: str) -> str:
    """``/x/pokrovsk.pdf`` -> ``/x/pokrovsk.pdf.json``."""
    return product_path + ".json"


# -- credentials ----------------------------------------------------------------------
def without_credentials(text: str) -> str:
    """``text`` with every password removed: a PostGIS location in its public
    form, ``password=...`` clauses left out, ``user:secret@`` in URLs cut to ``user@``."""
    text = str(text)
    if text.strip().lower().startswith(("postgres:", "postgresql:", "pg:")):
        text = public_location(text)
    text = _PASSWORD_CLAUSE.sub("", text)
    return _URL_CREDENTIALS.sub(lambda m: f"{m.group('scheme')}{m.group('user')}@", text)


def _layer_source(layer: QgsMapLayer) -> str:
    if layer.providerType() == "postgres":
        uri = QgsDataSourceUri(layer.source())
        uri.setPassword("")
        return without_credentials(uri.uri(False))
    return without_credentials(layer.source())


# -- JSON values ------------------------------------------------------------------------
def plain(value):
    """``value`` as JSON data: layers by name and public source, geometries as
    WKT, dates as ISO text, credentials removed from every text."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return without_credentials(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, QDate):
        return value.toString("yyyy-MM-dd") if value.isValid() else None
    if isinstance(value, QDateTime):
        return value.toString("yyyy-MM-ddTHH:mm:ss") if value.isValid() else None
    if isinstance(value, QVariant):
        return None if value.isNull() else plain(value.value())
    if isinstance(value, QgsMapLayer):
        return {"layer": value.name(), "source": _layer_source(value)}
    if isinstance(value, QgsRectangle):
        return [value.xMinimum(), value.yMinimum(), value.xMaximum(), value.yMaximum()]
    if isinstance(value, QgsPointXY):
        return [value.x(), value.y()]
    if isinstance(value, QgsGeometry):
        return value.asWkt(8)
    if isinstance(value, QgsCoordinateReferenceSystem):
        return value.authid() or value.toWkt()
    if isinstance(value, dict):
        return {str(k): ("" if _SECRET_KEYS.search(str(k)) else plain(v)) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain(dataclasses.asdict(value))
    if hasattr(value, "sink"):  # QgsProcessingOutputLayerDefinition
        return plain(value.sink.staticValue())
    if hasattr(value, "staticValue"):  # QgsProperty
        return plain(value.staticValue())
    return without_credentials(str(value))


def parameters_entry(parameters: Optional[Dict]) -> Dict:
    """Every parameter of the run as JSON data, credentials removed."""
    return plain(dict(parameters or {}))


# -- the map -------------------------------------------------------------------------
def main_map(layout) -> Optional[QgsLayoutItemMap]:
    """The layout's map item with id "main" (or "situation_map"), else its largest map item."""
    if layout is not None and not isinstance(layout, QgsLayout):
        layout = getattr(layout, "layout", None)  # a wrapper holding the layout (SituationLayout)
    if layout is None:
        return None
    maps = [item for item in layout.items() if isinstance(item, QgsLayoutItemMap)]
    for item_id in MAIN_MAP_IDS:
        for item in maps:
            if item.id() == item_id:
                return item
    if not maps:
        return None
    return max(maps, key=lambda item: item.rect().width() * item.rect().height())


def map_entry(layout, project: Optional[QgsProject] = None,
              extent_wgs84: Optional[QgsRectangle] = None) -> Dict:
    """map_scale (the denominator), extent_wgs84 [xmin, ymin, xmax, ymax] and
    crs of the layout's main map; without a map, the given WGS84 extent."""
    item = main_map(layout)
    if item is None:
        box = extent_wgs84
        return {"map_scale": None,
                "extent_wgs84": plain(box) if box is not None and not box.isEmpty() else None,
                "crs": WGS84 if box is not None else None}
    crs = item.crs()
    polygon = QgsGeometry.fromQPolygonF(item.visibleExtentPolygon())
    project = project or item.layout().project() or QgsProject.instance()
    transform = QgsCoordinateTransform(crs, QgsCoordinateReferenceSystem(WGS84), project.transformContext())
    box = transform.transformBoundingBox(polygon.boundingBox())
    return {
        "map_scale": int(round(item.scale())),
        "extent_wgs84": [round(v, 7) for v in plain(box)],
        "crs": crs.authid() or crs.toProj() or crs.toWkt(),
        "crs_wkt": crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED),
        "map_item": item.id() or item.displayName(),
    }


# -- inputs --------------------------------------------------------------------------
def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(HASH_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _Inputs:
    """The inputs of a product, each file hashed and each store described once."""

    def __init__(self):
        self.entries: List[Dict] = []
        self.hashes: Dict[str, str] = {}
        self.stores: Dict[str, Dict] = {}

    def file(self, path: str) -> Dict:
        path = os.path.abspath(path)
        if path not in self.hashes:
            self.hashes[path] = sha256_of(path)
        return {"path": path, "sha256": self.hashes[path], "bytes": os.path.getsize(path)}

    def store(self, location: str) -> Dict:
        shown = public_location(location)
        if shown in self.stores:
            return self.stores[shown]
        entry: Dict = {"location": shown}
        try:
            info = validate(location)
            entry["schema_version"] = info.schema_version
            counts = {}
            for table in TABLES:
                layer = open_table(location, table.name)
                if layer is not None:
                    counts[table.name] = layer.featureCount()
            entry["row_counts"] = counts
        except StoreError as error:
            entry["problem"] = without_credentials(str(error))
        if is_file_store(location) and os.path.isfile(location):
            entry.update(self.file(location))
        self.stores[shown] = entry
        return entry

    def add_layer(self, layer: QgsMapLayer) -> None:
        entry: Dict = {"name": layer.name(), "provider": layer.providerType()}
        store = location_of_layer(layer)
        if store:
            entry["store"] = self.store(store)["location"]
            path = layer.source().split("|")[0]
            if is_file_store(store):
                entry["path"] = os.path.abspath(path)
        else:
            entry["source"] = _layer_source(layer)
            path = layer.source().split("|")[0]
            if layer.providerType() in ("ogr", "gdal", "delimitedtext") and os.path.isfile(path):
                entry.update(self.file(path))
            elif layer.providerType() == "delimitedtext":
                local = path[len("file://"):] if path.startswith("file://") else path
                if os.path.isfile(local.split("?")[0]):
                    entry.update(self.file(local.split("?")[0]))
        if isinstance(layer, QgsVectorLayer):
            if layer.subsetString():
                entry["subset"] = layer.subsetString()
            entry["features"] = layer.featureCount()
        if any(e.get("name") == entry["name"] and e.get("source", e.get("store")) ==
               entry.get("source", entry.get("store")) and e.get("subset") == entry.get("subset")
               for e in self.entries):
            return
        self.entries.append(entry)

    def add_parameter_files(self, parameters: Dict) -> None:
        """Files named by parameters (a project, a template, a folder's files are not
        layers): hashed as inputs, except the run's outputs."""
        for name, value in (parameters or {}).items():
            if name.upper() == "OUTPUT" or not isinstance(value, str):
                continue
            path = value.split("|")[0]
            if path and os.path.isfile(path) and not any(e.get("path") == os.path.abspath(path)
                                                         for e in self.entries):
                self.entries.append(dict({"parameter": name}, **self.file(path)))


def inputs_entry(layers: Iterable[QgsMapLayer] = (), parameters: Optional[Dict] = None) -> Dict:
    """``{"layers": [...], "stores": [...], "files": [...]}``: every layer with
    its source (store location, or file with SHA-256), every store once with its
    schema version and row counts, every file a parameter names."""
    inputs = _Inputs()
    for layer in layers:
        if layer is not None:
            inputs.add_layer(layer)
    layer_entries = list(inputs.entries)
    inputs.add_parameter_files(parameters or {})
    return {"layers": layer_entries, "files": inputs.entries[len(layer_entries):],
            "stores": list(inputs.stores.values())}


# -- figures, claims, versions -------------------------------------------------------------
def figures_entry(figures, days: Sequence[datetime.date]) -> Dict:
    """The figures as the product's table shows them, per day, with what was not available."""
    if figures is None:
        return {"headers": [], "days": {}, "not_available": []}
    return {
        "headers": list(figures.headers()),
        "days": {day.isoformat(): figures.table_for(day) for day in days},
        "rows": [plain(row) for day in days for row in figures.rows_for(day)],
        "not_available": list(figures.unavailable),
        "chart": figures.chart.receipt_entry() if getattr(figures, "chart", None) is not None else None,
    }


def plugin_version() -> str:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(os.path.join(PLUGIN_ROOT, "metadata.txt"), encoding="utf-8")
        return parser.get("general", "version", fallback="")
    except (OSError, configparser.Error):
        return ""


def proj_version() -> str:
    try:
        return "{}.{}.{}".format(osr.GetPROJVersionMajor(), osr.GetPROJVersionMinor(),
                                 osr.GetPROJVersionMicro())
    except AttributeError:  # a GDAL without the PROJ version calls
        from qgis.core import QgsProjUtils

        return "{}.{}".format(QgsProjUtils.projVersionMajor(), QgsProjUtils.projVersionMinor())


def versions_entry() -> Dict[str, str]:
    return {"plugin": plugin_version(), "qgis": Qgis.QGIS_VERSION,
            "gdal": gdal.VersionInfo("RELEASE_NAME"), "proj": proj_version()}


# -- the receipt ------------------------------------------------------------------------------
def write_receipt(product_path: str, layout=None, parameters: Optional[Dict] = None, figures=None,
                  days: Sequence[datetime.date] = (), claims: Sequence = (),
                  layers: Iterable[QgsMapLayer] = (), files: Sequence[str] = (),
                  project: Optional[QgsProject] = None, extent_wgs84: Optional[QgsRectangle] = None,
                  title: str = "") -> str:
    """Write ``<product_path>.json`` atomically and return its path.

    ``layout``: the product's layout (its main map gives scale, extent and CRS;
    None for a product without a map frame, such as a KMZ: then ``extent_wgs84``);
    ``parameters``: the run's parameters; ``figures``: the export's Figures;
    ``claims``: the claims shown (any JSON-able rows or dataclasses); ``layers``:
    the layers the product was made from; ``files``: every file written.
    Raises AtomicWriteError when the receipt cannot be written."""
    days = sorted(days)
    receipt = {
        "format": RECEIPT_FORMAT,
        "product": os.path.abspath(product_path),
        "files": [os.path.abspath(f) for f in (files or [product_path])],
        "title": title,
        "days": [day.isoformat() for day in days],
        "written": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
    }
    receipt.update(map_entry(layout, project, extent_wgs84))
    receipt["figures"] = figures_entry(figures, days)
    receipt["claims"] = plain(list(claims or []))
    receipt["inputs"] = inputs_entry(layers, parameters)
    receipt["parameters"] = parameters_entry(parameters)
    receipt["versions"] = versions_entry()
    path = receipt_path(product_path)
    try:
        with atomic_path(path) as temporary:
            with open(temporary, "w", encoding="utf-8") as stream:
                json.dump(receipt, stream, ensure_ascii=False, indent=2, sort_keys=False)
                stream.write("\n")
    except OSError as error:
        raise AtomicWriteError(tr("Cannot write the receipt '{}': {}.").format(
            path, error.strerror or error)) from error
    log.info("receipt written: %s", path)
    return path


# -- PDF metadata ---------------------------------------------------------------------------
def product_subject(days: Sequence[datetime.date], subtitle: str = "") -> str:
    """"Situation as of 2025-11-20" (or "from A to B"), then the subtitle."""
    days = sorted(days)
    if not days:
        text = tr("Situation map")
    elif len(days) == 1:
        text = tr("Situation as of {}").format(days[0].isoformat())
    else:
        text = tr("Situation from {} to {}").format(days[0].isoformat(), days[-1].isoformat())
    return text + (" - " + subtitle if subtitle else "")


def set_pdf_metadata(project: QgsProject, title: str, days: Sequence[datetime.date] = (),
                     subtitle: str = "", keywords: Sequence[str] = ()) -> None:
    """Title, subject and keywords of the PDF a layout of ``project`` exports
    (QgsLayoutExporter writes the project's metadata: title, abstract as the
    subject, keywords, author). Give the export's own copy of the project."""
    metadata = project.metadata()
    metadata.setTitle(title or tr("Situation map"))
    metadata.setAbstract(product_subject(days, subtitle))
    words = [tr("situation map")] + [day.isoformat() for day in sorted(days)]
    words += [word for word in keywords if word and word not in words]
    metadata.setKeywords({KEYWORD_VOCABULARY: words})
    project.setMetadata(metadata)
