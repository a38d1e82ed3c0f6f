"""The situation store, one facade over two backends: a GeoPackage file
(``/data/pokrovsk.gpkg``, ``store/geopackage.py``) or a PostGIS schema shared by
a team (``postgres:service=desk schema=pokrovsk``, ``store/postgis/``).

Algorithms, layers, map products and panels call this module and never ask
which backend a location names: only the facade knows. Tables and fields come
from one registry (``store/schema.py``). A PostGIS location is always kept,
shown and saved in its public form (:func:`public_location`): a password typed
into a location is used to connect and then forgotten.
"""

import os
from contextlib import contextmanager
from typing import Dict, List, Optional, Tuple

from qgis.core import QgsDataSourceUri, QgsFeatureRequest, QgsVectorLayer

from ..infra.i18n import tr
from . import geopackage, postgis
from .backend import (  # noqa: F401 (the facade's own operations)
    GPKG_PROVIDER,
    POSTGIS_PROVIDER,
    _backend,
    _on_postgis,
    create,
    open_store,
    open_table,
    open_update,
    processing_source,
    store_exists,
    table_source,
    validate,
    writing,
)
from .records import (  # noqa: F401 (reading control records is part of the facade)
    ControlLayerError,
    ControlRecord,
    check_control_layer,
    fetch_geometries,
    read_records,
    select_records,
    snapshot_days,
    to_day,
)
from .schema import CONTROL_TABLE, EVENTS_TABLE, SCHEMA_VERSION, SOURCE_INFO_FIELDS, SOURCES_TABLE
from .types import SeriesSummary, SourceInfo, StoredRow, StoreError, StoreInfo  # noqa: F401

# choosing a team store in a database (the PostGIS store dialog)
from .postgis import list_stores as list_team_stores  # noqa: E402,F401
from .postgis import new_schema_problem as new_team_store_problem  # noqa: E402,F401
from .postgis import parse_location as parse_team_location  # noqa: E402,F401
from .postgis import quoted_value, saved_connection_names  # noqa: E402,F401

NoStoreYet = postgis.NoStoreYet  # a team store whose schema the first import creates
EditConflict = postgis.EditConflict  # another analyst saved the feature in between


# -- what a location is -------------------------------------------------------------
def is_store_location(value) -> bool:
    """True when ``value`` is text naming a whole store (a bare ``.gpkg`` path or
    a database location) rather than a layer source."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    return _on_postgis(text) or (text.lower().endswith(".gpkg") and "|" not in text)


def is_team_store(location: str) -> bool:
    """True for a store shared by a team in a database: it is never a file,
    and its edits are guarded against another analyst's saves."""
    return _on_postgis((location or "").strip())


def is_file_store(location: str) -> bool:
    """True when ``location`` names a store file (whether or not it exists yet)."""
    location = (location or "").strip()
    return bool(location) and not _on_postgis(location)


def kind_label(location: str) -> str:
    """What kind of store ``location`` is, for a label: GeoPackage or PostGIS."""
    return tr("PostGIS team store") if is_team_store(location) else tr("GeoPackage")


def location_problem(location: str) -> str:
    """Why ``location`` cannot name a store to write ("" when it can)."""
    location = (location or "").strip()
    if not location:
        return tr("Choose or name a situation store (.gpkg or PostGIS) first.")
    if not _on_postgis(location) and not location.lower().endswith(".gpkg"):
        return tr("The situation store must be a GeoPackage (.gpkg) or a PostGIS store "
                  "(postgres:service=... schema=...): {}").format(location)
    return ""


def public_location(location: str) -> str:
    """The location as it may be shown, logged and saved in a project: a file
    path as it is; a PostGIS location without any password (unchanged when it
    cannot be parsed, so the user sees what they typed)."""
    location = (location or "").strip()
    if not _on_postgis(location):
        return location
    try:
        return postgis.parse_location(location).public_text()
    except StoreError:
        return postgis.redacted(location)


def store_key(location: str) -> str:
    """One spelling per store, to recognise the same store written twice (a
    normalised absolute path, or the public PostGIS location)."""
    location = (location or "").strip()
    if not location:
        return ""
    if _on_postgis(location):
        return public_location(location)
    return os.path.normcase(os.path.realpath(os.path.abspath(location)))


def display_name(location: str) -> str:
    """A short name for messages: the file name, or "schema (database)"."""
    location = (location or "").strip()
    if not _on_postgis(location):
        return os.path.basename(location)
    try:
        parsed = postgis.parse_location(location)
    except StoreError:
        return public_location(location)
    uri = parsed.uri()
    database = uri.service() or uri.database() or uri.host()
    return f"{parsed.schema} ({database})" if database else parsed.schema


# -- opening, creating, checking ------------------------------------------------------
def schema_version(location: str) -> int:
    """The store's schema version (after any upgrade :func:`validate` made)."""
    return validate(location).schema_version


def store_info(location: str) -> Dict[str, str]:
    """The ``store_info`` key/value pairs of a store."""
    return _backend(location).store_info(location)



# -- sources ------------------------------------------------------------------------------
def source_info(location: str) -> Dict[str, SourceInfo]:
    """The store's ``sources`` table (licence, url, attribution, retrieved per source)."""
    return _backend(location).source_info(location)


def set_source_info(location: str, source: str, licence: str = "", url: str = "",
                    attribution: str = "", retrieved: str = "") -> None:
    """Set the licence, url, attribution and retrieved day (YYYY-MM-DD) of
    ``source`` (added when new), atomically."""
    if not source:
        raise StoreError(tr("A source needs a name."))
    _backend(location).set_source_info(location, source, licence, url, attribution, retrieved)


