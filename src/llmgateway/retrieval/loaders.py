"""Read research files (PDF, HTML, Markdown, text) into ``LoadedDocument``s.

A loader never guesses silently: an unreadable, encrypted, binary or empty file raises
``UnreadableDocument`` with the reason, and the ingest command reports it with the path.

Metadata comes from, in order: Markdown front matter (``---`` YAML block) or HTML ``<meta>`` tags,
then the text itself (a ``Published:`` line, a ``Tickers:`` line, the first heading), then the PDF's
document info (title).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import yaml

SUPPORTED_SUFFIXES = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}


class UnreadableDocument(Exception):
    """The file cannot be ingested; ``str(exc)`` is the reason shown to the user."""


@dataclass
class LoadedDocument:
    path: Path
    doc_id: str
    kind: str  # pdf | html | markdown | text
    title: str
    pages: list[tuple[int | None, str]]  # (1-based page for PDFs else None, text)
    content_hash: str  # sha256 of the file bytes
    published: date | None = None
    tickers: list[str] = field(default_factory=list)
    entitlement: str | None = None  # from front matter; --entitlement must agree
    metadata: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(t for _, t in self.pages)


def load_document(path: Path, doc_id: str | None = None) -> LoadedDocument:
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise UnreadableDocument(
            f"unsupported file type '{path.suffix or '(none)'}'; supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"cannot read file: {exc.strerror or exc}") from None
    if not raw.strip():
        raise UnreadableDocument("empty file")
    digest = hashlib.sha256(raw).hexdigest()
    doc_id = doc_id or path.stem
    if kind == "pdf":
        doc = _load_pdf(path, raw, doc_id, digest)
    else:
        text = _decode(raw)
        if kind == "html":
            doc = _load_html(path, text, doc_id, digest)
        else:
            doc = _load_markdown_or_text(path, text, doc_id, digest, kind)
    if not doc.text.strip():
        raise UnreadableDocument(
            "no text content" + (" (a scanned PDF without a text layer?)" if kind == "pdf" else "")
        )
    _apply_text_metadata(doc)
    return doc


def _decode(raw: bytes) -> str:
    if b"\x00" in raw[:4096]:
        raise UnreadableDocument("binary content in a text file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(f"not UTF-8 text (invalid byte at offset {exc.start})") from None


# -- Markdown / text -------------------------------------------------------------------------
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|\Z)", re.S)
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)


def _load_markdown_or_text(path: Path, text: str, doc_id: str, digest: str, kind: str) -> LoadedDocument:
    front: dict = {}
    if kind == "markdown":
        match = _FRONT_MATTER.match(text)
        if match:
            try:
                loaded = yaml.safe_load(match.group(1))
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                where = f" at line {mark.line + 2}" if mark else ""
                raise UnreadableDocument(f"invalid YAML front matter{where}: {getattr(exc, 'problem', exc)}") from None
            front = loaded if isinstance(loaded, dict) else {}
            text = text[match.end() :]
    title = str(front.get("title") or "").strip()
    if not title:
        heading = _HEADING.search(text) if kind == "markdown" else None
        first_line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        title = heading.group(1).strip() if heading else first_line.lstrip("# ").strip()
    doc = LoadedDocument(
        path=path,
        doc_id=str(front.get("doc_id") or doc_id),
        kind=kind,
        title=title[:300],
        pages=[(None, text.strip())],
        content_hash=digest,
        metadata=front,
    )
    _apply_front_matter(doc, front)
    return doc


def _apply_front_matter(doc: LoadedDocument, front: dict) -> None:
    for key in ("published", "date", "as_of", "as-of"):
        if front.get(key):
            doc.published = parse_date(front[key])
            if doc.published is None:
                raise UnreadableDocument(f"front matter '{key}': cannot read date {front[key]!r}; use YYYY-MM-DD")
            break
    for key in ("tickers", "ticker", "companies", "company"):
        if front.get(key):
            doc.tickers.extend(split_tickers(front[key]))
    if front.get("entitlement"):
        doc.entitlement = str(front["entitlement"]).strip()


_PUBLISHED_LINE = re.compile(
    r"^[\s>*_#-]*(?:published|publication date|date published)[*_\s]*:[*_\s]*(.+?)[*_\s]*$", re.I | re.M
)
_TICKERS_LINE = re.compile(r"^[\s>*_#-]*(?:tickers?|companies|company)[*_\s]*:[*_\s]*(.+?)[*_\s]*$", re.I | re.M)


def _apply_text_metadata(doc: LoadedDocument) -> None:
    head = doc.text[:3000]
    if doc.published is None:
        match = _PUBLISHED_LINE.search(head)
        if match:
            doc.published = parse_date(match.group(1))
    if not doc.tickers:
        match = _TICKERS_LINE.search(head)
        if match:
            doc.tickers = split_tickers(match.group(1))
    doc.tickers = list(dict.fromkeys(doc.tickers))


def split_tickers(value) -> list[str]:
    items = value if isinstance(value, (list, tuple)) else re.split(r"[,;]", str(value))
    return [str(item).strip().upper() for item in items if str(item).strip()]


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%d.%m.%Y")


def parse_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().rstrip(".")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    match = re.match(r"(\d{4}-\d{2}-\d{2})", text)
    if match:
        try:
            return date.fromisoformat(match.group(1))
        except ValueError:
            return None
    return None


# -- HTML ------------------------------------------------------------------------------------
class _HtmlToText(HTMLParser):
    """HTML → Markdown-like text: headings become ``#`` lines so chunking keeps them with their text."""

    _BLOCKS = {"p", "div", "section", "article", "br", "li", "tr", "table", "ul", "ol", "blockquote", "pre"}
    _SKIP = {"script", "style", "noscript", "template", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.title = ""
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name") and attrs.get("content") is not None:
            self.meta[attrs["name"].lower()] = attrs["content"]
        elif tag == "title":
            self._in_title = True
        if tag in self._SKIP:
            self._skip += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self.parts.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag in self._BLOCKS:
            self.parts.append("\n" if tag in ("br", "li", "tr") else "\n\n")
            if tag == "li":
                self.parts.append("- ")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif re.fullmatch(r"h[1-6]", tag) or tag in self._BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" | ")

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if not self._skip:
            self.parts.append(re.sub(r"\s+", " ", data))

    def text(self) -> str:
        joined = "".join(self.parts)
        lines = [ln.strip() for ln in joined.splitlines()]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _load_html(path: Path, text: str, doc_id: str, digest: str) -> LoadedDocument:
    parser = _HtmlToText()
    parser.feed(text)
    parser.close()
    body = parser.text()
    heading = _HEADING.search(body)
    title = (
        parser.meta.get("title")
        or parser.title.strip()
        or (heading.group(1) if heading else "")
        or next((ln for ln in body.splitlines() if ln.strip()), "")
    )
    doc = LoadedDocument(
        path=path,
        doc_id=parser.meta.get("doc_id") or doc_id,
        kind="html",
        title=title.strip()[:300],
        pages=[(None, body)],
        content_hash=digest,
        metadata=dict(parser.meta),
    )
    _apply_front_matter(doc, parser.meta)
    return doc


