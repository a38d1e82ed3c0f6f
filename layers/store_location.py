"""What a situation store location is, in one place: a GeoPackage file
(``/data/pokrovsk.gpkg``) or a PostGIS schema (``postgres:service=desk
schema=pokrovsk``, see ``layers/postgis_store.py``).

Panels, situation layers, drawings and map products ask this module, never
the file system or the database directly, so every one of them works on both
backends the same way. A PostGIS location is always kept, shown and saved in
its public form (:func:`public_location`): a password typed into a location is
used to connect and then forgotten.
"""

import os
from typing import Dict, List, Tuple

from qgis.core import QgsDataSourceUri, QgsFeatureRequest, QgsVectorLayer

from . import postgis_store, store
from .control import store_control_uri
from .schema import CONTROL_TABLE
from .store import SOURCES_TABLE, SourceInfo, StoreError, StoreInfo

GPKG_PROVIDER = "ogr"
POSTGIS_PROVIDER = "postgres"


def is_postgis(location: str) -> bool:
    """True when ``location`` names a PostGIS store rather than a file."""
    return postgis_store.is_postgis_location(location)


def public_location(location: str) -> str:
    """The location as it may be shown, logged and saved in a project: a file
    path as it is; a PostGIS location without any password (unchanged when it
    cannot be parsed, so the user sees what they typed)."""
    location = (location or "").strip()
    if not is_postgis(location):
        return location
    try:
        return postgis_store.parse_location(location).public_text()
    except StoreError:
        return postgis_store.redacted(location)


def store_key(location: str) -> str:
    """One spelling per store, to recognise the same store written twice (a
    normalised absolute path, or the public PostGIS location)."""
    location = (location or "").strip()
    if not location:
        return ""
    if is_postgis(location):
        return public_location(location)
    return os.path.normcase(os.path.realpath(os.path.abspath(location)))


def display_name(location: str) -> str:
    """A short name for messages: the file name, or "schema (database)"."""
    location = (location or "").strip()
    if not is_postgis(location):
        return os.path.basename(location)
    try:
        parsed = postgis_store.parse_location(location)
    except StoreError:
        return public_location(location)
    uri = parsed.uri()
    database = uri.service() or uri.database() or uri.host()
    return f"{parsed.schema} ({database})" if database else parsed.schema


def store_exists(location: str) -> bool:
    """True when a store is there to read (a file, or a schema holding a store).
    Never raises: an unreachable database counts as no store."""
    location = (location or "").strip()
    if not location:
        return False
    if not is_postgis(location):
        return os.path.isfile(location)
    try:
        postgis_store.validate(location)
    except StoreError:
        return False
    return True


def validate(location: str) -> StoreInfo:
    """Check the store and describe it; raises StoreError saying what is wrong."""
    return postgis_store.validate(location) if is_postgis(location) else store.validate(location)


def create(location: str, overwrite: bool = False) -> str:
    """Create an empty store (file or schema); raises StoreError."""
    return postgis_store.create(location, overwrite) if is_postgis(location) else store.create(location, overwrite)


def table_source(location: str, table: str = CONTROL_TABLE) -> Tuple[str, str]:
    """``(uri, provider key)`` of one table of the store for a QgsVectorLayer;
    a PostGIS URI carries no password (credentials come from the service file
    or QGIS's authentication manager)."""
    if is_postgis(location):
        return postgis_store.layer_uri(location, table), POSTGIS_PROVIDER
    if table == CONTROL_TABLE:
        return store_control_uri(location), GPKG_PROVIDER
    return f"{location}|layername={table}", GPKG_PROVIDER


def source_info(location: str) -> Dict[str, SourceInfo]:
    """The store's ``sources`` table (licence, url, attribution per source)."""
    return postgis_store.source_info(location) if is_postgis(location) else store.source_info(location)


def location_of_layer(layer) -> str:
    """The store a layer reads, or "": a GeoPackage file (any of its tables),
    or the PostGIS store of a postgres layer on a store table (its public
    location: the password, if any, is not copied)."""
    if layer is None or not isinstance(layer, QgsVectorLayer):
        return ""
    if layer.providerType() == GPKG_PROVIDER:
        path = layer.source().split("|")[0]
        return path if path.lower().endswith(".gpkg") and os.path.isfile(path) else ""
    if layer.providerType() == POSTGIS_PROVIDER:
        uri = QgsDataSourceUri(layer.source())
        if not uri.schema():
            return ""
        uri.setPassword("")
        connection = QgsDataSourceUri(uri.connectionInfo(False))
        text = "postgres:{} schema={}".format(connection.connectionInfo(False), uri.schema())
        try:
            return postgis_store.parse_location(text).public_text()
        except StoreError:
            return ""
    return ""


def source_rows(location: str) -> List[Dict[str, str]]:
    """Rows of the store's ``sources`` table as text dictionaries, empty when
    there is none or it cannot be read (a GeoPackage needs only the table, not
    a whole store: any GeoPackage with a ``sources`` table lists its sources)."""
    if is_postgis(location):
        try:
            infos = postgis_store.source_info(location)
        except StoreError:
            return []
        return [{"source": info.source, "licence": info.licence, "url": info.url,
                 "attribution": info.attribution} for info in infos.values()]
    uri, provider = table_source(location, SOURCES_TABLE)
    table = QgsVectorLayer(uri, SOURCES_TABLE, provider)
    if not table.isValid() or "source" not in table.fields().names():
        return []
    names = table.fields().names()
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
    return [{n: ("" if f[n] is None or str(f[n]) == "NULL" else str(f[n])) for n in names}
            for f in table.getFeatures(request)]
