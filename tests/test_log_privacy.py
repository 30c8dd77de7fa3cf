"""The log file never holds a person's name or NHS number, even after commands fail.

Failures are written to the log with their tracebacks (never to the terminal), so the log is
where a name slipped into an exception message would end up. The commands below fail in the
ways a chair or IT meets: rejected import rows naming real people, an export with nowhere to go,
a care plan for a number that is not on the register, a damaged database, a wrong passphrase.
"""

from __future__ import annotations

import json

import pytest

from tests.test_cli import mdtdesk


@pytest.fixture
def home(tmp_path):
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def _log_text(home) -> str:
    logs = list(home.glob(".local/state/mdtdesk/log/mdtdesk.log*"))
    return "".join(path.read_text(encoding="utf-8") for path in logs)


def _identifiers(people: list[dict]) -> list[str]:
    found = []
    for person in people:
        number = person["nhs_number"]
        found += [number, f"{number[:3]} {number[3:6]} {number[6:]}"]
        found += [person["family_name"], person["given_name"]]
    return found


def test_failing_commands_leave_no_name_or_nhs_number_in_the_log(home, tmp_path, monkeypatch):
    db = tmp_path / "demo.db"
    assert (
        mdtdesk("demo", "--db", db, "--patients", "20", "--seed", "5", tmp_path=home).returncode
        == 0
    )
    listed = mdtdesk("cases", "--db", db, "--json", tmp_path=home)
    people = json.loads(listed.stdout)[:3]
    first = people[0]

    # Rows that name real people and fail: a bad NHS number, a duplicate, a missing date.
    rows = ["NHS Number,Given Name,Family Name,Date of Birth,Postcode"]
    for person in people:
        rows.append(
            f"{person['nhs_number'][:9]},{person['given_name']},{person['family_name']},"
            f"{person['date_of_birth']},ZZ1 1ZZ"
        )
        rows.append(f"{person['nhs_number']},{person['given_name']},{person['family_name']},,")
    csv = tmp_path / "cases.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")

    def care_plan(number: str, out) -> object:
        return mdtdesk(
            "export", "careplan", "--db", db, "--nhs-number", number,
            "--format", out.suffix[1:], "--out", out, tmp_path=home,
        )  # fmt: skip

    failures = [
        mdtdesk("import", "--db", db, csv, tmp_path=home),
        care_plan(first["nhs_number"], tmp_path / "missing-folder" / "plan.pdf"),
        care_plan("999 000 0000", tmp_path / "plan.pdf"),  # not on the register
        care_plan(first["nhs_number"], blocker / "plan.docx"),
    ]
    damaged = tmp_path / "damaged.db"
    whole = db.read_bytes()
    damaged.write_bytes(whole[: len(whole) // 2] + bytes(len(whole) - len(whole) // 2))
    failures.append(mdtdesk("check", "--db", damaged, tmp_path=home))
    failures.append(mdtdesk("cases", "--db", damaged, tmp_path=home))
    encrypted = tmp_path / "encrypted.db"
    monkeypatch.setenv("MDTDESK_PASSPHRASE", "the right passphrase")
    assert mdtdesk("demo", "--db", encrypted, "--patients", "5", tmp_path=home).returncode == 0
    monkeypatch.setenv("MDTDESK_PASSPHRASE", "a wrong passphrase")
    failures.append(mdtdesk("cases", "--db", encrypted, tmp_path=home))
    assert all(result.returncode != 0 for result in failures), [r.stderr for r in failures]

    log = _log_text(home)
    assert "ERROR" in log or "WARNING" in log, (
        "the failures must reach the log for this to mean much"
    )
    leaked = [text for text in _identifiers(people) if text in log]
    assert leaked == []
