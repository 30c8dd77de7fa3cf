"""write_atomically: the new file whole, or the old file untouched and nothing left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mdtdesk.core.errors import MdtError
from mdtdesk.documents import files
from mdtdesk.documents.files import write_atomically
from mdtdesk.documents.model import Document, Paragraph
from mdtdesk.documents.pdf import render_pdf
from mdtdesk.documents.word import render_docx

PATIENT = "Łukasz Wójcik"


def previous(folder: Path) -> Path:
    target = folder / f"Care plan {PATIENT}.pdf"
    target.write_bytes(b"%PDF the previous, complete file")
    return target


def test_writes_the_file_and_leaves_nothing_else(tmp_path):
    target = tmp_path / "minutes.docx"
    write_atomically(target, lambda temp: temp.write_bytes(b"new"))
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["minutes.docx"]


def test_a_writer_failing_half_way_leaves_the_previous_file_byte_identical(tmp_path):
    target = previous(tmp_path)
    before = target.read_bytes()

    def half_then_fail(temp: Path) -> None:
        temp.write_bytes(b"%PDF half a fi")
        raise RuntimeError("renderer broke")

    with pytest.raises(RuntimeError, match="renderer broke"):
        write_atomically(target, half_then_fail)
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == [target.name]


def test_a_failure_with_no_previous_file_leaves_no_file_at_all(tmp_path):
    def fail(temp: Path) -> None:
        temp.write_text("partial")
        raise KeyboardInterrupt  # even an interrupted export cleans up

    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path / "agenda.pdf", fail)
    assert os.listdir(tmp_path) == []


def test_a_failing_rename_leaves_the_previous_file_and_says_what_to_do(tmp_path, monkeypatch):
    target = previous(tmp_path)
    before = target.read_bytes()

    def refuse(_source, _destination):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(MdtError, match="close it"):
        write_atomically(target, lambda temp: temp.write_bytes(b"new"))
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == [target.name]


def test_the_file_is_synced_before_the_rename_and_the_folder_after(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(files.os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd)))
    monkeypatch.setattr(
        files.os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))
    )
    write_atomically(tmp_path / "x.pdf", lambda temp: temp.write_bytes(b"x"))
    expected = ["fsync", "replace", "fsync"] if os.name == "posix" else ["fsync", "replace"]
    assert events == expected


def test_the_temporary_name_says_nothing_about_the_document(tmp_path):
    seen = []
    target = tmp_path / f"Care plan {PATIENT} 943 476 5919.docx"
    write_atomically(target, lambda temp: (seen.append(temp), temp.write_bytes(b"x")))
    (temp,) = seen
    assert temp.parent == tmp_path  # same folder: the rename cannot cross file systems
    for word in ("Care", "Łukasz", "Wójcik", "943", "docx"):
        assert word not in temp.name


def test_a_missing_folder_is_refused_in_plain_words(tmp_path):
    with pytest.raises(MdtError) as refused:
        write_atomically(tmp_path / "gone" / "minutes.pdf", lambda temp: temp.write_bytes(b"x"))
    message = str(refused.value)
    assert "does not exist" in message and "Choose another folder" in message
    assert not (tmp_path / "gone").exists()


def test_a_folder_that_cannot_be_written_is_refused_in_plain_words(tmp_path, monkeypatch):
    # Tests may run as root, for whom every folder is writable: ask the check, not the disk.
    monkeypatch.setattr(files.os, "access", lambda _path, _mode: False)
    with pytest.raises(MdtError, match="permission to save files"):
        write_atomically(tmp_path / "minutes.pdf", lambda temp: temp.write_bytes(b"x"))
    assert os.listdir(tmp_path) == []


def test_a_target_that_is_a_folder_is_refused(tmp_path):
    (tmp_path / "minutes.pdf").mkdir()
    with pytest.raises(MdtError, match="is a folder"):
        write_atomically(tmp_path / "minutes.pdf", lambda temp: temp.write_bytes(b"x"))


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_replacing_a_file_keeps_its_permissions(tmp_path):
    target = previous(tmp_path)
    target.chmod(0o640)
    write_atomically(target, lambda temp: temp.write_bytes(b"new"))
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_the_renderers_write_through_it(tmp_path):
    document = Document(title=f"Care plan for {PATIENT}", subject="Care plan", author="GP")
    document.add(Paragraph("What matters to me: my garden."))
    for name, render in (("plan.pdf", render_pdf), ("plan.docx", render_docx)):
        target = tmp_path / name
        target.write_bytes(b"old")
        write_atomically(target, lambda temp, render=render: render(document, temp))
        assert target.read_bytes()[:4] in (b"%PDF", b"PK\x03\x04")
    assert sorted(os.listdir(tmp_path)) == ["plan.docx", "plan.pdf"]


def test_a_missing_file_of_mdtdesks_own_is_not_blamed_on_the_disk(tmp_path):
    target = tmp_path / "minutes.docx"

    def write(temp):
        # As python-docx does when its default template is missing from a broken install.
        raise FileNotFoundError(2, "No such file or directory", "/opt/mdtdesk/docx/default.docx")

    with pytest.raises(MdtError) as error:
        write_atomically(target, write)
    said = str(error.value)
    assert "default.docx" in said and "Reinstall mdtdesk" in said
    assert "disk" not in said
    assert not target.exists() and list(tmp_path.iterdir()) == []
