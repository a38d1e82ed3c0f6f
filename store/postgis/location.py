"""PostGIS store locations (``postgres:service=... schema=...``), their public
(password-free) spelling, and connections to the store's database."""

import re
from dataclasses import dataclass
from typing import Dict, List

from qgis.core import QgsApplication, QgsDataSourceUri, QgsProviderRegistry

from ...infra.i18n import tr
from ..schema import MIGRATIONS_TABLE  # noqa: F401 (part of this module's API)
from ..types import StoreError

try:  # Debian python3-psycopg2; QGIS itself does not need it
    import psycopg2
    from psycopg2 import sql
except ImportError:  # pragma: no cover - reported when a PostGIS store is used
    psycopg2 = None
    sql = None

URI_PREFIXES = ("postgres:", "postgresql:", "pg:")

CONFLICT_SQLSTATE = "SM409"
CONNECT_TIMEOUT_S = "10"
PROVENANCE_FIELDS = ("created_by", "created_at", "changed_by", "changed_at", "row_version")
_LOCATION_START = re.compile(r"^\s*(service|dbname|host|authcfg|connection)\s*=", re.IGNORECASE)


class PostgisStoreError(StoreError):
    """The location is not a usable PostGIS situation store; the message says
    why (``reason``: the same without naming the store, for messages that do)."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason or message


class EditConflict(PostgisStoreError):
    """Another writer changed the feature after this writer read it."""


class NoStoreYet(PostgisStoreError):
    """The database answers but has no store in that schema yet (the first
    import creates it)."""


def is_postgis_location(text) -> bool:
    """True when ``text`` names a PostGIS store (``postgres:...`` or a connection string)."""
    if not isinstance(text, str):
        return False
    stripped = text.strip()
    return stripped.lower().startswith(URI_PREFIXES) or bool(_LOCATION_START.match(stripped))


# -- locations and connections ------------------------------------------------------
@dataclass(frozen=True)
class PostgisLocation:
    """A parsed store location: the connection (a QGIS data source URI without
    table) and the store's schema."""

    connection: str  # QgsDataSourceUri connection info, may hold a password: never persisted
    schema: str
    text: str

    def uri(self) -> QgsDataSourceUri:
        return QgsDataSourceUri(self.connection)

    def public_text(self) -> str:
        """The location without any password: safe to show, log and save
        (values quoted only where they need it)."""
        uri = self.uri()
        uri.setPassword("")
        info = _strip_empty_password(uri.connectionInfo(False))
        return "postgres:{} schema={}".format(_PLAIN_QUOTED.sub(r"\1=\2", info), quoted_value(self.schema))


_PLAIN_VALUE = r"[A-Za-z0-9_.\-]+"  # a connection-string value that needs no quotes
_PLAIN_QUOTED = re.compile(r"(\w+)='({})'".format(_PLAIN_VALUE))


def quoted_value(value: str) -> str:
    """A connection-string value, single-quoted only when it needs to be."""
    if value and re.fullmatch(_PLAIN_VALUE, value):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _strip_empty_password(info: str) -> str:
    return re.sub(r"\s*password=''", "", info).strip()


def parse_location(text: str, need_schema: bool = True) -> PostgisLocation:
    """Parse a store location (see the module help); raises PostgisStoreError.
    With ``need_schema`` False, a location naming only the database is accepted
    (schema ""), e.g. to list the stores it holds."""
    if not is_postgis_location(text):
        raise PostgisStoreError(tr("'{}' is not a PostGIS store location "
                                   "(postgres:service=... schema=...).").format(redacted(text)))
    body = text.strip()
    for prefix in URI_PREFIXES:
        if body.lower().startswith(prefix):
            body = body[len(prefix):].lstrip("/")
            break
    uri = QgsDataSourceUri(body)
    schema = uri.schema() or uri.param("schema")
    if not schema and need_schema:
        raise PostgisStoreError(tr("The PostGIS store location '{}' names no schema "
                                   "(add schema=NAME, the situation).").format(redacted(text)))
    connection_name = uri.param("connection")
    if connection_name:
        uri = _saved_connection_uri(connection_name)
    elif not (uri.service() or uri.host() or uri.database() or uri.authConfigId()):
        raise PostgisStoreError(tr("The PostGIS store location '{}' names no database "
                                   "(service=, connection=, host= or dbname=).").format(redacted(text)))
    plain = QgsDataSourceUri()
    if uri.service():
        plain.setConnection(uri.service(), uri.database(), uri.username(), uri.password(),
                            uri.sslMode(), uri.authConfigId())
    else:
        plain.setConnection(uri.host(), uri.port(), uri.database(), uri.username(), uri.password(),
                            uri.sslMode(), uri.authConfigId())
    return PostgisLocation(plain.connectionInfo(False), schema or "", text)