def source_rows(location: str) -> List[Dict[str, str]]:
    """Rows of the store's ``sources`` table as text dictionaries, empty when
    there is none or it cannot be read (a GeoPackage needs only the table, not
    a whole store: any GeoPackage with a ``sources`` table lists its sources)."""
    if _on_postgis(location):
        try:
            infos = postgis.source_info(location)
        except StoreError:
            return []
        return [{name: getattr(info, name) for name in SOURCE_INFO_FIELDS} for info in infos.values()]
    uri, provider = table_source(location, SOURCES_TABLE)
    table = QgsVectorLayer(uri, SOURCES_TABLE, provider)
    if not table.isValid() or "source" not in table.fields().names():
        return []
    names = table.fields().names()
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
    return [{n: ("" if f[n] is None or str(f[n]) == "NULL" else str(f[n])) for n in names}
            for f in table.getFeatures(request)]


# -- tables as QGIS layers ----------------------------------------------------------------
def control_layer(location: str, name: str = "control") -> QgsVectorLayer:
    """The checked store's control table as a QgsVectorLayer; raises StoreError."""
    return _backend(location).control_layer(location, name)


def open_control_layer(source: str, name: str = "control") -> QgsVectorLayer:
    """A control layer from a store location (its control table) or any OGR
    vector layer URI; raises ControlLayerError when it is not readable or lacks
    a required field (a PostGIS location is never shown with its password)."""
    uri, provider, shown = source, GPKG_PROVIDER, source
    if _on_postgis(source):
        try:
            uri, provider = table_source(source)
            shown = public_location(source)
        except StoreError as error:
            raise ControlLayerError(str(error)) from error
    elif is_store_location(source):
        uri = geopackage.control_uri(source)
    layer = QgsVectorLayer(uri, name, provider)
    if not layer.isValid():
        raise ControlLayerError(tr("Cannot open a control layer from '{}'.").format(shown))
    check_control_layer(layer)
    return layer


def drawings_layer(location: str, table: str, name: Optional[str] = None) -> QgsVectorLayer:
    """A drawings table of the store as an editable layer (created in a
    GeoPackage store when missing); raises StoreError."""
    if _on_postgis(location):
        validate(location)
        return postgis.drawings_layer(location, table, name)
    geopackage.ensure_drawing_tables(location)
    layer = QgsVectorLayer(geopackage.table_uri(location, table), name or table, GPKG_PROVIDER)
    if not layer.isValid():
        raise StoreError(tr("Cannot open the table '{}' of '{}'.").format(table, location))
    return layer


def events_layer(location: str, name: Optional[str] = None) -> QgsVectorLayer:
    """The store's events table as an editable layer (an older store is first
    brought to this schema version, which gives it the table); raises StoreError."""
    validate(location)
    layer = open_table(location, EVENTS_TABLE)
    if layer is None:
        raise StoreError(tr("The store '{}' has no events table.").format(public_location(location)))
    if name:
        layer.setName(name)
    return layer


def edit_guard(layer: QgsVectorLayer):
    """The guard that keeps an edit session on a team store's table from
    overwriting another analyst's save (``None`` for a file store's layer,
    which no one else edits meanwhile). Keep it while the layer is edited."""
    if layer is None or layer.providerType() != POSTGIS_PROVIDER:
        return None
    return postgis.EditGuard(layer)


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
            return postgis.parse_location(text).public_text()
        except StoreError:
            return ""
    return ""


def reload_layers(location: str, project=None) -> int:
    """Reopen the layers of ``project`` (the current project when None) that
    read the GeoPackage store ``location`` and are not being edited, and
    repaint them; returns how many. A write replaces the store file, and a
    layer opened before keeps reading the file it opened until it reloads.
    A team store's layers read the database live: nothing to do (0)."""
    from qgis.core import QgsProject

    if not is_file_store(location):
        return 0
    key = store_key(location)
    project = project or QgsProject.instance()
    reloaded = 0
    for layer in project.mapLayers().values():
        if not isinstance(layer, QgsVectorLayer) or layer.isEditable():
            continue  # an edit session keeps its buffer; it works on the live file anyway
        if layer.providerType() != GPKG_PROVIDER or store_key(location_of_layer(layer)) != key:
            continue
        layer.reload()
        layer.triggerRepaint()
        reloaded += 1
    return reloaded


def list_series(location_or_layer) -> List[SeriesSummary]:
    """Every (source, status) series of a store or control layer, sorted by
    source then status, with first/last day and snapshot count."""
    layer = (location_or_layer if isinstance(location_or_layer, QgsVectorLayer)
             else control_layer(location_or_layer))
    return geopackage.list_series(layer)


# -- running a query on the store's own connection (analysis in the database) -----------
@contextmanager
def database_query(location: str):
    """A read-only query session on a team store's database: yields ``run(template,
    parameters)``, which executes ``template`` (``{schema}`` names the store's
    schema, values only as psycopg2 parameters) and returns its cursor. The
    transaction is rolled back at the end. Raises StoreError for a file store
    (which has no database) or a database error."""
    if not _on_postgis(location):
        raise StoreError(tr("'{}' is not a store in a database.").format(location))
    with postgis.query_session(location) as run:
        yield run


from .copy import CopyReport, copy_store  # noqa: E402,F401 (copies through the operations above)
