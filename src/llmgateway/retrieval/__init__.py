"""[rag] The research vector store: ingestion, retrieval with citations, entitlements.

* ``loaders``     – read PDF, HTML, Markdown and text files into ``LoadedDocument`` (title, pages,
  front matter, published date, tickers).
* ``chunking``    – LangChain text splitters; a heading stays with its chunk.
* ``vectorstore`` – Chroma (embedded folder or ``chroma run`` server); embeddings always supplied by
  us (MiniLM), never Chroma's default embedding function.
* ``ingest``      – idempotent ingestion (content fingerprint per document), deletion, listing.
* ``stage``       – ``RetrievalStage``: the route's ``rag:`` key, entitlement filter inside the query.
* ``plugin`` / ``cli`` – registration with the gateway and ``llmgateway ingest``.
"""
