"""All-or-nothing writing to a GeoPackage store (:class:`StoreUpdate`): a
temporary copy beside the store in one OGR transaction, moved over it on
commit; an older store is upgraded in the same transaction (and a control
table without its date-time columns gains them: ``time_columns.py``; the
writers below set them with the dates). The store's writer
lock (``writer_lock.py``) is held from copying the store to replacing it, so two
writers never replace each other's work."""

import datetime
import glob
import os
import shutil
import tempfile
from typing import Dict, List, Optional

from osgeo import gdal, ogr
from qgis.core import QgsGeometry

from ...infra.atomic_files import publish
from ...infra.i18n import tr
from ...infra.log import log
from ..schema import (
    CONTROL_FIELD_SPECS,
    CONTROL_TABLE,
    CONTROL_TIME_COLUMNS,
    DRAWING_TABLES,
    SCHEMA_VERSION,
    SOURCE_INFO_FIELDS,
    SOURCES_TABLE,
)
from ..types import SourceInfo, StoredRow, StoreError
from . import writer_lock
from .time_columns import add_time_columns, set_time_columns
from .tables import (
    _create_table,
    _create_tables,
    _now,
    _ogr_day,
    _QuietGdal,
    _set_day,
    _source_of,
    apply_upgrades,
    inspect,
)


def _check_folder_writable(path: str) -> str:
    folder = os.path.dirname(os.path.abspath(path)) or "."
    if not os.path.isdir(folder):
        raise StoreError(tr("Cannot write the store '{}': the folder '{}' does not exist.").format(path, folder))
    if not os.access(folder, os.W_OK):
        raise StoreError(tr("Cannot write the store '{}': the folder '{}' is not writable.").format(path, folder))
    return folder


def _temp_path_beside(path: str) -> str:
    folder = _check_folder_writable(path)
    try:
        handle, temp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".",
                                        suffix=".tmp.gpkg", dir=folder)
    except OSError as error:
        raise StoreError(tr("Cannot write the store '{}': {}.").format(path, error.strerror)) from error
    os.close(handle)
    return temp


def _temp_pattern(path: str) -> str:
    folder = os.path.dirname(os.path.abspath(path)) or "."
    return os.path.join(glob.escape(folder), glob.escape("." + os.path.basename(path) + ".") + "*.tmp.gpkg")


def _remove_stale_temporaries(path: str) -> None:
    """Remove the temporary copies a killed writer left beside the store: with
    the writer lock held no other writer's copy can be in the making."""
    for stale in glob.glob(_temp_pattern(path)):
        log.info("store %s: removing %s left by an interrupted write", path, stale)
        _remove_quietly(stale)


