"""`llmgateway ingest` against embedded Chroma and a `chroma run` server."""

from __future__ import annotations

from llmgateway.config import load_settings
from llmgateway.retrieval.vectorstore import ChromaStore

from .conftest import RESTRICTED_MARKER, run_ingest, write_config


def open_store(config):
    settings = load_settings(str(config), environ={})
    rag = settings.rag
    return ChromaStore.from_settings(rag, settings), rag.default_collection


def all_chunks(store, collection, partition=None):
    """(id, metadata, text) of every chunk in the collection's partitions (or in one partition)."""
    out = []
    for name in [partition] if partition else store.partitions(collection):
        got = store._collection(name, create=False).get(include=["metadatas", "documents"])
        out.extend(zip(got["ids"], got["metadatas"], got["documents"]))
    return out


def test_ingest_reads_every_format_with_metadata(chroma_backend, corpus, tmp_path, embedder):
    config = write_config(tmp_path, chroma_backend)
    result = run_ingest(config, str(corpus), "--as-of", "2026-05-05")
    assert result.exit_code == 0, result.output
    assert "5 added, 0 replaced, 0 unchanged, 0 failed" in result.output
    store, collection = open_store(config)
    by_doc: dict[str, list] = {}
    for _, meta, text in all_chunks(store, collection):
        by_doc.setdefault(meta["doc_id"], []).append((meta, text))
    assert set(by_doc) == {"zephyr-mining", "quill-insurance", "rates-note", "orca-shipping", "osprey"}
    zephyr = by_doc["zephyr-mining"][0][0]
    assert zephyr["title"] == "Zephyr Mining (ZPHM) initiation"
    assert zephyr["published"] == "2026-01-15" and zephyr["ticker:ZPHM"] is True and zephyr["entitlement"] == ""
    assert by_doc["quill-insurance"][0][0]["published"] == "2026-03-02"
    assert by_doc["rates-note"][0][0]["published"] == "2026-02-10"  # from the "Published:" line
    orca = sorted(by_doc["orca-shipping"], key=lambda mt: mt[0]["page"])
    assert orca[0][0]["title"] == "Orca Shipping (ORCS) update"  # the PDF's title
    assert orca[0][0]["published"] == "2026-05-05"  # no date in the text: --as-of
    assert [m["page"] for m, _ in orca] == [1, 2] and "dry-dock" in orca[1][1]
    assert {m["entitlement"] for m, _ in by_doc["osprey"]} == {""}  # no front-matter group, no flag: public


def test_list_shows_documents_chunks_and_groups(chroma_backend, corpus, tmp_path, embedder):
    config = write_config(tmp_path, chroma_backend)
    assert run_ingest(config, str(corpus / "zephyr-mining.md")).exit_code == 0
    result = run_ingest(config, str(corpus / "restricted"), "--entitlement", "mna-team")
    assert result.exit_code == 0, result.output
    listing = run_ingest(config, "--list")
    assert listing.exit_code == 0, listing.output
    lines = {line.split()[0]: line for line in listing.output.splitlines() if line.strip()}
    assert "(public)" in lines["zephyr-mining"] and "mna-team" in lines["osprey"]
    store, collection = open_store(config)
    zephyr_chunks = sum(1 for _, m, _ in all_chunks(store, collection) if m["doc_id"] == "zephyr-mining")
    assert lines["zephyr-mining"].split()[1] == str(zephyr_chunks)
    assert "2 documents" in listing.output


def test_reingest_is_idempotent_and_a_changed_file_replaces_its_chunks(chroma_backend, corpus, tmp_path, embedder):
    config = write_config(tmp_path, chroma_backend)
    assert run_ingest(config, str(corpus)).exit_code == 0
    store, collection = open_store(config)
    before = sorted((cid, m["doc_hash"]) for cid, m, _ in all_chunks(store, collection))

    again = run_ingest(config, str(corpus))
    assert again.exit_code == 0 and "0 added, 0 replaced, 5 unchanged" in again.output, again.output
    assert "0 chunks written" in again.output
    assert sorted((cid, m["doc_hash"]) for cid, m, _ in all_chunks(store, collection)) == before

    note = corpus / "zephyr-mining.md"
    note.write_text(
        note.read_text()
        .replace("price target of $31", "price target of $27")
        .replace("## Risks\nLithium prices; permits in Chile.\n", "## Risks\nLithium prices.\n")
    )
    changed = run_ingest(config, str(corpus))
    assert changed.exit_code == 0 and "0 added, 1 replaced, 4 unchanged" in changed.output, changed.output
    zephyr = [(m, t) for _, m, t in all_chunks(store, collection) if m["doc_id"] == "zephyr-mining"]
    text = " ".join(t for _, t in zephyr)
    assert "$27" in text and "$31" not in text and "permits in Chile" not in text
    assert len(zephyr) == zephyr[0][0]["chunk_count"]
    assert len({m["doc_hash"] for m, _ in zephyr}) == 1


