"""Optimistic feature edits on a PostGIS store: row versions, the trigger's
conflict (SQLSTATE SM409) and the guard on QGIS edit sessions."""

from typing import Dict, List, Optional, Tuple

from qgis.core import QgsGeometry, QgsVectorLayer

from ...infra.i18n import tr
from ..schema import GEOMETRY_COLUMN, STORE_INFO_TABLE, TABLES_BY_NAME
from .location import CONFLICT_SQLSTATE, EditConflict, PostgisStoreError

try:  # Debian python3-psycopg2; QGIS itself does not need it
    import psycopg2
    from psycopg2 import sql
except ImportError:  # pragma: no cover - reported when a PostGIS store is used
    psycopg2 = None
    sql = None

# -- optimistic feature edits ---------------------------------------------------------
# every registry table but store_info, which belongs to the store itself
_EDITABLE_TABLES = tuple(name for name in TABLES_BY_NAME if name != STORE_INFO_TABLE)


def read_version(conn, schema: str, table: str, fid: int) -> int:
    """The current ``row_version`` of a feature (what an editor remembers when reading it)."""
    _check_table(table)
    with conn.cursor() as cursor:
        cursor.execute(sql.SQL("SELECT row_version FROM {}.{} WHERE fid = %s").format(
            sql.Identifier(schema), sql.Identifier(table)), (fid,))
        row = cursor.fetchone()
    if row is None:
        raise PostgisStoreError(tr("{} feature {} does not exist (deleted by another analyst?).").format(table, fid))
    return int(row[0])


def _check_table(table: str) -> None:
    if table not in _EDITABLE_TABLES:
        raise PostgisStoreError(tr("'{}' is not a table of a situation store.").format(table))


def update_feature(conn, schema: str, table: str, fid: int, version_read: int,
                   values: Dict[str, object], geometry: Optional[QgsGeometry] = None) -> int:
    """Change a feature's attributes (and geometry) when nobody changed it since it
    was read at ``version_read``; returns its new row_version. Raises EditConflict
    (naming the feature, who changed it and when) otherwise; the transaction is
    then rolled back. Does not commit."""
    _check_table(table)
    known = set(TABLES_BY_NAME[table].field_names)
    assignments = []
    parameters: List[object] = []
    for name, value in values.items():
        if name not in known:
            raise PostgisStoreError(tr("'{}' is not a field of {}.").format(name, table))
        assignments.append(sql.SQL("{} = %s").format(sql.Identifier(name)))
        parameters.append(value)
    if geometry is not None:
        assignments.append(sql.SQL("{} = ST_SetSRID(ST_GeomFromWKB(%s), 4326)").format(
            sql.Identifier(GEOMETRY_COLUMN)))
        parameters.append(psycopg2.Binary(bytes(geometry.asWkb())))
    assignments.append(sql.SQL("row_version = %s"))
    parameters.extend([version_read, fid])
    statement = sql.SQL("UPDATE {}.{} SET {} WHERE fid = %s RETURNING row_version").format(
        sql.Identifier(schema), sql.Identifier(table), sql.SQL(", ").join(assignments))
    try:
        with conn.cursor() as cursor:
            cursor.execute(statement, parameters)
            row = cursor.fetchone()
    except psycopg2.Error as error:
        conn.rollback()
        raise conflict_or_store_error(error) from error
    if row is None:
        raise PostgisStoreError(tr("{} feature {} does not exist (deleted by another analyst?).").format(table, fid))
    return int(row[0])


