"""mdtdesk: run neighbourhood multi-disciplinary team (MDT) meetings."""

__version__ = "0.1.0"
