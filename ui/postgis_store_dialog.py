"""A dialog choosing a team situation store on PostGIS: a database (a QGIS
connection or a pg_service entry) and a schema. It gives back a store location
(``postgres:connection=Desk schema=pokrovsk``) that the panels and algorithms
take wherever they take a GeoPackage path; no password is ever part of it."""

from typing import Optional

from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox

from ..infra.i18n import tr
from .. import store
from ..store import StoreError
from .form_loader import load_ui

SERVICE_CHOICE = "service"
# a PostGIS location typed into a store field is read after this pause, not per key
STORE_TYPING_PAUSE_MS = 700


class PostgisStoreDialog(QDialog, load_ui("postgis_store_dialog")):
    """Pick a database and a schema; :meth:`location` is the store location."""

    def __init__(self, location: str = "", parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self._schema_tooltip = self.schemaCombo.toolTip()
        self._listing_status: Optional[str] = None  # what list_stores said
        for name in store.saved_connection_names():
            self.connectionCombo.addItem(tr("QGIS connection: {}").format(name), name)
        self.connectionCombo.addItem(tr("pg_service entry"), SERVICE_CHOICE)
        self.connectionCombo.currentIndexChanged.connect(self._database_changed)
        self.serviceEdit.editingFinished.connect(self.list_stores)
        self.refreshButton.clicked.connect(self.list_stores)
        self.schemaCombo.editTextChanged.connect(self._update_ok)
        self.buttonBox.accepted.connect(self.accept)
        self.buttonBox.rejected.connect(self.reject)
        self._show_location(location)
        self._database_changed()

    def _show_location(self, location: str) -> None:
        """Preselect the database and schema of an earlier location."""
        if not location or not store.is_team_store(location):
            return
        try:
            parsed = store.parse_team_location(location, need_schema=False)
        except StoreError:
            return
        service = parsed.uri().service()
        if service:
            self.connectionCombo.setCurrentIndex(self.connectionCombo.findData(SERVICE_CHOICE))
            self.serviceEdit.setText(service)
        self.schemaCombo.setEditText(parsed.schema)

    def database(self) -> str:
        """The chosen database as a location without schema ("" when incomplete)."""
        choice = self.connectionCombo.currentData()
        if choice == SERVICE_CHOICE:
            service = self.serviceEdit.text().strip()
            return "postgres:service={}".format(store.quoted_value(service)) if service else ""
        return "postgres:connection={}".format(store.quoted_value(choice)) if choice else ""

    def location(self) -> str:
        """The store location, or "" when the database or schema is missing."""
        database, schema = self.database(), self.schemaCombo.currentText().strip()
        if not database or not schema:
            return ""
        return "{} schema={}".format(database, store.quoted_value(schema))

    def _database_changed(self, *_args) -> None:
        self.serviceEdit.setEnabled(self.connectionCombo.currentData() == SERVICE_CHOICE)
        self.list_stores()

    def list_stores(self) -> None:
        """Fill the schema list with the database's stores; say what went wrong."""
        database = self.database()
        typed = self.schemaCombo.currentText()
        self.schemaCombo.blockSignals(True)
        self.schemaCombo.clear()
        if not database:
            self.statusLabel.setText(tr("Choose a QGIS connection or name a pg_service entry."))
        else:
            try:
                stores = store.list_team_stores(database)
            except StoreError as error:
                self.statusLabel.setText(tr("Cannot read the database: {}").format(error))
            else:
                self.schemaCombo.addItems(stores)
                self.statusLabel.setText(
                    tr("{} situation store(s) in this database. Type a new name to start one: "
                       "the first import creates it.").format(len(stores)) if stores else
                    tr("No situation store in this database yet: type a schema name; the first "
                       "import creates it."))
        self._listing_status = self.statusLabel.text()
        self.schemaCombo.setEditText(typed)
        self.schemaCombo.blockSignals(False)
        self._update_ok()

    def _update_ok(self, *_args) -> None:
        """OK once a database and an existing store or a good new schema name are given."""
        schema = self.schemaCombo.currentText().strip()
        known = [self.schemaCombo.itemText(i) for i in range(self.schemaCombo.count())]
        problem = store.new_team_store_problem(schema) if schema and schema not in known else ""
        self.schemaCombo.setToolTip(problem or self._schema_tooltip)
        if problem:
            self.statusLabel.setText(problem)
        elif self._listing_status is not None:
            self.statusLabel.setText(self._listing_status)
        self.buttonBox.button(QDialogButtonBox.Ok).setEnabled(bool(self.location()) and not problem)