def saved_connection_names() -> List[str]:
    """The names of the PostgreSQL connections saved in QGIS (Data Source Manager)."""
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    if metadata is None:
        return []
    try:
        return sorted(metadata.connections().keys())
    except Exception:  # QgsProviderConnectionException: unreadable settings
        return []


def list_stores(database: str) -> List[str]:
    """The schemas of a database holding a situation store (those with a
    ``schema_migrations`` table), sorted. ``database`` is a location, its schema
    not needed (``postgres:service=desk``); raises PostgisStoreError."""
    parsed = parse_location(database, need_schema=False)
    conn = connect(parsed)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                           "WHERE c.relname = %s AND c.relkind = 'r' ORDER BY 1", (MIGRATIONS_TABLE,))
            return [row[0] for row in cursor.fetchall()]
    except psycopg2.Error as error:
        raise PostgisStoreError(str(error).strip()) from error
    finally:
        conn.close()


def redacted(text: str) -> str:
    """``text`` with any password=... replaced by ***."""
    return re.sub(r"password\s*=\s*('[^']*'|\S+)", "password=***", text)


def _saved_connection_uri(name: str) -> QgsDataSourceUri:
    """The URI of a saved QGIS PostgreSQL connection (Data Source Manager)."""
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    if metadata is None:
        raise PostgisStoreError(tr("QGIS has no PostgreSQL provider here."))
    try:
        connection = metadata.findConnection(name)
    except Exception as error:  # QgsProviderConnectionException
        raise PostgisStoreError(tr("No QGIS PostgreSQL connection named '{}' ({}).").format(name, error)) from error
    if connection is None:
        raise PostgisStoreError(tr("No QGIS PostgreSQL connection named '{}'.").format(name))
    return QgsDataSourceUri(connection.uri())


def _connect_kwargs(location: PostgisLocation) -> Dict[str, str]:
    """libpq keywords for psycopg2: the pg_service entry, or the authcfg expanded
    by QGIS's authentication manager (credentials stay in memory)."""
    uri = location.uri()
    kwargs = {}
    if uri.service():
        kwargs["service"] = uri.service()
    for key, value in (("host", uri.host()), ("port", uri.port()), ("dbname", uri.database()),
                       ("user", uri.username()), ("password", uri.password())):
        if value:
            kwargs[key] = value
    # an unreachable server is said within seconds, not after the system's TCP timeout
    kwargs["connect_timeout"] = CONNECT_TIMEOUT_S
    if uri.sslMode() not in (QgsDataSourceUri.SslPrefer,):
        kwargs["sslmode"] = QgsDataSourceUri.encodeSslMode(uri.sslMode())
    if uri.authConfigId():
        manager = QgsApplication.authManager()
        items = [f"user='{kwargs.get('user', '')}'", "password=''"]
        result = manager.updateDataSourceUriItems(items, uri.authConfigId(), "postgres")
        ok, items = (result if isinstance(result, tuple) else (result, items))
        if not ok:
            raise PostgisStoreError(tr("QGIS's authentication manager could not expand the "
                                       "authentication configuration '{}'.").format(uri.authConfigId()))
        expanded = QgsDataSourceUri(" ".join(items))
        if expanded.username():
            kwargs["user"] = expanded.username()
        if expanded.password():
            kwargs["password"] = expanded.password()
    return kwargs


def connect(location) -> "psycopg2.extensions.connection":
    """A new psycopg2 connection to the store's database (not in autocommit)."""
    if psycopg2 is None:
        raise PostgisStoreError(tr("PostGIS stores need the Python module psycopg2 "
                                   "(Debian: python3-psycopg2)."))
    if isinstance(location, str):
        location = parse_location(location)
    try:
        conn = psycopg2.connect(application_name="Situation Mapper", **_connect_kwargs(location))
    except psycopg2.Error as error:
        raise PostgisStoreError(tr("Cannot connect to the PostGIS store '{}': {}").format(
            location.public_text(), str(error).strip()), str(error).strip()) from error
    return conn