class EditGuard:
    """Optimistic conflict detection for edits made in QGIS (an edit session on a
    store table opened through the postgres provider, e.g. the drawings layers).

    The ``row_version`` of every feature is remembered when editing starts and
    again after each save (the store's trigger bumped the saved ones; a save
    that keeps editing, as the Draw panel's does, goes on from there). When the
    edits are committed, each changed feature sends the version it was read at,
    so the trigger refuses the change of a feature another analyst saved in
    between: ``commitChanges`` fails, ``commitErrors()`` names the feature and
    who changed it, and the edit buffer keeps the user's edits.
    Keep the guard referenced as long as the layer is edited; :meth:`release`
    disconnects it."""

    def __init__(self, layer: QgsVectorLayer):
        self.layer = layer
        self.versions: Dict[int, int] = {}
        self._index = layer.fields().indexOf("row_version")
        if self._index < 0:
            raise PostgisStoreError(tr("Layer '{}' has no row_version field: not a table of a "
                                       "PostGIS situation store.").format(layer.name()))
        layer.editingStarted.connect(self._remember)
        layer.beforeCommitChanges.connect(self._stamp)
        layer.afterCommitChanges.connect(self._remember)
        self._remember()

    def _remember(self) -> None:
        from qgis.core import QgsFeatureRequest

        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        request.setSubsetOfAttributes([self._index])
        self.versions = {f.id(): f[self._index] for f in self.layer.dataProvider().getFeatures(request)}

    def _stamp(self, *_args) -> None:
        buffer = self.layer.editBuffer()
        if buffer is None:
            return
        changed = set(buffer.changedAttributeValues()) | set(buffer.changedGeometries())
        for fid in changed:
            if fid in self.versions:
                self.layer.changeAttributeValue(fid, self._index, self.versions[fid], self.versions[fid])

    def vanished(self) -> List[int]:
        """Changed features of the edit buffer that are no longer in the store
        (another analyst deleted them): saving would drop those edits silently."""
        buffer = self.layer.editBuffer()
        if buffer is None:
            return []
        changed = (set(buffer.changedAttributeValues()) | set(buffer.changedGeometries())) - set(
            buffer.addedFeatures())
        changed = {fid for fid in changed if fid >= 0}
        if not changed:
            return []
        from qgis.core import QgsFeatureRequest

        request = QgsFeatureRequest().setFilterFids(sorted(changed)).setNoAttributes()
        request.setFlags(QgsFeatureRequest.NoGeometry)
        present = {f.id() for f in self.layer.dataProvider().getFeatures(request)}
        return sorted(changed - present)

    def changed_before_deletion(self) -> List[Tuple[int, str, str]]:
        """Features deleted in the edit buffer that another analyst changed
        after they were read: ``(fid, who, when)`` each. Deleting them would
        drop that change unseen (the trigger checks versions on updates only)."""
        buffer = self.layer.editBuffer()
        if buffer is None:
            return []
        deleted = sorted(fid for fid in buffer.deletedFeatureIds() if fid in self.versions)
        if not deleted:
            return []
        from qgis.core import QgsFeatureRequest

        fields = self.layer.fields()
        who, when = fields.indexOf("changed_by"), fields.indexOf("changed_at")
        request = QgsFeatureRequest().setFilterFids(deleted).setFlags(QgsFeatureRequest.NoGeometry)
        request.setSubsetOfAttributes([i for i in (self._index, who, when) if i >= 0])
        changed = []
        for feature in self.layer.dataProvider().getFeatures(request):
            if feature[self._index] != self.versions[feature.id()]:
                stamp = feature[when] if when >= 0 else None
                stamp = stamp.toString("yyyy-MM-dd HH:mm:ss") if hasattr(stamp, "toString") else str(stamp or "")
                changed.append((feature.id(), str(feature[who]) if who >= 0 else "", stamp))
        return changed

    def release(self) -> None:
        self.layer.editingStarted.disconnect(self._remember)
        self.layer.beforeCommitChanges.disconnect(self._stamp)
        self.layer.afterCommitChanges.disconnect(self._remember)


def conflict_or_store_error(error) -> PostgisStoreError:
    """An EditConflict for the trigger's SM409, a PostgisStoreError otherwise."""
    message = (getattr(getattr(error, "diag", None), "message_primary", None) or str(error)).strip()
    if getattr(error, "pgcode", None) == CONFLICT_SQLSTATE:
        return EditConflict(message)
    return PostgisStoreError(message)
