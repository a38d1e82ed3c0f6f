"""Atomic writes: all or nothing, and ordinary permissions."""

import os
import stat

import pytest

from situation_mapper.infra.atomic_files import AtomicWriteError, FILE_MODE, atomic_path


def test_written_file_replaces_the_old_one_with_ordinary_permissions(tmp_path):
    target = tmp_path / "table.csv"
    target.write_text("old", encoding="utf-8")
    with atomic_path(str(target)) as temporary:
        assert os.path.dirname(temporary) == str(tmp_path)
        with open(temporary, "w", encoding="utf-8") as stream:
            stream.write("new")
        assert target.read_text(encoding="utf-8") == "old"  # not yet replaced
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == FILE_MODE
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_a_failure_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "map.pdf"
    target.write_bytes(b"earlier product")
    with pytest.raises(ValueError):
        with atomic_path(str(target)) as temporary:
            with open(temporary, "wb") as stream:
                stream.write(b"half")
            raise ValueError("renderer failed")
    assert target.read_bytes() == b"earlier product"
    assert [p.name for p in tmp_path.iterdir()] == ["map.pdf"]


def test_empty_output_and_missing_folder_are_errors(tmp_path):
    with pytest.raises(AtomicWriteError, match="produced no data"):
        with atomic_path(str(tmp_path / "empty.png")):
            pass
    assert not (tmp_path / "empty.png").exists()
    with pytest.raises(AtomicWriteError, match="does not exist"):
        with atomic_path(str(tmp_path / "nowhere" / "x.csv")):
            pass
