"""Translations: the catalogue pylupdate5 writes matches what tr() looks up."""

import shutil
import subprocess  # nosec B404 - runs Qt's lrelease
from pathlib import Path

import pytest
from qgis.PyQt.QtCore import QCoreApplication, QTranslator

CATALOGUE = Path(__file__).resolve().parents[1] / "i18n" / "situation_mapper_uk.ts"


def test_catalogue_lists_the_plugin_strings():
    text = CATALOGUE.read_text(encoding="utf-8")
    assert "<name>@default</name>" in text
    assert "<source>Situation &amp;Mapper</source>" in text
    assert "<name>SituationPanelBase</name>" in text


def test_a_compiled_translation_reaches_tr(tmp_path):
    from situation_mapper.infra.i18n import tr

    lrelease = shutil.which("lrelease")
    if lrelease is None:
        pytest.skip("lrelease (qttools5-dev-tools) is not installed")
    source = tmp_path / "test_uk.ts"
    source.write_text(
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.0" language="uk">'
        "<context><name>@default</name><message><source>Situation &amp;Mapper</source>"
        "<translation>Ситуаційна &amp;мапа</translation></message></context></TS>",
        encoding="utf-8")
    subprocess.run([lrelease, "-silent", str(source), "-qm", str(tmp_path / "test_uk.qm")],  # nosec B603
                   check=True, timeout=60)
    translator = QTranslator()
    assert translator.load(str(tmp_path / "test_uk.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        assert tr("Situation &Mapper") == "Ситуаційна &мапа"
    finally:
        QCoreApplication.removeTranslator(translator)
    assert tr("Situation &Mapper") == "Situation &Mapper"