def test_delete_removes_a_document_and_all_its_chunks(chroma_backend, corpus, tmp_path, embedder):
    config = write_config(tmp_path, chroma_backend)
    assert run_ingest(config, str(corpus)).exit_code == 0
    store, collection = open_store(config)
    osprey = [cid for cid, m, _ in all_chunks(store, collection) if m["doc_id"] == "osprey"]
    assert osprey
    result = run_ingest(config, "--delete", "osprey")
    assert result.exit_code == 0 and f"deleted 'osprey' ({len(osprey)} chunks)" in result.output, result.output
    remaining = all_chunks(store, collection)
    assert not [1 for _, m, t in remaining if m["doc_id"] == "osprey" or RESTRICTED_MARKER in t]
    assert {m["doc_id"] for _, m, _ in remaining} == {"zephyr-mining", "quill-insurance", "rates-note", "orca-shipping"}
    missing = run_ingest(config, "--delete", "osprey")
    assert missing.exit_code == 1 and "no document 'osprey'" in missing.output


def test_bad_files_are_reported_and_the_batch_goes_on(corpus, bad_files, tmp_path, embedder):
    config = write_config(tmp_path, {"chroma": {"path": str(tmp_path / "chroma")}})
    result = run_ingest(
        config, str(bad_files["empty"].parent), str(corpus / "rates-note.txt"), str(tmp_path / "does-not-exist.md")
    )
    assert result.exit_code == 1, result.output
    out = result.output
    assert f"error: {bad_files['empty']}: empty file" in out
    assert f"error: {bad_files['encrypted']}: encrypted PDF" in out
    assert f"error: {bad_files['corrupt']}: not a readable PDF" in out
    assert f"error: {bad_files['binary']}: binary content" in out
    assert f"error: {tmp_path / 'does-not-exist.md'}: no such file or folder" in out
    assert "1 added, 0 replaced, 0 unchanged, 5 failed" in out
    store, collection = open_store(config)
    assert {m["doc_id"] for _, m, _ in all_chunks(store, collection)} == {"rates-note"}


def test_entitlement_flag_must_agree_with_front_matter(corpus, tmp_path, embedder):
    config = write_config(tmp_path, {"chroma": {"path": str(tmp_path / "chroma")}})
    memo = corpus / "restricted" / "osprey.md"
    memo.write_text(memo.read_text().replace("---\ntitle:", "---\nentitlement: mna-team\ntitle:"))
    result = run_ingest(config, str(memo), "--entitlement", "research-all")
    assert result.exit_code == 1
    assert "front matter says entitlement 'mna-team' but --entitlement is 'research-all'" in result.output
    recursive = run_ingest(config, str(corpus))  # no flag: the front matter's group applies
    assert recursive.exit_code == 0, recursive.output
    store, collection = open_store(config)
    assert {m["entitlement"] for _, m, _ in all_chunks(store, collection) if m["doc_id"] == "osprey"} == {"mna-team"}
    # restricted chunks live only in the group's partition, never in the public one
    assert {m["doc_id"] for _, m, _ in all_chunks(store, collection, f"{collection}__mna-team")} == {"osprey"}
    assert "osprey" not in {m["doc_id"] for _, m, _ in all_chunks(store, collection, collection)}


def test_bad_rag_settings_name_the_file_line_and_key(tmp_path):
    config = write_config(tmp_path, {"chunk_sise": 500})
    result = run_ingest(config, "--list")
    assert result.exit_code == 2
    assert f"{config}:2: rag.chunk_sise: unknown key 'chunk_sise'; allowed keys: chroma, chunk_size" in result.output


def test_bad_as_of_and_missing_mode_are_usage_errors(tmp_path):
    config = write_config(tmp_path, {})
    assert run_ingest(config, "x.md", "--as-of", "31/12/2026").exit_code == 2
    assert run_ingest(config).exit_code == 2


def test_unreachable_chroma_server_is_a_clear_error(tmp_path, corpus):
    from ..stub_upstream import free_port

    port = free_port()
    config = write_config(tmp_path, {"chroma": {"host": "127.0.0.1", "port": port}})
    result = run_ingest(config, str(corpus))
    assert result.exit_code == 2
    assert f"chroma server http://127.0.0.1:{port} unreachable" in result.output and str(config) in result.output


def test_a_heading_stays_with_its_chunks(tmp_path, embedder):
    config = write_config(
        tmp_path, {"chroma": {"path": str(tmp_path / "chroma")}, "chunk_size": 200, "chunk_overlap": 20}
    )
    note = tmp_path / "long-note.md"
    risks = " ".join(f"Risk number {i} is a supply problem at plant {i}." for i in range(30))
    note.write_text(
        f"# Heron Bank (HRNB)\n\n## Summary\nHeron Bank deposits grew.\n\n## Risks\n{risks}\n\n## Valuation\n"
        f"Target $20.\n"
    )
    assert run_ingest(config, str(note)).exit_code == 0
    store, collection = open_store(config)
    chunks = sorted(all_chunks(store, collection), key=lambda c: c[1]["chunk"])
    texts = [t for _, _, t in chunks]
    assert texts[0].startswith("# Heron Bank (HRNB)\n\n## Summary")  # a title with no text joins the next section
    risk_chunks = [t for t in texts if "Risk number" in t]
    assert len(risk_chunks) > 3 and all(t.startswith("## Risks\n") for t in risk_chunks)
    assert not any(t.rstrip().endswith(("## Risks", "## Valuation", "## Summary")) for t in texts)
    assert all(len(t) <= 200 + len("## Risks\n") for t in texts)
    assert {m["heading"] for _, m, t in chunks if "Risk number" in t} == {"Risks"}
