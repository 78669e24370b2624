"""What the input (injection) heads read: token windows and sentences of ONE cheap MiniLM pass.

A jailbreak is often a long role-play whose attack sits anywhere, so an input head judges the whole
text: overlapping windows of ``WINDOW_TOKENS`` word-piece tokens (stride ``WINDOW_STRIDE``) that
together cover every token, and the text's sentences (only those of ``MIN_SENTENCE_WORDS``+ words
when the text has several windows: an attack sentence at the end of a long benign text is diluted in
its window, not in itself). A short question is one window (the whole text) plus its sentences.

Every unit is pooled from one pass of ``INPUT_ENCODER`` over the text (``encoder.TokenEncoder``:
the text is tokenised once, run in 256-token chunks, each token's state taken where it has the most
context), so the cost is linear in the text and a unit costs a mean over its token states. Windows
are cut in tokens, not words, so a text without spaces (Chinese, base64) is covered too.

``INPUT_ENCODER`` is the frozen, packaged MiniLM cut to 2 layers with int8 linear layers; the
artifact records it (``window_encoder``) and serving builds the same one. It is deliberately its own
constant: the answer heads' encoder (``ANSWER_ENCODER``) may change without moving the input heads.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .context import sentence_spans
from .encoder import TokenEncoder, pool_spans

INPUT_ENCODER = {"layers": 2, "int8": True}
WINDOW_TOKENS = 128
WINDOW_STRIDE = 64
MIN_SENTENCE_WORDS = 12
# Bump when what a unit is or how its vector is pooled changes (here, in ``encoder.py``'s input side or in
# ``train.UnitVectors``): ``unit_store`` keys its files on it, so a change to the heads' fit alone
# (``incremental.INPUT_RECIPE``) keeps the stored vectors.
UNIT_RECIPE = 1


@dataclass
class InputUnits:
    spans: list[tuple[int, int]]  # character spans: the windows first, then the sentences
    vectors: np.ndarray  # (units, 384), L2-normalised
    windows: int  # how many of ``spans`` are windows

    def kinds(self) -> list[str]:
        return ["window"] * self.windows + ["sentence"] * (len(self.spans) - self.windows)


def token_windows(offsets: np.ndarray, text_length: int) -> list[tuple[int, int]]:
    """Character spans of overlapping token windows covering every token (the whole text when it
    fits one window)."""
    count = len(offsets)
    if count <= WINDOW_TOKENS:
        return [(0, text_length)]
    starts = list(range(0, count - WINDOW_TOKENS + 1, WINDOW_STRIDE))
    if starts[-1] + WINDOW_TOKENS < count:
        starts.append(count - WINDOW_TOKENS)
    return [(int(offsets[s, 0]), int(offsets[s + WINDOW_TOKENS - 1, 1])) for s in starts]


def unit_spans(text: str, offsets: np.ndarray) -> tuple[list[tuple[int, int]], int]:
    """(window spans + sentence spans, number of windows) of a text whose tokens have ``offsets``."""
    return with_sentences(text, token_windows(offsets, len(text)))


def with_sentences(text: str, windows: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], int]:
    """(``windows`` + the text's sentences — none when it has only one, and of a text of several windows
    only those of ``MIN_SENTENCE_WORDS``+ words —, number of windows). The n-gram reader cuts its own
    windows and takes the sentences the same way (``ngram.py``)."""
    sentences = [(s, e) for s, e in sentence_spans(text) if text[s:e].strip()]
    if len(sentences) <= 1:
        return windows, len(windows)
    if len(windows) > 1:
        sentences = [(s, e) for s, e in sentences if len(text[s:e].split()) >= MIN_SENTENCE_WORDS]
    return windows + sentences, len(windows)


def input_units(encoder: TokenEncoder, text: str) -> InputUnits:
    """The units of ``text`` and their vectors, from one pass of ``encoder``; units without a token
    (punctuation only) are dropped."""
    states, offsets = encoder.token_states(text)
    spans, windows = unit_spans(text, offsets)
    vectors, _ = pool_spans(states, offsets, spans)
    keep = np.flatnonzero(vectors.any(axis=1))
    return InputUnits([spans[i] for i in keep], vectors[keep], int((keep < windows).sum()))
