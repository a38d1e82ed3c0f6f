"""Situation layers in the project: one layer per source and status of a store's
control table, styled per status, set up for the Temporal Controller and grouped
under a "Situation" group.

Each layer is the store's ``control`` table (a GeoPackage file through the OGR
provider, or a PostGIS schema through the postgres provider) filtered by a
subset string to one ``(source, status)`` series, named for the legend ("Occupied (DeepStateMap)").
Layers carry custom properties naming their store, source and status, so that
loading again reuses the layer already in the project instead of adding a
duplicate, also after the project was saved and reopened.

Temporal set-up: a snapshot is valid from ``valid_from`` (inclusive) to
``valid_to`` (exclusive; NULL means still valid). QGIS compares a *date* field
with the Temporal Controller's date-times as text, which shows a snapshot one day
early, so the layer gets two virtual date-time fields (``valid_from_time``,
``valid_to_time``: the dates at 00:00) and the temporal properties use them: on a
one-day range ``[D 00:00, D+1 00:00)`` the layer draws exactly the snapshot valid
on D (see tests/test_situation_layers.py). A store's control table has those two
fields as real columns (PostGIS: generated; GeoPackage: indexed, kept right by
triggers): the layer uses them as they are, so the provider sends the day's
filter to the database and a day's display reads that day's rows only
(store/schema.py CONTROL_TIME_COLUMNS, tests/test_postgis_display_read.py,
tests/test_gpkg_display_read.py); a store without them (read-only, or written
by an older version and not yet reopened) gets the virtual fields.
"""

import os
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from qgis.core import (
    QgsDataSourceUri,
    QgsExpression,
    QgsLayerTreeGroup,
    QgsMapLayer,
    QgsProject,
    QgsProviderRegistry,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..infra.i18n import tr
from ..infra.log import log
from ..store import ControlLayerError, open_control_layer, read_records
from ..store.schema import (
    KNOWN_STATUSES,
    STATUS_CLAIMED,
    STATUS_CONTESTED,
    STATUS_LIBERATED,
    STATUS_OCCUPIED,
)
from ..store import StoreError
from ..store import display_name, public_location, store_key, table_source
from .temporal import END_TIME_FIELD, START_TIME_FIELD, configure_validity_time, day_range  # noqa: F401

SITUATION_GROUP = "Situation"
STYLE_DIR = os.path.join(os.path.dirname(__file__), "styles")
DEFAULT_STYLE = "default"

# custom properties that identify a situation layer (saved with the project)
PROPERTY_STORE = "situation_mapper/store"
PROPERTY_SOURCE = "situation_mapper/source"
PROPERTY_STATUS = "situation_mapper/status"


# drawing order in the group, top first: outlines above fills, fills above hatching
STATUS_ORDER = (STATUS_CLAIMED, STATUS_OCCUPIED, STATUS_CONTESTED, STATUS_LIBERATED)

Series = Tuple[str, str]  # (source, status)


def status_title(status: str) -> str:
    """The legend word of a status: "Occupied", "Contested" ... or the user's value."""
    titles = {
        STATUS_OCCUPIED: tr("Occupied"),
        STATUS_CONTESTED: tr("Contested"),
        STATUS_LIBERATED: tr("Liberated"),
        STATUS_CLAIMED: tr("Claimed"),
    }
    return titles.get(status, status[:1].upper() + status[1:] if status else tr("No status"))


def layer_name(source: str, status: str) -> str:
    """Legend name of a series, e.g. "Occupied (DeepStateMap)"."""
    return "{} ({})".format(status_title(status), source or tr("no source"))


def style_path(status: str) -> str:
    """The QML style of a status in ``layers/styles`` (``occupied.qml`` ...);
    ``default.qml`` for any other status (the folder also holds other styles)."""
    name = status if status in KNOWN_STATUSES else DEFAULT_STYLE
    return os.path.join(STYLE_DIR, f"{name}.qml")


def sql_text(value: str) -> str:
    """``value`` as an SQL string literal for a provider's subset string
    (GeoPackage/SQLite and PostgreSQL alike: quotes doubled, nothing else
    escaped). Subset strings cannot take parameters; this is their quoting."""
    return "'" + str(value).replace("'", "''") + "'"


def series_subset(source: str, status: str) -> str:
    """Subset string keeping one series' features (values quoted, never concatenated raw)."""
    return "{} = {} AND {} = {}".format(
        QgsExpression.quotedColumnRef("source"), sql_text(source),
        QgsExpression.quotedColumnRef("status"), sql_text(status))


def normalized_store_path(path: str) -> str:
    """A store location in one spelling, to recognise the same store twice
    (see store.store_key)."""
    return store_key(path)


def configure_temporal(layer: QgsVectorLayer) -> None:
    """Make ``layer`` draw, for any temporal range, the features whose validity
    ``[valid_from, valid_to)`` overlaps it (NULL ``valid_to``: open); see layers/temporal.py."""
    configure_validity_time(layer)


def apply_status_style(layer: QgsVectorLayer, status: str) -> bool:
    """Load the status' QML symbology into ``layer``; False (and a log line) on failure."""
    path = style_path(status)
    message, ok = layer.loadNamedStyle(path, QgsMapLayer.Symbology)
    if not ok:
        log.warning("Style %s could not be loaded for %s: %s", path, layer.name(), message)
    return ok


def is_situation_layer(layer: QgsMapLayer, store_path: Optional[str] = None) -> bool:
    """True for a layer made by :func:`load_situation_layers` (of ``store_path`` if given)."""
    if not isinstance(layer, QgsVectorLayer) or not layer.customProperty(PROPERTY_STORE):
        return False
    # both spelt anew: a project saved by an earlier version may spell the location otherwise
    return store_path is None or normalized_store_path(layer.customProperty(PROPERTY_STORE)) == \
        normalized_store_path(store_path)


def situation_layers(project: QgsProject, store_path: Optional[str] = None) -> List[QgsVectorLayer]:
    """The project's situation layers (of one store when ``store_path`` is given)."""
    return [layer for layer in project.mapLayers().values() if is_situation_layer(layer, store_path)]


def find_situation_layer(project: QgsProject, store_path: str, source: str,
                         status: str) -> Optional[QgsVectorLayer]:
    """The layer already showing this store's ``(source, status)`` series, if any."""
    for layer in situation_layers(project, store_path):
        if (layer.customProperty(PROPERTY_SOURCE) == source
                and layer.customProperty(PROPERTY_STATUS) == status):
            return layer
    return None


def store_series(store_path: str) -> List[Series]:
    """The ``(source, status)`` series in a store's control table, sorted.

    Raises ControlLayerError when the store has no readable control table.
    """
    records = read_records(open_control_layer(store_path))
    return sorted({(r.source, r.status) for r in records})


def _order_key(series: Series):
    source, status = series
    rank = STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)
    return rank, status, source


