"""Domain and storage. Never imports Qt: the CLI and the documents build on it alone."""

# Every connection goes through SQLCipher's driver; see driver.py for why this comes first.
from mdtdesk.core import driver as _driver  # noqa: F401
