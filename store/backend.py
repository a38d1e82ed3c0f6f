"""Which backend a store location names, and the operations every backend
offers (check, create, update, tables as layers): the one place in the
plugin that tells a GeoPackage store from a PostGIS one."""

import os
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

def open_update(location: str):
    """An all-or-nothing update of the store (created when missing): ``rows``,
    ``add_control``, ``set_valid_to``, ``sources``, ``set_source``,
    ``add_drawing``, then ``commit`` or ``abort``. On a team store it holds the
    store's import lock, so concurrent imports run one after the other."""
    if _on_postgis(location):
        return postgis.PostgisStoreUpdate(location)
    return geopackage.StoreUpdate(location)

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
