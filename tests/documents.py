"""Reading the documents Lindra makes, as a person opening them would see the text."""

import io
import subprocess
from pathlib import Path

from docx import Document


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "dokument.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
