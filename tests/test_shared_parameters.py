"""The parameters every figure of a control layer shares are declared once:
the same name, label, type and default wherever they appear."""

import pytest
from qgis.core import QgsApplication, QgsProcessingParameterDefinition

SERIES = ("occupiedshare", "encirclement", "corridor", "routebuffer", "frontline", "frontdistance")
SINGLE_DAY = ("changes", "snapshotat", "compareclaims")


def definitions(name):
    algorithm = QgsApplication.processingRegistry().algorithmById(f"situationmapper:{name}")
    assert algorithm is not None, name
    return {d.name(): d for d in algorithm.parameterDefinitions()}


def shape(definition):
    optional = bool(definition.flags() & QgsProcessingParameterDefinition.FlagOptional)
    return definition.type(), definition.description(), definition.defaultValue(), optional


def test_control_is_one_declaration(provider):
    shapes = {name: shape(definitions(name)["CONTROL"]) for name in SERIES + SINGLE_DAY}
    assert len(set(shapes.values())) == 1, shapes
    assert shapes["corridor"] == ("vector", "Control layer or situation store", None, False)


def test_dates_is_one_declaration_in_every_series(provider):
    shapes = {name: shape(definitions(name)["DATES"]) for name in SERIES}
    assert len(set(shapes.values())) == 1, shapes
    kind, _label, default, optional = shapes["occupiedshare"]
    assert kind == "string" and default == "" and optional
    for name in SINGLE_DAY:
        assert "DATES" not in definitions(name)


@pytest.mark.parametrize("name, default", [
    ("occupiedshare", "occupied"), ("compareclaims", "occupied"), ("encirclement", "occupied"),
    ("corridor", "occupied"), ("routebuffer", "occupied"), ("frontline", "occupied"), ("frontdistance", "occupied"),
    ("changes", None), ("snapshotat", None)])
def test_statuses_defaults(provider, name, default):
    kind, _label, value, optional = shape(definitions(name)["STATUSES"])
    assert kind == "string" and value == default and optional == (default is None)


def test_sources_agree(provider):
    shapes = {name: shape(definitions(name)["SOURCES"]) for name in SERIES + SINGLE_DAY
              if name != "snapshotat"}
    assert len(set(shapes.values())) == 1, shapes
    assert shapes["occupiedshare"][1] == "Sources (comma separated; empty: each source)"


def test_the_dialog_order_is_kept(provider):
    assert list(definitions("occupiedshare"))[:7] == [
        "AREAS", "AREA_NAME_FIELD", "CONTROL", "STATUSES", "UPPER_STATUSES", "SOURCES", "DATES"]
    assert list(definitions("changes"))[:5] == ["CONTROL", "DATE_A", "DATE_B", "STATUSES", "SOURCES"]
    assert list(definitions("frontline"))[:4] == ["CONTROL", "DATE", "STATUSES", "SOURCES"]
    assert list(definitions("frontdistance")) == [
        "TARGETS", "TARGET_NAME_FIELD", "CONTROL", "STATUSES", "SOURCES", "DATES", "WINDOW_DAYS",
        "TABLE", "NEAREST"]