def situation_group(project: QgsProject) -> QgsLayerTreeGroup:
    """The "Situation" layer tree group, created at the top when missing."""
    root = project.layerTreeRoot()
    group = root.findGroup(SITUATION_GROUP)
    if group is None:
        group = root.insertGroup(0, SITUATION_GROUP)
    return group


def filtered_layer(uri: str, provider: str, subset: str, name: str,
                   template: Optional[QgsVectorLayer] = None) -> QgsVectorLayer:
    """A new layer of ``uri`` showing only ``subset``, the filter given when the
    layer is opened (in its URI), never set afterwards.

    Why: QGIS 3.22's OGR provider reopens a GeoPackage when a subset string is
    set on an open layer and switches the file to WAL; every read-only
    connection already open on it (QGIS opens those with NOLOCK) then fails
    with "unable to open database file" on stderr while the product reads the
    store's small tables (sources, store_info, events). ``template``: the layer
    to clone for a provider whose URI does not hold its features (memory)."""
    if provider == "ogr":
        registry = QgsProviderRegistry.instance()
        parts = registry.decodeUri(provider, uri)
        parts.pop("subset", None)
        parts["subset"] = subset
        return QgsVectorLayer(registry.encodeUri(provider, parts), name, provider)
    if provider == "postgres":
        source = QgsDataSourceUri(uri)
        source.setSql(subset)
        return QgsVectorLayer(source.uri(False), name, provider)
    # other providers (a memory layer: its features live in the layer) filter a clone
    layer = template.clone() if template is not None else QgsVectorLayer(uri, name, provider)
    layer.setName(name)
    if layer.isValid() and not layer.setSubsetString(subset):
        return QgsVectorLayer()  # invalid: the caller names the layer it could not filter
    return layer


