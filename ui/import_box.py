"""The Situation tab's import box: the folder's files with the date in each
name, the import's parameters and checks, and the background import run.

A mixin of :class:`~.situation_panel.SituationPanel`: it works on the tab's
import widgets (``importFolderWidget``, ``importPreviewTable``, ...) and its
store, and leaves computing to ``situationmapper:importsnapshots``.

The source's licence, web address and attribution are kept per source in the
store's ``sources`` table: typing or choosing a source the store knows fills
them from the store; an empty field keeps what the store has.
"""

import os
from typing import Dict, Optional

from qgis.core import Qgis
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QCompleter

from ..infra.i18n import tr
from ..infra.log import log
from ..store import (
    ControlLayerError,
    SourceInfo,
    display_name,
    is_team_store,
    open_control_layer,
    read_records,
    source_info,
)
from ..layers.situation_layers import prepare_series_layers
from .algorithm_runner import AlgorithmRun
from .import_preview import fill_preview_table, preview_folder, preview_summary

IMPORT_ALGORITHM = "situationmapper:importsnapshots"


class ImportBoxMixin:
    """Import of dated snapshot files into the tab's store."""

    # -- the source's licence, web address and attribution, kept per source --------
    def source_detail_edits(self):
        """The licence, web address and attribution fields, by sources table field."""
        return {"licence": self.sourceLicenceLineEdit, "url": self.sourceUrlLineEdit,
                "attribution": self.sourceAttributionLineEdit}

    def connect_source_details(self):
        """Fill the source's details whenever the source named is one the store knows."""
        self.known_sources: Dict[str, SourceInfo] = {}
        self._details_filled_from: Optional[SourceInfo] = None
        self.sourceLineEdit.textChanged.connect(self.fill_source_details)

    def read_known_sources(self, path: str):
        """The store's sources table: offered as completions of the source field."""
        self.known_sources = {}
        if path and (is_team_store(path) or os.path.isfile(path)):
            try:
                self.known_sources = source_info(path)
            except Exception as error:  # noqa: BLE001 - an unreadable store offers nothing; refresh_store says why
                log.info("No sources read from %s: %s", display_name(path), error)
        completer = QCompleter(sorted(self.known_sources), self.sourceLineEdit)
        completer.setCaseSensitivity(Qt.CaseInsensitive)
        self.sourceLineEdit.setCompleter(completer)
        self.fill_source_details(self.sourceLineEdit.text())

    def fill_source_details(self, text: str = ""):
        """A source the store knows: its stored licence, web address and
        attribution in the fields. Another source: fields filled for the
        previous one are emptied (fields the user typed stay)."""
        known = getattr(self, "known_sources", {}).get((text or "").strip())
        edits = self.source_detail_edits()
        filled = getattr(self, "_details_filled_from", None)
        if known is None:
            if filled is not None and all(edit.text() == getattr(filled, key) for key, edit in edits.items()):
                for edit in edits.values():
                    edit.clear()
            self._details_filled_from = None
            return
        for key, edit in edits.items():
            edit.setText(getattr(known, key))
        self._details_filled_from = known

    def set_import_folder(self, folder: str = ""):
        """List the folder's files with the date found in each name or the problem."""
        folder = folder or self.importFolderWidget.filePath()
        self.preview_rows = []
        if folder and os.path.isdir(folder):
            self.preview_rows = preview_folder(folder)
        fill_preview_table(self.importPreviewTable, self.preview_rows)
        self.importSummaryLabel.setText(preview_summary(self.preview_rows) if folder
                                        else tr("Choose a folder of snapshot files."))
        self._update_enabled()

    def import_parameters(self) -> Dict:
        """The importsnapshots parameters the panel's inputs describe."""
        return {
            "INPUT": [r.path for r in self.preview_rows if r.importable],
            "DATE_SOURCE": 0,
            "STATUS": self.statusComboBox.currentText().strip(),
            "SOURCE": self.sourceLineEdit.text().strip(),
            "SIDE": self.sideLineEdit.text().strip(),
            "CONFIDENCE": self.confidenceComboBox.currentText().strip(),
            "SOURCE_LICENCE": self.sourceLicenceLineEdit.text().strip(),
            "SOURCE_URL": self.sourceUrlLineEdit.text().strip(),
            "SOURCE_ATTRIBUTION": self.sourceAttributionLineEdit.text().strip(),
            "OUTPUT": self.store_path,
        }

    def start_import(self) -> Optional[AlgorithmRun]:
        """Import the previewed dated files into the store in the background."""
        parameters = self.import_parameters()
        problem = None
        if not parameters["OUTPUT"]:
            problem = tr("Choose or name a situation store (.gpkg or PostGIS) first.")
        elif not is_team_store(parameters["OUTPUT"]) and not parameters["OUTPUT"].lower().endswith(".gpkg"):
            problem = tr("The situation store must be a GeoPackage (.gpkg) or a PostGIS store "
                         "(postgres:service=... schema=...): {}").format(parameters["OUTPUT"])
        elif not parameters["INPUT"]:
            problem = tr("No file with a date in its name to import.")
        elif not parameters["STATUS"]:
            problem = tr("Give the status of the imported ground (e.g. occupied).")
        elif not parameters["SOURCE"]:
            problem = tr("Give the source of the snapshots (e.g. DeepStateMap).")
        if problem:
            self._message(problem, Qgis.Warning)
            return None
        # the store's records are read again after the import in the background:
        # read on the main thread, the whole series froze the GUI
        run = AlgorithmRun(IMPORT_ALGORITHM, parameters, tr("Import of {} snapshots").format(
            len(parameters["INPUT"])), self._message_bar(), self, collect=self._store_records_reader)
        run.progress.connect(lambda value: self.importProgressBar.setValue(int(value)))
        run.finished.connect(self._import_finished)
        self.importProgressBar.setValue(0)
        self.import_run = run
        if not run.start():
            self.import_run = None
            return None
        self._update_enabled()
        log.info("Import of %d snapshot files into %s started", len(parameters["INPUT"]), parameters["OUTPUT"])
        return run

    @staticmethod
    def _store_records_reader(run, _results):
        """The reading, in the run's background task, of the GeoPackage store just
        written: ``(location, records, {series: new layer})``, None when it cannot be read there (the
        panel then reads it and says why). A team store is read by the panel."""
        location = run.parameters.get("OUTPUT") or ""
        if not location or is_team_store(location):
            return lambda: None

        def read():
            try:
                records = read_records(open_control_layer(location))
            except ControlLayerError as error:
                log.info("The store %s is read again on the main thread: %s", display_name(location), error)
                return None
            # the layers of its series made here too (opening the store, the styles),
            # handed to the main thread, which adds those not in the project yet
            return location, records, prepare_series_layers(location, sorted({(r.source, r.status) for r in records}))
        return read

    def cancel_import(self):
        """Ask the running import to stop."""
        if self.import_run is not None and self.import_run.is_running():
            self.import_run.cancel()

    def _import_finished(self, ok: bool, results: dict):
        self._update_enabled()
        if not ok:
            self.importProgressBar.setValue(0)
            self.refresh_store()
            return
        self.importProgressBar.setValue(100)
        collected = self.import_run.collected if self.import_run is not None else None
        if collected is not None and collected[0] == self.store_path:
            self.refresh_store(records=collected[1])
            # the series of the records just read: the store is not read a third time
            self.add_layers_to_map(series=sorted({(r.source, r.status) for r in self.records}),
                                   prepared=collected[2])
        else:
            self.refresh_store()
            self.add_layers_to_map()
        text = tr("Imported {} snapshots ({} to {}) into {}.").format(
            results.get("IMPORTED", "?"), results.get("FIRST_DATE", "?"),
            results.get("LAST_DATE", "?"), display_name(self.store_path))
        if results.get("SKIPPED"):
            text += " " + tr("{} skipped.").format(results["SKIPPED"])
        self._message(text, Qgis.Success)
        self.context.announce_store_written(self.store_path)