# -- PDF -------------------------------------------------------------------------------------
def _load_pdf(path: Path, raw: bytes, doc_id: str, digest: str) -> LoadedDocument:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            # An owner-password-only PDF opens with the empty user password; anything else is locked.
            try:
                opened = reader.decrypt("")
            except (PyPdfError, NotImplementedError, ValueError) as exc:
                raise UnreadableDocument(f"encrypted PDF that cannot be opened ({exc})") from None
            if not opened:
                raise UnreadableDocument("encrypted PDF (a password is required); ingest an unencrypted copy")
        pages = [(number, (page.extract_text() or "").strip()) for number, page in enumerate(reader.pages, start=1)]
        info_title = (reader.metadata.title if reader.metadata else None) or ""
    except UnreadableDocument:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise UnreadableDocument(f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    kept: list[tuple[int | None, str]] = [(n, t) for n, t in pages if t]
    first_line = next((ln.strip() for _, t in kept for ln in t.splitlines() if ln.strip()), "")
    return LoadedDocument(
        path=path,
        doc_id=doc_id,
        kind="pdf",
        title=(str(info_title).strip() or first_line)[:300],
        pages=kept,
        content_hash=digest,
    )


def iter_files(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand folders recursively to supported files. Returns (files, problems)."""
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                problems.append((path, "folder holds no PDF, HTML, Markdown or text files"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append((path, "no such file or folder"))
    return files, problems
