"""Labels and layouts of a map product are made in the main thread, whichever
thread asks (QGIS 3.22 labels make a QtWebKit page as they are built), and then
live in the thread that asked; the call hands back results and errors."""

import threading

import pytest
from qgis.core import QgsLayoutItemLabel, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, QThread


def in_a_worker(work):
    """``work()`` run in another thread while this (main) thread runs its events."""
    box = {}

    def run():
        try:
            box["result"] = work()
        except BaseException as error:  # noqa: B902 - checked by the test
            box["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    while thread.is_alive():
        QCoreApplication.processEvents()
        thread.join(0.01)
    return box


def test_the_call_runs_in_the_main_thread_and_hands_back_result_and_error(qgis_app):
    from situation_mapper.infra.main_thread import call_on_main_thread

    main = QCoreApplication.instance().thread()
    box = in_a_worker(lambda: call_on_main_thread(lambda: QThread.currentThread() == main))
    assert box == {"result": True}

    def fails():
        raise ValueError("bad template")

    box = in_a_worker(lambda: call_on_main_thread(fails))
    assert isinstance(box["error"], ValueError) and str(box["error"]) == "bad template"
    assert call_on_main_thread(lambda: 42) == 42  # in the main thread: a plain call


def test_a_main_thread_that_does_not_answer_times_out_with_a_message(qgis_app):
    from situation_mapper.infra.main_thread import MainThreadTimeout, call_on_main_thread

    ran = []
    box = {}

    def work():
        try:
            call_on_main_thread(lambda: ran.append(1), timeout_s=0.2)
        except MainThreadTimeout as error:
            box["error"] = str(error)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(30)  # this thread runs no events meanwhile
    assert "main thread" in box["error"]
    QCoreApplication.processEvents()
    assert ran == []  # given up: not run later either


def test_labels_and_layouts_asked_for_by_a_run_are_made_in_the_main_thread(qgis_app, monkeypatch):
    from situation_mapper.export import layout_items
    from situation_mapper.export.layout_builder import shipped_template_path
    from qgis.PyQt.QtXml import QDomDocument

    main = QCoreApplication.instance().thread()
    made_in = []

    class SpyLabel(QgsLayoutItemLabel):
        def __init__(self, layout):
            made_in.append(QThread.currentThread() == main)
            super().__init__(layout)

    monkeypatch.setattr(layout_items, "QgsLayoutItemLabel", SpyLabel)
    with open(shipped_template_path("standard", "A4 portrait"), encoding="utf-8") as handle:
        document = QDomDocument()
        document.setContent(handle.read())
    project = QgsProject()

    def work():
        here = QThread.currentThread()
        layout, ok = layout_items.layout_from_template(project, document)
        label = layout_items.new_label(layout)
        layout.addLayoutItem(label)
        label.setText("made in the main thread")
        labels = [item for item in layout.items() if isinstance(item, QgsLayoutItemLabel)]
        return (ok, len(layout.pageCollection().pages()), sorted(item.id() for item in labels),
                all(item.thread() == here for item in labels))

    box = in_a_worker(work)
    # the template's six labels, read back from its XML, and the one asked for
    assert box["result"] == (True, 1, ["", "basis", "handling", "situation_date", "sources", "subtitle",
                                       "title"], True)
    assert made_in == [True] * 7
