"""``llmgateway ingest``: add research files to the vector store, list or delete documents.

    llmgateway ingest examples/research --collection research
    llmgateway ingest examples/research/restricted --entitlement mna-team
    llmgateway ingest notes/q3.pdf --as-of 2025-09-30
    llmgateway ingest --list
    llmgateway ingest --delete nvtr-initiation          # right to deletion: every chunk goes

Exit status: 0 when every file was ingested (or unchanged), 1 when any file failed (each is
reported with its path and reason; the others are still ingested), 2 for a bad configuration.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from ..errors import ConfigError
from .settings import valid_collection_name

# A Typer group whose callback is the command (so `llmgateway ingest PATH...` works when the lead mounts
# it with add_typer); groups stop option parsing at the first argument unless told otherwise.
_CONTEXT = {"allow_interspersed_args": True}
app = typer.Typer(
    add_completion=False,
    context_settings=_CONTEXT,
    help="Ingest research files into the vector store (PDF, HTML, Markdown, "
    "text; folders recursively), list or delete documents.",
)


def _parse_as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD", param_hint="--as-of") from None


@app.callback(invoke_without_command=True, context_settings=_CONTEXT)
def ingest(
    paths: list[Path] | None = typer.Argument(None, help="Files or folders (recursive) to ingest."),
    collection: str | None = typer.Option(
        None, "--collection", help="Collection (default: rag.default_collection, 'research')."
    ),
    entitlement: str | None = typer.Option(
        None, "--entitlement", help="Entitlement group: only keys holding it may retrieve these documents."
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="Published date (YYYY-MM-DD) for files that state none."),
    doc_id: str | None = typer.Option(
        None, "--doc-id", help="Document id for a single file (default: file name without extension)."
    ),
    delete: list[str] | None = typer.Option(
        None, "--delete", help="Remove a document and all its chunks (repeatable)."
    ),
    list_documents: bool = typer.Option(False, "--list", help="Show documents, chunk counts and entitlement groups."),
    config: Path | None = typer.Option(
        None, "--config", "-c", help="gateway.yaml (default: $LLMGATEWAY_CONFIG or ./gateway.yaml)."
    ),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show an embedding progress bar."),
) -> None:
    modes = sum([bool(paths), bool(delete), list_documents])
    if modes != 1:
        raise typer.BadParameter("give PATH... to ingest, or --delete DOC_ID, or --list (exactly one of them)")
    as_of_date = _parse_as_of(as_of)
    try:
        from ..config import load_settings
        from .store_types import VectorStoreUnavailable
        from .vectorstore import ChromaStore

        settings = load_settings(str(config) if config else None)
        rag = settings.rag
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    collection = collection or rag.default_collection
    if not valid_collection_name(collection):
        raise typer.BadParameter(
            f"{collection!r}: use 3-400 letters, digits, '.', '_' or '-', starting and "
            f"ending with a letter or digit, without '__'",
            param_hint="--collection",
        )
    store = ChromaStore.from_settings(rag, settings)
    try:
        store.heartbeat()
    except VectorStoreUnavailable as exc:
        typer.echo(f"error: {exc.message} (rag.chroma in {settings.config_file or 'the built-in defaults'})", err=True)
        raise typer.Exit(2) from None

    if list_documents:
        raise typer.Exit(_list(store, collection))
    if delete:
        raise typer.Exit(_delete(store, collection, delete))

    from .ingest import Ingestor, shared_embedder

    report = Ingestor(store, shared_embedder(rag.embed_batch_size), rag).ingest(
        list(paths or []),
        collection=collection,
        entitlement=entitlement,
        as_of=as_of_date,
        doc_id=doc_id,
        progress=progress,
    )
    for note in report.notes:
        typer.echo(f"note: {note}", err=True)
    for path, reason in report.failures:
        typer.echo(f"error: {path}: {reason}", err=True)
    typer.echo(
        f"{store.description}, collection '{collection}'"
        + (f", entitlement '{entitlement}'" if entitlement else "")
        + ": "
        f"{len(report.added)} added, {len(report.replaced)} replaced, {len(report.unchanged)} unchanged, "
        f"{len(report.failures)} failed; {report.chunks_written} chunks written"
    )
    if report.failures:
        raise typer.Exit(1)


def _list(store, collection: str) -> int:
    from .vectorstore import CollectionMissing

    try:
        docs = store.list_documents(collection)
    except CollectionMissing:
        typer.echo(
            f"error: collection '{collection}' does not exist in {store.description} "
            f"(nothing ingested yet: llmgateway ingest PATH --collection {collection})",
            err=True,
        )
        return 1
    rows = [("DOC_ID", "CHUNKS", "ENTITLEMENT", "PUBLISHED", "TITLE")]
    rows += [(d.doc_id, str(d.chunks), d.entitlement or "(public)", d.published or "-", d.title) for d in docs]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        typer.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])
    typer.echo(f"{len(docs)} documents, {sum(d.chunks for d in docs)} chunks in collection '{collection}'")
    return 0


def _delete(store, collection: str, doc_ids: list[str]) -> int:
    status = 0
    for doc_id in doc_ids:
        removed = store.delete_document(collection, doc_id)
        if removed:
            typer.echo(f"deleted '{doc_id}' ({removed} chunks) from collection '{collection}'")
        else:
            typer.echo(
                f"error: no document '{doc_id}' in collection '{collection}' "
                f"(see llmgateway ingest --list --collection {collection})",
                err=True,
            )
            status = 1
    return status
