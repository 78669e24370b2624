"""The evaluation store: traces, keys, audit log, reviews (SQLite by default, PostgreSQL by URL)."""
