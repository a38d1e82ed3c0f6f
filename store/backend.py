"""Which backend a store location names, and the operations every backend
offers (check, create, update, tables as layers): the one place in the
plugin that tells a GeoPackage store from a PostGIS one."""

import os
from contextlib import nullcontext
from typing import Optional, Tuple

from qgis.core import QgsVectorLayer

from . import geopackage, postgis
from .schema import CONTROL_TABLE
from .types import StoreError, StoreInfo

GPKG_PROVIDER = "ogr"
POSTGIS_PROVIDER = "postgres"


def _on_postgis(location) -> bool:
    return postgis.is_postgis_location(location)


def _backend(location: str):
    return postgis if _on_postgis(location) else geopackage

def store_exists(location: str) -> bool:
    """True when a store is there to read (a file, or a schema holding a store).
    Never raises: an unreachable database counts as no store."""
    location = (location or "").strip()
    if not location:
        return False
    if not _on_postgis(location):
        return os.path.isfile(location)
    try:
        postgis.validate(location)
    except StoreError:
        return False
    return True


def validate(location: str) -> StoreInfo:
    """Check the store (upgrading an older GeoPackage store in place) and
    describe it; raises StoreError saying what is wrong (NoStoreYet: a team
    store the first import creates)."""
    return _backend(location).validate(location)


open_store = validate

def create(location: str, overwrite: bool = False) -> str:
    """Create an empty store (file or schema); raises StoreError."""
    return _backend(location).create(location, overwrite)

def open_update(location: str, timeout: Optional[float] = None, cancelled=None, replace: bool = False):
    """An all-or-nothing update of the store (created when missing): ``rows``,
    ``add_control``, ``set_valid_to``, ``sources``, ``set_source``,
    ``add_drawing``, then ``commit`` or ``abort``. It holds the store's writer
    lock (a team store: its import lock; a GeoPackage: ``<store>.lock``), so
    concurrent writers run one after the other, each on the other's result. A
    GeoPackage writer waits up to ``timeout`` seconds (or until ``cancelled()``)
    for another one, then raises StoreError naming the store. With ``replace``
    the update starts from an empty store that replaces the existing one on
    commit (a GeoPackage: in the same locked write; a team store: its schema is
    emptied and re-created first)."""
    if _on_postgis(location):
        if replace:
            postgis.create(location, overwrite=True)
        return postgis.PostgisStoreUpdate(location)
    return geopackage.StoreUpdate(location, create_new=replace, timeout=timeout, cancelled=cancelled)


def writing(location: str, timeout: Optional[float] = None):
    """``with writing(location):`` the block is the store's only writer (a
    GeoPackage's writer lock, for writes that go to the file through QGIS, such
    as saving an edit buffer); a team store guards its own edits, so nothing
    is held there. Raises StoreError naming the store after ``timeout`` s."""
    if _on_postgis(location) or not location:
        return nullcontext()
    return geopackage.writer_lock(location, timeout)

def table_source(location: str, table: str = CONTROL_TABLE) -> Tuple[str, str]:
    """``(uri, provider key)`` of one table of the store for a QgsVectorLayer;
    a PostGIS URI carries no password (credentials come from the service file
    or QGIS's authentication manager)."""
    if _on_postgis(location):
        return postgis.layer_uri(location, table), POSTGIS_PROVIDER
    return geopackage.table_uri(location, table), GPKG_PROVIDER


def processing_source(location: str, table: str = CONTROL_TABLE) -> str:
    """The table as a Processing layer string any layer parameter accepts."""
    if _on_postgis(location):
        return postgis.processing_source(location, table)
    return geopackage.table_uri(location, table)


def open_table(location: str, table: str) -> Optional[QgsVectorLayer]:
    """A table of the store as a layer; None when it does not exist."""
    uri, provider = table_source(location, table)
    layer = QgsVectorLayer(uri, table, provider)
    return layer if layer.isValid() else None
