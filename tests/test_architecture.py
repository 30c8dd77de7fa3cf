"""The layering rules of DESIGN.md section 3, checked."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _modules_loaded_by(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    return set(out.split())


def test_core_and_documents_load_no_qt():
    core = sorted(p.stem for p in (ROOT / "mdtdesk" / "core").glob("*.py") if p.stem != "__init__")
    imports = "\n".join(f"import mdtdesk.core.{name}" for name in core)
    loaded = _modules_loaded_by(f"{imports}\nimport mdtdesk.documents")
    assert "mdtdesk.core.register" in loaded  # the import really happened
    assert not {m for m in loaded if m.startswith(("PySide6", "shiboken6"))}


def test_the_command_line_loads_no_qt_until_it_opens_the_window():
    loaded = _modules_loaded_by("import mdtdesk.cli")
    assert "mdtdesk.cli" in loaded
    assert not {m for m in loaded if m.startswith(("PySide6", "shiboken6", "mdtdesk.gui"))}


def test_the_first_screen_loads_no_sqlite_utils():
    # The window shows the case list through a plain connection; sqlite-utils (a tenth of a
    # second to import) is loaded after, for the first save.
    loaded = _modules_loaded_by("import mdtdesk.gui.app")
    assert "mdtdesk.gui.main_window" in loaded
    assert not {m for m in loaded if m.startswith("sqlite_utils")}


def test_the_gui_holds_no_sql():
    # Look at string literals, where SQL would be, not at names such as ``select=``.
    statement = re.compile(
        r"\bSELECT\b.*\bFROM\b|\bINSERT INTO\b|\bUPDATE \w+ SET\b|\bDELETE FROM\b"
        r"|\bCREATE (TABLE|INDEX)\b",
        re.S,
    )
    for path in (ROOT / "mdtdesk" / "gui").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not statement.search(node.value), f"{path.name} holds SQL: {node.value!r}"


@pytest.mark.parametrize("ui", sorted((ROOT / "ui").glob("*.ui")), ids=lambda p: p.name)
def test_generated_forms_match_their_designer_files(ui, tmp_path):
    uic = Path(sys.executable).with_name("pyside6-uic")
    fresh = tmp_path / "form.py"
    subprocess.run([str(uic), str(ui), "-o", str(fresh)], check=True)
    committed = ROOT / "mdtdesk" / "gui" / "forms" / f"ui_{ui.stem}.py"
    assert committed.read_text() == fresh.read_text(), "run `make forms` and commit the result"
