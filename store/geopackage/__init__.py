"""The GeoPackage backend of the situation store: one file per situation.

Tables (see ``store/schema.py``): ``control`` (MultiPolygon, EPSG:4326, spatial
index, one row per snapshot file x status x source), ``store_info`` (key/value,
``schema_version``) and ``sources`` (source, licence, url, attribution: the
sources block of a map product).

Modules: ``tables.py`` (tables from the registry, checks, upgrade steps),
``update.py`` (:class:`StoreUpdate`), ``time_columns.py`` (the control table's
validity as indexed date-times, kept right by triggers, so that a day's display
reads that day's rows only). Reading goes through QGIS providers (:func:`control_layer`), so a PostGIS store
reads the same way. Writing a GeoPackage goes through OGR with one transaction,
on a temporary copy next to the store that replaces it only when everything
succeeded (:class:`StoreUpdate`): a failed or cancelled write leaves the store
byte-for-byte unchanged. No SQL is written anywhere in this module (the
constant statements of ``time_columns.py`` are the backend's only SQL).
"""

import datetime
import os
from dataclasses import replace
from typing import Dict, List

from osgeo import gdal
from qgis.core import QgsVectorLayer

from ...infra.i18n import tr
from ...infra.log import log
from ..records import ControlLayerError, check_control_layer, read_records
from ..schema import CONTROL_TABLE, SCHEMA_VERSION, SOURCE_INFO_FIELDS, SOURCES_TABLE  # noqa: F401
from ..types import SeriesSummary, SourceInfo, StoredRow, StoreError, StoreInfo  # noqa: F401
from .tables import (  # noqa: F401
    UPGRADES,
    _add_missing_fields,
    _QuietGdal,
    _read_store_info,
    _source_of,
    ensure_drawing_tables,
    inspect,
    inspect_store,
)
from .update import StoreUpdate
from .writer_lock import held_by_this_thread, lock_path, writer_lock  # noqa: F401

TIME_COLUMNS_WAIT_S = 2.0
"""How long opening an older store waits for another writer before it reads the
store without its date-time columns (this time) instead of adding them (seconds)."""


def upgrade(path: str, version: int) -> None:
    """Bring the store at ``path`` from schema ``version`` to this plugin's, in one
    transaction (a :class:`StoreUpdate`: a failure leaves the file byte for byte
    as it was); the new version is written in store_info."""
    try:
        update = StoreUpdate(path)
        update.commit()
    except StoreError as error:
        raise StoreError(tr("'{}' could not be upgraded from store schema {} to {}: {} (the file "
                            "was not changed).").format(path, version, SCHEMA_VERSION, error)) from error
    log.info("store %s upgraded from schema %s to %s", path, version, SCHEMA_VERSION)


def create(path: str, overwrite: bool = False) -> str:
    """Create an empty store at ``path`` (GeoPackage); returns ``path``.

    Refuses an existing file unless ``overwrite``; written to a temporary file
    first and moved into place, so a failure leaves no half-made store.
    """
    if os.path.exists(path) and not overwrite:
        raise StoreError(tr("'{}' already exists; choose another file or overwrite it.").format(path))
    update = StoreUpdate(path, create_new=True)
    update.commit()
    return path


def validate(path: str) -> StoreInfo:
    """Check that ``path`` is a situation store this version can use, upgrading
    a store of an older schema in place first (a read-only one is read as it is);
    a control table without its date-time columns gains them
    (:func:`add_time_columns`).

    Raises StoreError saying what is wrong (no file, not a GeoPackage, no control
    table or a required field missing, a schema newer than this plugin, a failed
    upgrade).
    """
    info, lacks_time = inspect_store(path)
    if info.schema_version < SCHEMA_VERSION:
        if not _writable(path):
            # the older schema is read as it is (every version adds, none removes)
            log.info("store %s (schema %s) is read-only: not upgraded", path, info.schema_version)
        else:
            upgrade(path, info.schema_version)
            info = replace(info, schema_version=SCHEMA_VERSION)
    elif lacks_time:
        add_time_columns(path)
    return info


def add_time_columns(path: str) -> None:
    """Give the control table of the store at ``path`` (of this schema) its
    date-time columns, their index and triggers (``time_columns.py``), in one
    transaction; a read-only store, or one another writer holds for more than
    :data:`TIME_COLUMNS_WAIT_S`, is read as it is this time (its layers then
    filter the days on the desktop)."""
    if not _writable(path):
        log.info("store %s is read-only: its layers filter the days on the desktop", path)
        return
    if held_by_this_thread(path):
        return  # opened inside this thread's own update, which adds them when it commits
    try:
        update = StoreUpdate(path, timeout=TIME_COLUMNS_WAIT_S)  # adds them, in its transaction
        update.commit()
    except StoreError as error:
        log.warning("store %s: the date-time columns of its control table were not added (%s); "
                    "its layers filter the days on the desktop", path, error)


def _writable(path: str) -> bool:
    folder = os.path.dirname(os.path.abspath(path)) or "."
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


open_store = validate
"""Alias of :func:`validate`: open a store, check it, and describe it."""


def store_info(path: str) -> Dict[str, str]:
    """The ``store_info`` key/value pairs of a store."""
    validate(path)
    with _QuietGdal():
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY, allowed_drivers=["GPKG"])
        return _read_store_info(dataset)


def control_layer(path: str, name: str = "control") -> QgsVectorLayer:
    """The control table of the store at ``path`` as a QgsVectorLayer (read through
    the QGIS OGR provider); raises StoreError when it is not a store."""
    validate(path)
    layer = QgsVectorLayer(control_uri(path), name, "ogr")
    if not layer.isValid():
        raise StoreError(tr("Cannot open a control layer from '{}'.").format(path))
    try:
        check_control_layer(layer)
    except ControlLayerError as error:
        raise StoreError(str(error)) from error
    return layer


def control_uri(path: str) -> str:
    """The OGR URI of a GeoPackage store's control table."""
    return table_uri(path, CONTROL_TABLE)


def table_uri(path: str, table: str) -> str:
    """The OGR URI of one table of a GeoPackage store."""
    return f"{path}|layername={table}"


def list_series(path_or_layer) -> List[SeriesSummary]:
    """Every (source, status) series of a store path or control layer, sorted by
    source then status, with first/last day and snapshot count."""
    layer = path_or_layer if isinstance(path_or_layer, QgsVectorLayer) else control_layer(path_or_layer)
    grouped: Dict[tuple, List[datetime.date]] = {}
    for record in read_records(layer):
        grouped.setdefault((record.source, record.status), []).append(record.valid_from)
    return [SeriesSummary(source, status, min(days), max(days), len(set(days)))
            for (source, status), days in sorted(grouped.items())]


def source_info(path: str) -> Dict[str, SourceInfo]:
    """The ``sources`` table: source name -> licence, url, attribution."""
    validate(path)
    with _QuietGdal():
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY, allowed_drivers=["GPKG"])
        table = dataset.GetLayerByName(SOURCES_TABLE)
        if table is None:
            return {}
        return {row.GetField("source"): _source_of(row)
                for row in table}


def set_source_info(path: str, source: str, licence: str = "", url: str = "",
                    attribution: str = "", retrieved: str = "") -> None:
    """Set the licence, url and attribution of ``source`` (added when new), atomically."""
    if not source:
        raise StoreError(tr("A source needs a name."))
    validate(path)
    update = StoreUpdate(path)
    try:
        update.set_source(SourceInfo(source, licence or "", url or "", attribution or "", retrieved or ""))
        update.commit()
    except BaseException:
        update.abort()
        raise
