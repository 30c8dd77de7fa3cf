"""Domain and storage. Never imports Qt: the CLI and the documents build on it alone."""
