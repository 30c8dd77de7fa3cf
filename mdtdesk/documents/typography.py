"""Type sizes shared by the PDF and the DOCX, so both files of one document read alike."""

from __future__ import annotations

from dataclasses import dataclass

from mdtdesk.documents.model import Document


@dataclass(frozen=True)
class Sizes:
    """Point sizes for one print size. Large print keeps every piece of text at 16 pt or more,
    the page furniture included: a care plan is read by the person, not filed."""

    body: float
    note: float
    cell: float
    chrome: float
    title: float
    headings: tuple[float, float, float]

    @staticmethod
    def of(document: Document, cell: float = 10) -> Sizes:
        """The sizes of ``document``'s print size; ``cell`` is the table text's regular size
        (the PDF's tables sit a half point smaller than Word's)."""
        if document.large_print:
            return Sizes(16, 16, 16, 16, 30, (24, 20, 18))
        return Sizes(11, 9, cell, 9, 22, (18, 14, 12))
