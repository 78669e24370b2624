"""The reader's cache of (question, window) readings (scoring/reader.py): a batch that brings more new pairs
than the cache holds must still answer the pairs it found in the cache. Before round 18b the eviction could drop
such a pair between the look-up and the answer, and scoring a batch of 32 multi-hop or rival-entity dev answers
failed with a KeyError (the cache holds 512 pairs; a batch reading several windows per answer passes that)."""

from __future__ import annotations

from llmgateway.scoring import reader
from llmgateway.scoring.joint_reader import reader_model
from llmgateway.scoring.reader import WEIGHTS_FILE

QUESTION = "When was the Kestrel Fund launched?"
WINDOWS = [
    "The Kestrel Fund was launched in 2011 with $40 million of seed capital.",
    "Its assets reached $1.2 billion in 2019, when the fund closed to new investors.",
    "The fund's manager, Harbour Capital, was founded in 1998.",
    "Kestrel's second fund followed in 2015.",
]


def test_a_cached_pair_is_answered_when_the_new_pairs_overflow_the_cache(monkeypatch):
    monkeypatch.setattr(reader, "CACHE", 2)
    model = reader_model(WEIGHTS_FILE)
    first = model.logits([(QUESTION, w) for w in WINDOWS[:2]])
    # WINDOWS[0] is cached; the two new pairs push it out of a cache of two while this call runs
    again = model.logits([(QUESTION, WINDOWS[0]), (QUESTION, WINDOWS[2]), (QUESTION, WINDOWS[3])])
    assert len(again) == 3
    assert again[0][2] == first[0][2]  # the same token offsets: the cached reading of WINDOWS[0]
    assert len(model._cache) <= 2
