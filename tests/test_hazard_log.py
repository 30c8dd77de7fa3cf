"""The clinical safety hazard log stays honest: every automated test it names as verifying a
control exists, and every hazard names at least one such test unless its status is open.

The log is docs/clinical-safety/hazard-log.md. A test named there as a pytest node id
(``tests/test_backups.py::test_name``, or ``tests/x.py::Class::test_name``; a parametrised test
may carry its ``[id]``) must be a file of this checkout that defines that function, read with
``ast`` so nothing is imported or run. Renaming or deleting a test the log relies on fails here,
and the log is put right in the same change.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOG = ROOT / "docs" / "clinical-safety" / "hazard-log.md"

# tests/...py then one or more ::name parts, then perhaps a parametrised test's [id].
NODE_ID = re.compile(
    r"(?P<path>tests/[A-Za-z0-9_/]+\.py)(?P<parts>(?:::[A-Za-z_][A-Za-z0-9_]*)+)(?:\[[^\]\s`]*\])?"
)
ENTRY = re.compile(r"^### (?P<id>H-\d\d)\b.*$", re.MULTILINE)
STATUS = re.compile(r"^\*\*Status:\*\*\s*(?P<status>.+)$", re.MULTILINE)
FIELDS = (
    "Hazard",
    "Potential clinical impact",
    "Causes",
    "Existing controls",
    "Initial risk",
    "Residual risk",
    "Verified by",
    "Status",
)


def node_ids(text: str) -> list[str]:
    """Every test node id named in ``text``, in order, without a parametrised test's [id]."""
    return [m.group("path") + m.group("parts") for m in NODE_ID.finditer(text)]


def _defines(tree: ast.Module, names: list[str]) -> bool:
    """Whether the module defines ``names`` (a function, or a class then a method in it)."""
    scope: list[ast.stmt] = tree.body
    for n, name in enumerate(names):
        last = n == len(names) - 1
        kinds = (ast.FunctionDef, ast.AsyncFunctionDef) if last else (ast.ClassDef,)
        found = next((s for s in scope if isinstance(s, kinds) and s.name == name), None)
        if found is None:
            return False
        scope = getattr(found, "body", [])
    return True


def missing(node_id: str, root: Path = ROOT) -> str | None:
    """Why ``node_id`` names no test in the checkout at ``root``, or None when it does."""
    path, *names = node_id.split("::")
    file = root / path
    if not file.is_file():
        return f"{node_id}: there is no file {path}"
    if not names[-1].startswith("test"):
        return f"{node_id}: {names[-1]} is not a test function's name"
    if not _defines(ast.parse(file.read_text(encoding="utf-8"), str(file)), names):
        return f"{node_id}: {path} defines no {'::'.join(names)}"
    return None


def entries(text: str) -> dict[str, str]:
    """Each hazard entry's text by its id (H-01...), from its heading to the next heading."""
    starts = list(ENTRY.finditer(text))
    found = {}
    for n, match in enumerate(starts):
        end = starts[n + 1].start() if n + 1 < len(starts) else len(text)
        # An entry ends at the next heading of its level or above (### or ##).
        following = re.search(r"^#{1,3} ", text[match.end() : end], re.MULTILINE)
        stop = match.end() + following.start() if following else end
        found[match.group("id")] = text[match.start() : stop]
    return found


def status(entry: str) -> str:
    """The entry's status as written, lower-cased; "" when it has none."""
    match = STATUS.search(entry)
    return match.group("status").strip().lower() if match else ""


def problems(text: str, root: Path = ROOT) -> list[str]:
    """Everything wrong with the hazard log ``text``, one sentence each; empty when honest."""
    found = [p for n in dict.fromkeys(node_ids(text)) if (p := missing(n, root))]
    hazards = entries(text)
    if not hazards:
        found.append("the log has no hazard entries (### H-01 ...)")
    expected = [f"H-{n:02d}" for n in range(1, len(hazards) + 1)]
    if list(hazards) != expected:
        found.append(f"hazard ids are not H-01 onwards in order: {list(hazards)}")
    for hazard, entry in hazards.items():
        for field in FIELDS:
            if f"**{field}:**" not in entry:
                found.append(f"{hazard} has no **{field}:**")
        state = status(entry)
        if not state:
            continue
        if not state.startswith("open") and not node_ids(entry):
            found.append(f"{hazard} is '{state}' but names no automated test")
    return found


def _log() -> str:
    assert LOG.is_file(), f"the hazard log is missing: {LOG}"
    return LOG.read_text(encoding="utf-8")


def test_every_test_the_hazard_log_names_exists_and_every_controlled_hazard_names_one():
    text = _log()
    assert len(node_ids(text)) > 20, "the log names hardly any tests: is the pattern right?"
    assert problems(text) == []


def test_the_log_has_the_hazards_the_clinical_safety_case_relies_on():
    hazards = entries(_log())
    assert len(hazards) >= 13
    # The gap of a case closed with its actions still open stays on the log; since its control
    # was built, the entry is no longer open and names the tests of that control.
    gap = next(e for e in hazards.values() if "closed with its actions still open" in e.lower())
    assert not status(gap).startswith("open")
    assert any(n.startswith("tests/test_case_closing.py::") for n in node_ids(gap))
    assert any(n.startswith("tests/gui/test_close_case_dialog.py::") for n in node_ids(gap))


# -- the check itself can fail -----------------------------------------------------------------

ENTRY_TEXT = """\
### H-01 Something

**Hazard:** a. **Potential clinical impact:** b. **Causes:** c. **Existing controls:** d.
**Initial risk:** e. **Residual risk:** f.

**Verified by:**

{tests}

**Status:** {status}
"""


def test_a_renamed_or_missing_test_is_caught():
    real = "tests/test_crash_safety.py::test_the_checks_catch_torn_or_older_autosaved_notes"
    assert missing(real) is None
    bogus = "tests/test_crash_safety.py::test_no_such_test_was_ever_written"
    assert "defines no test_no_such_test_was_ever_written" in missing(bogus)
    assert "there is no file" in missing("tests/test_nowhere.py::test_anything")
    assert "defines no" in missing("tests/test_minutes_redaction.py::Someone::test_typed")
    text = ENTRY_TEXT.format(tests=f"- `{bogus}`", status="Controlled")
    assert problems(text) == [
        f"{bogus}: tests/test_crash_safety.py defines no test_no_such_test_was_ever_written"
    ]


def test_a_parametrised_id_and_a_method_in_a_class_are_understood(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text(
        "class TestThing:\n    def test_one(self):\n        pass\n\n"
        "async def test_two():\n    pass\n",
        encoding="utf-8",
    )
    text = "`tests/test_x.py::TestThing::test_one` and `tests/test_x.py::test_two[a-b]`."
    assert node_ids(text) == ["tests/test_x.py::TestThing::test_one", "tests/test_x.py::test_two"]
    assert [missing(n, tmp_path) for n in node_ids(text)] == [None, None]
    assert missing("tests/test_x.py::test_one", tmp_path) is not None  # not at module level
    assert missing("tests/test_x.py::TestOther::test_one", tmp_path) is not None


def test_a_controlled_hazard_without_a_test_is_caught_and_an_open_one_is_not():
    bare = ENTRY_TEXT.format(tests="none yet", status="Controlled")
    assert problems(bare) == ["H-01 is 'controlled' but names no automated test"]
    assert problems(ENTRY_TEXT.format(tests="none yet", status="Open (known gap)")) == []
    assert "H-01 has no **Causes:**" in problems(bare.replace("**Causes:**", ""))
