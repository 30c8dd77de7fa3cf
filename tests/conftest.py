"""Shared fixtures. Qt runs offscreen unless a display is configured on purpose."""

from __future__ import annotations

import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from mdtdesk.core.db import open_database  # noqa: E402

# A fixed "today" so tests about dates do not change with the calendar.
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def db_path(tmp_path):
    """Path of a fresh, migrated, empty database."""
    path = tmp_path / "mdt.db"
    open_database(path).close()
    return path


@pytest.fixture
def db(db_path):
    """An open connection to a fresh, migrated, empty database."""
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def today():
    return TODAY
