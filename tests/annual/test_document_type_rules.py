"""What is taken for a PDF or a Word file at upload: a PDF, however short, with its end marker near
its end; a Word document with its parts and the type of a plain document, not one with macros."""

import pytest

from lindra.annual import rules
from tests.annual.test_documents_rules import zipped

SMALL_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
WORD_TYPES = (
    b'<Types><Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
MACRO_TYPES = (
    b'<Types><Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
)


def test_a_short_pdf_is_a_pdf():
    assert len(SMALL_PDF) < 2048
    assert rules.document_file_type(SMALL_PDF) == rules.PDF


@pytest.mark.parametrize(("trailing", "kind"), [(0, rules.PDF), (2043, rules.PDF), (2044, None)])
def test_a_pdf_s_end_marker_lies_in_its_last_two_kilobytes(trailing, kind):
    content = b"%PDF-1.7\n" + b"%" * 4000 + b"\n%%EOF" + b"\n" * trailing
    assert rules.document_file_type(content) == kind


def test_a_word_document_needs_its_document_part():
    word = {"[Content_Types].xml": WORD_TYPES, "word/document.xml": b"<w:document/>"}
    assert rules.document_file_type(zipped(word)) == rules.DOCX
    assert rules.document_file_type(zipped({"[Content_Types].xml": WORD_TYPES})) is None


def test_a_word_document_with_macros_is_refused():
    docm = {"[Content_Types].xml": MACRO_TYPES, "word/document.xml": b"<w:document/>"}
    assert rules.document_file_type(zipped(docm)) is None
