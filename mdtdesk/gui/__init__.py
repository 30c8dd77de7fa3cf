"""The PySide6 front end. Calls the core; never holds SQL."""
