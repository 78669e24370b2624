"""Split a ``LoadedDocument`` into chunks with LangChain's text splitters.

A heading stays with its chunk: the text is first cut into sections at Markdown headings (HTML
headings arrive as ``#`` lines, see loaders.py), each section is then split by LangChain's
``RecursiveCharacterTextSplitter`` (size and overlap from ``rag.chunk_size`` / ``rag.chunk_overlap``),
and a continuation chunk of a section starts with that section's heading line, so no chunk ends
in a dangling heading and no chunk loses the heading that says what it is about.
PDF pages are chunked one page at a time so every chunk has exactly one page number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from .loaders import LoadedDocument

_HEADING_LINE = re.compile(r"^(#{1,6})[ \t]+\S.*$", re.M)


@dataclass
class Chunk:
    doc_id: str
    index: int  # position within the document, from 0
    text: str
    page: int | None = None
    heading: str | None = None

    @property
    def chunk_id(self) -> str:
        return f"{self.doc_id}::{self.index:05d}"


def sections(text: str) -> list[tuple[str | None, str]]:
    """(heading line or None, section text including its heading) in document order."""
    out: list[tuple[str | None, str]] = []
    starts = [m.start() for m in _HEADING_LINE.finditer(text)]
    if not starts or starts[0] > 0:
        out.append((None, text[: starts[0] if starts else len(text)]))
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        body = text[start:end]
        out.append((body.splitlines()[0].strip(), body))
    return [(h, s.strip()) for h, s in out if s.strip()]


def chunk_document(doc: LoadedDocument, chunk_size: int = 800, chunk_overlap: int = 120) -> list[Chunk]:
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        separators=["\n\n", "\n", ". ", "; ", ", ", " ", ""],
        keep_separator="end",
        strip_whitespace=True,
    )
    chunks: list[Chunk] = []
    for page, page_text in doc.pages:
        pending_heading: str | None = None
        for heading, body in sections(page_text):
            if heading is not None and body == heading:
                # A heading with no text of its own (e.g. "# Title" right before "## Summary"):
                # carry it into the next section instead of making a chunk of it.
                pending_heading = f"{pending_heading}\n{heading}" if pending_heading else heading
                continue
            carried, pending_heading = pending_heading, None
            pieces = splitter.split_text(body)
            if heading and len(pieces) > 1 and pieces[0].strip() == heading:
                pieces = pieces[1:]  # the splitter cut right after the heading: keep it with its text
            for n, piece in enumerate(pieces):
                if heading and not piece.startswith(heading):
                    piece = f"{heading}\n{piece}"
                if n == 0 and carried:
                    piece = f"{carried}\n\n{piece}"
                chunks.append(
                    Chunk(
                        doc_id=doc.doc_id,
                        index=len(chunks),
                        text=piece,
                        page=page,
                        heading=_heading_text(heading or carried),
                    )
                )
        if pending_heading:
            chunks.append(
                Chunk(
                    doc_id=doc.doc_id,
                    index=len(chunks),
                    text=pending_heading,
                    page=page,
                    heading=_heading_text(pending_heading),
                )
            )
    return chunks


def _heading_text(heading: str | None) -> str | None:
    if not heading:
        return None
    return heading.splitlines()[-1].lstrip("#").strip() or None