def _flush_to_disk(path: str) -> None:
    """The new store's bytes reach the disk before it replaces the old one."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _flush_folder(path: str) -> None:
    """The rename itself reaches the disk (POSIX; a no-op where folders cannot be opened)."""
    try:
        handle = os.open(os.path.dirname(os.path.abspath(path)) or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _copy_into_live_store(temp_path: str, path: str) -> None:
    """Write the finished copy into the store file itself, in one SQLite
    transaction (the SQLite backup of the whole database): connections open on
    the store keep their file and see the new content; a crash rolls it back."""
    import sqlite3  # only for this rare case: the store was opened for editing meanwhile

    source = sqlite3.connect(temp_path)
    try:
        target = sqlite3.connect(path, timeout=60)
        try:
            source.backup(target)
        finally:
            target.close()
    except sqlite3.Error as error:
        raise StoreError(tr("Cannot write the store '{}' while it is open for editing ({}); "
                            "nothing was written.").format(path, error)) from error
    finally:
        source.close()


def _remove_quietly(path: str) -> None:
    for name in (path, path + "-wal", path + "-shm", path + "-journal"):
        try:
            os.remove(name)
        except FileNotFoundError:
            pass
        except OSError as error:
            log.warning("could not remove the temporary file %s: %s", name, error)



class StoreUpdate:
    """All-or-nothing changes to a GeoPackage store.

    Normally works on a temporary copy in the store's folder (an empty new store
    when ``create_new`` or when ``path`` does not exist yet), in one OGR
    transaction; :meth:`commit` moves it over ``path`` (``os.replace``),
    :meth:`abort` deletes it; until :meth:`commit` the file at ``path`` is not
    touched, and after :meth:`abort` it is byte-for-byte what it was.

    When the store is open for editing (its ``-wal`` file exists: QGIS holds it
    in update mode, e.g. drawing layers being edited), replacing the file would
    cut those layers off from it, so the changes go into the store itself in one
    SQLite transaction instead (``in_place``): :meth:`abort` rolls it back and
    the store's content is what it was.

    From the start to :meth:`commit` or :meth:`abort` the update holds the
    store's writer lock (:mod:`.writer_lock`): another writer, in this process
    or another, waits up to ``timeout`` seconds (then StoreError naming the
    store) and starts from this one's result. ``cancelled`` (a callable) ends
    the wait early.
    """

    def __init__(self, path: str, create_new: bool = False, timeout: Optional[float] = None,
                 cancelled=None):
        self.path = path
        self.temp_path = None
        self._dataset = None
        self._control = None
        self._field_indexes: Dict[str, Dict[str, int]] = {}
        self._locked = False
        _check_folder_writable(path)
        writer_lock.acquire(path, timeout, cancelled)
        self._locked = True
        try:
            # everything below reads the store as the previous writer left it
            _remove_stale_temporaries(path)
            self.created = create_new or not os.path.exists(path)
            # an older store is upgraded in the same transaction as the changes
            from_version = SCHEMA_VERSION if self.created else inspect(path).schema_version
            self.in_place = not self.created and os.path.exists(path + "-wal")
            self.temp_path = None if self.in_place else _temp_path_beside(path)
        except BaseException:
            self._unlock()
            raise
        self.changed = self.created
        work_path = path if self.in_place else self.temp_path
        try:
            with _QuietGdal():
                if self.created:
                    os.remove(self.temp_path)
                    driver = gdal.GetDriverByName("GPKG")
                    dataset = driver.Create(self.temp_path, 0, 0, 0, gdal.GDT_Unknown)
                    if dataset is None:
                        raise StoreError(tr("Cannot create the store '{}' ({}).").format(
                            path, gdal.GetLastErrorMsg()))
                    _create_tables(dataset, _now())
                    dataset = None  # flush the table definitions before the data transaction
                elif not self.in_place:
                    shutil.copyfile(path, self.temp_path)
                self._dataset = gdal.OpenEx(work_path, gdal.OF_VECTOR | gdal.OF_UPDATE,
                                            allowed_drivers=["GPKG"])
                if self._dataset is None:
                    raise StoreError(tr("Cannot open '{}' for writing ({}).").format(
                        work_path, gdal.GetLastErrorMsg()))
                self._control = self._dataset.GetLayerByName(CONTROL_TABLE)
                if self._dataset.StartTransaction() != 0:
                    raise StoreError(tr("Cannot start a transaction on '{}' ({}).").format(
                        work_path, gdal.GetLastErrorMsg()))
                if self._dataset.GetLayerByName(SOURCES_TABLE) is None:
                    # a store made before the sources table existed
                    _create_table(self._dataset, SOURCES_TABLE)
                    self.changed = True
                if from_version < SCHEMA_VERSION:
                    apply_upgrades(self._dataset, path, from_version)
                    self.changed = True
                if add_time_columns(self._dataset, path):
                    self.changed = True
        except OSError as error:
            self.abort()
            raise StoreError(tr("Cannot write the store '{}': {}.").format(path, error)) from error
        except BaseException:
            self.abort()
            raise
        self._definition = self._control.GetLayerDefn()
        self._time_indexes = tuple(self._definition.GetFieldIndex(name) for name, _date in CONTROL_TIME_COLUMNS)

    # -- reading ----------------------------------------------------------------
    def rows(self) -> List[StoredRow]:
        """Every control row's fid, source, status and validity (no geometry)."""
        control = self._control
        control.SetIgnoredFields([name for name, *_ in CONTROL_FIELD_SPECS
                                  if name not in ("valid_from", "valid_to", "status", "source")]
                                 + ["OGR_GEOMETRY"])
        try:
            control.ResetReading()
            index_from = self._definition.GetFieldIndex("valid_from")
            index_to = self._definition.GetFieldIndex("valid_to")
            rows = []
            for feature in control:
                start = _ogr_day(feature, index_from)
                if start is None:
                    continue
                rows.append(StoredRow(feature.GetFID(), feature.GetField("source") or "",
                                      feature.GetField("status") or "", start,
                                      _ogr_day(feature, index_to)))
            return rows
        finally:
            control.SetIgnoredFields([])

    def column_values(self, table: str, field: str) -> set:
        """Every non-empty value of ``field`` in ``table`` (empty when the store
        has no such table yet), as of this transaction."""
        layer = self._dataset.GetLayerByName(table)
        index = layer.GetLayerDefn().GetFieldIndex(field) if layer is not None else -1
        if index < 0:
            return set()
        definition = layer.GetLayerDefn()
        layer.SetIgnoredFields([definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())
                                if i != index] + ["OGR_GEOMETRY"])
        try:
            layer.ResetReading()
            # by index: OGR's Python bindings look a field name up in Python, per call
            return {row.GetFieldAsString(index) for row in layer if row.IsFieldSetAndNotNull(index)}
        finally:
            layer.SetIgnoredFields([])

    # -- writing ----------------------------------------------------------------
    def add_control(self, geometry, valid_from: datetime.date,
                    valid_to: Optional[datetime.date], attributes: Dict[str, object]) -> int:
        """Add one control row: a 2D MultiPolygon in EPSG:4326 and its attributes
        (status, side, source, confidence, note, area_km2, imported_from); returns its fid.

        ``geometry`` is a QgsGeometry or an ``ogr.Geometry`` (taken over by the row)."""
        feature = ogr.Feature(self._definition)
        _set_day(feature, "valid_from", valid_from)
        _set_day(feature, "valid_to", valid_to)
        set_time_columns(feature, valid_from, valid_to, self._time_indexes)
        for name, value in attributes.items():
            if value is not None:
                feature.SetField(name, value)
        if isinstance(geometry, QgsGeometry):
            geometry = ogr.CreateGeometryFromWkb(bytes(geometry.asWkb()))
        feature.SetGeometryDirectly(geometry)
        self.changed = True
        if self._control.CreateFeature(feature) != 0:
            raise StoreError(tr("Cannot write the control row of {} ({}): {}.").format(
                valid_from.isoformat(), attributes.get("imported_from", ""), gdal.GetLastErrorMsg()))
        return feature.GetFID()

    def set_valid_to(self, fid: int, valid_to: Optional[datetime.date]) -> None:
        """Change the end of one control row's validity."""
        feature = self._control.GetFeature(fid)
        if feature is None:
            raise StoreError(tr("Control row {} vanished from '{}'.").format(fid, self.path))
        _set_day(feature, "valid_to", valid_to)
        set_time_columns(feature, None, valid_to, (-1, self._time_indexes[1]))
        self.changed = True
        if self._control.SetFeature(feature) != 0:
            raise StoreError(tr("Cannot update control row {} ({}).").format(fid, gdal.GetLastErrorMsg()))

    def sources(self) -> Dict[str, SourceInfo]:
        table = self._dataset.GetLayerByName(SOURCES_TABLE)
        table.ResetReading()
        return {row.GetField("source"): _source_of(row)
                for row in table}

    def set_source(self, info: SourceInfo, keep_existing: bool = False) -> None:
        """Add or replace (unless ``keep_existing``) a row of the sources table."""
        table = self._dataset.GetLayerByName(SOURCES_TABLE)
        table.ResetReading()
        for row in table:
            if row.GetField("source") == info.source:
                if keep_existing:
                    return
                self.changed = True
                for name in SOURCE_INFO_FIELDS:
                    row.SetField(name, getattr(info, name))
                table.SetFeature(row)
                return
        row = ogr.Feature(table.GetLayerDefn())
        for name in SOURCE_INFO_FIELDS:
            row.SetField(name, getattr(info, name))
        self.changed = True
        table.CreateFeature(row)

    def add_drawing(self, table: str, geometry: QgsGeometry, attributes: Dict[str, object]) -> int:
        """Add one drawing (``drawings_arcs``: a LineString, ``drawings_corridors``:
        a Polygon, EPSG:4326) in the same transaction, creating its table when
        the store has none yet; returns its fid."""
        if table not in DRAWING_TABLES:
            raise StoreError(tr("'{}' is not a drawings table of a situation store.").format(table))
        return self.add_row(table, geometry, attributes)

    def add_row(self, table: str, geometry: Optional[QgsGeometry], attributes: Dict[str, object]) -> int:
        """Add one row to any registry table (created when the store has none
        yet) in the same transaction; fields the table lacks are left out;
        returns its fid."""
        layer = self._dataset.GetLayerByName(table)
        if layer is None:
            layer = _create_table(self._dataset, table)
        definition = layer.GetLayerDefn()
        indexes = self._field_indexes.get(table)
        if indexes is None:  # by index: OGR's Python bindings look names up in Python, per call
            indexes = self._field_indexes[table] = {
                definition.GetFieldDefn(i).GetName(): i for i in range(definition.GetFieldCount())}
        feature = ogr.Feature(definition)
        for name, value in attributes.items():
            index = indexes.get(name, -1)
            if value is None or index < 0:
                continue
            if isinstance(value, datetime.date):
                _set_day(feature, index, value)
            else:
                feature.SetField(index, value)
        if table == CONTROL_TABLE:
            set_time_columns(feature, attributes.get("valid_from"), attributes.get("valid_to"), self._time_indexes)
        if geometry is not None and not geometry.isNull():
            feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(bytes(geometry.asWkb())))
        self.changed = True
        if layer.CreateFeature(feature) != 0:
            raise StoreError(tr("Cannot write a row into '{}' ({}).").format(table, gdal.GetLastErrorMsg()))
        return feature.GetFID()

    # -- finishing --------------------------------------------------------------
    def commit(self) -> None:
        """Commit (and move the new store over ``path``); aborts on any failure.
        Nothing changed: the store is left as it was (not even rewritten)."""
        if not self.changed:
            self.abort()
            return
        try:
            with _QuietGdal():
                if self._dataset.CommitTransaction() != 0:
                    raise StoreError(tr("Cannot commit the changes to '{}' ({}).").format(
                        self.path, gdal.GetLastErrorMsg()))
                self._dataset.FlushCache()
            self._dataset = None
            self._control = None
            if not self.in_place:
                if os.path.exists(self.path + "-wal"):
                    # opened for editing meanwhile (QGIS edits it in place): replacing the
                    # file would cut that session off, so the new content goes into it
                    _copy_into_live_store(self.temp_path, self.path)
                    _remove_quietly(self.temp_path)
                else:
                    _flush_to_disk(self.temp_path)
                    publish(self.temp_path, self.path)  # ordinary permissions, then os.replace
                    _flush_folder(self.path)
            self._unlock()
        except OSError as error:
            self.abort()
            raise StoreError(tr("Cannot write the store '{}': {}.").format(self.path, error)) from error
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Drop every change; the store at ``path`` stays as it was."""
        if self._dataset is not None:
            with _QuietGdal():
                self._dataset.RollbackTransaction()
        self._dataset = None
        self._control = None
        if self.temp_path:
            _remove_quietly(self.temp_path)
        self._unlock()

    def _unlock(self) -> None:
        if self._locked:
            self._locked = False
            writer_lock.release(self.path)
