"""The situation store on PostgreSQL/PostGIS: one schema per situation, shared
by a team.

A PostGIS store holds the same tables as a GeoPackage store (``store/geopackage.py``,
tables and fields from the registry ``store/schema.py``): ``control``, ``sources``, ``store_info``,
``drawings_arcs`` and ``drawings_corridors``, plus ``schema_migrations`` (which
migration ran, when, by whom). Every data row carries its provenance:
``created_by``, ``created_at``, ``changed_by``, ``changed_at`` (filled by a
trigger from the database session, so no client can forge or forget them) and
``row_version``, bumped by the same trigger on every update.

**A store location** is a QGIS connection string with a ``schema`` (the
situation), optionally prefixed with ``postgres:``::

    postgres:service=situation_mapper_test schema=pokrovsk
    postgres:connection=MyDesk schema=pokrovsk      (a saved QGIS PostgreSQL connection)
    postgres:host=db.example dbname=gis authcfg=ab12cd3 schema=pokrovsk

Credentials come from a pg_service entry or QGIS's authentication manager
(``authcfg``); a password written in the location is used to connect but never
copied into a layer source, so it does not reach the project file.

**Concurrency.** Imports take a transaction-level advisory lock on the store, so
two imports run one after the other and the second sees the first's rows (nothing
lost, validity chains right); a unique index on (source, status, valid_from) is
the safety net. Feature edits are optimistic: a writer sends the ``row_version``
it read; when another writer changed the row in between, the trigger refuses the
update with SQLSTATE ``SM409`` and a message naming the table, the feature, who
changed it and when (:class:`EditConflict`).

Every statement is parameterised; identifiers (the schema) are quoted with
``psycopg2.sql.Identifier``; nothing is concatenated into SQL.
"""

from .edit_guard import EditGuard, conflict_or_store_error, read_version, update_feature  # noqa: F401
from .location import (  # noqa: F401
    PROVENANCE_FIELDS,
    EditConflict,
    NoStoreYet,
    PostgisLocation,
    PostgisStoreError,
    _connect_kwargs,
    connect,
    is_postgis_location,
    list_stores,
    parse_location,
    quoted_value,
    redacted,
    saved_connection_names,
)
from .migrations import MIGRATIONS, create, migrate, new_schema_problem, target_has_store, validate  # noqa: F401
from .reading import (  # noqa: F401
    query_session,
    control_count,
    control_layer,
    drawings_layer,
    layer_uri,
    processing_source,
    source_info,
    store_info,
)
from .update import PostgisStoreUpdate, set_source_info  # noqa: F401