def create_series_layer(store_path: str, source: str, status: str) -> QgsVectorLayer:
    """A new (not yet added) layer of one series of the store: filtered (when
    opened: :func:`filtered_layer`), styled, temporal. Raises ControlLayerError
    when the store cannot be read. Any thread (the layer belongs to it: see
    :func:`prepare_series_layers`)."""
    try:
        uri, provider = table_source(store_path)
    except StoreError as error:
        raise ControlLayerError(str(error)) from error
    shown = public_location(store_path)
    layer = filtered_layer(uri, provider, series_subset(source, status), layer_name(source, status))
    if not layer.isValid():
        if not QgsVectorLayer(uri, layer_name(source, status), provider).isValid():
            raise ControlLayerError(tr("Cannot open the control table of the store '{}'.").format(shown))
        raise ControlLayerError(tr("The store '{}' cannot be filtered to {}.").format(
            shown, layer_name(source, status)))
    layer.setCustomProperty(PROPERTY_STORE, normalized_store_path(store_path))
    layer.setCustomProperty(PROPERTY_SOURCE, source)
    layer.setCustomProperty(PROPERTY_STATUS, status)
    # the style first: loading a QML resets the temporal properties
    apply_status_style(layer, status)
    configure_temporal(layer)
    return layer


def prepare_series_layers(store_path: str, series: Iterable[Series], thread=None) -> Dict[Series, QgsVectorLayer]:
    """New layers of ``series`` of the store (see :func:`create_series_layer`),
    made in the calling thread, a background task's, and handed to ``thread``
    (a QThread: the main thread when None) to be added to the project there
    (:func:`load_situation_layers` ``prepared``): opening the store and loading
    the styles then never holds up the main thread. Series that cannot be
    made are left out (the main thread makes them again and says why).

    Each layer's extent is computed here too: for a filtered layer QGIS reads
    every feature of the series for it (16-25 ms for the 769 days), and would
    otherwise do so in the main thread the first time the layer is written to
    XML (an export's plan of its copy of the project) or zoomed to."""
    thread = thread or QCoreApplication.instance().thread()
    layers = {}
    for source, status in series:
        try:
            layer = create_series_layer(store_path, source, status)
        except ControlLayerError as error:
            log.info("Situation layer %s made on the main thread: %s", layer_name(source, status), error)
            continue
        layer.extent()  # kept by the layer until its data change
        layer.moveToThread(thread)
        layers[(source, status)] = layer
    return layers


def load_situation_layers(store_path: str, project: Optional[QgsProject] = None,
                          series: Optional[Iterable[Series]] = None,
                          prepared: Optional[Dict[Series, QgsVectorLayer]] = None) -> List[QgsVectorLayer]:
    """Show the store's series in the project's "Situation" group; return their layers.

    ``series`` limits the ``(source, status)`` pairs (all of the store when None);
    ``prepared``: layers of series already made (:func:`prepare_series_layers`),
    used for the series not in the project yet; a series already loaded takes
    its prepared layer's extent after reloading (computed where it was made).
    A series already loaded keeps its layer (reloaded, so newly imported
    snapshots show); others get a new styled, temporal layer in the group,
    named after the store too when another store's layer has its name.
    Raises ControlLayerError when the store has no readable control table.
    """
    project = project or QgsProject.instance()
    wanted = sorted(set(series) if series is not None else store_series(store_path), key=_order_key)
    group = None
    layers = []
    for source, status in wanted:
        layer = find_situation_layer(project, store_path, source, status)
        if layer is not None:
            layer.reload()
            fresh = (prepared or {}).get((source, status))
            if fresh is not None and fresh.isValid():
                layer.setExtent(fresh.extent())  # the same filter of the same store: its extent now
            layer.triggerRepaint()
        else:
            layer = (prepared or {}).get((source, status)) or create_series_layer(store_path, source, status)
            if any(other.name() == layer.name() for other in situation_layers(project)):
                # the same series of another store: the legend tells them apart
                layer.setName("{} · {}".format(layer.name(), display_name(store_path)))
            project.addMapLayer(layer, False)
            group = group or situation_group(project)
            group.addLayer(layer)
            log.info("Situation layer '%s' added from %s", layer.name(), public_location(store_path))
        layers.append(layer)
    return layers


def set_visible_sources(project: QgsProject, store_path: str,
                        visible_sources: Optional[Sequence[str]]) -> None:
    """Check the situation layers of the sources in ``visible_sources`` in the
    layer tree and uncheck the others (all visible when None)."""
    root = project.layerTreeRoot()
    for layer in situation_layers(project, store_path):
        node = root.findLayer(layer.id())
        if node is not None:
            source = layer.customProperty(PROPERTY_SOURCE)
            node.setItemVisibilityChecked(visible_sources is None or source in visible_sources)
