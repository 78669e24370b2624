"""Fine-tune the committed entailment head on the claims the scorer reads in labelled dev splits (issue 11, round 18b).

    OMP_NUM_THREADS=1 nice -n 10 python scripts/finetune_entailment.py eval_sets/factuality_labelled.yaml \
        eval_sets/factuality_filings.yaml /tmp/fver/sets/{expertqa,opendomain,rival}.jsonl \
        /tmp/fver/sets/{multipassage,multihop,finqa,finqa_analyst,ects}.jsonl:400 \
        --cache /tmp/fver/dev_records.pkl --features /tmp/fver/dev_feats.pt [--exclude expertqa] [--out HEAD]

Each dev item is scored once by the scorer as gateway.yaml builds it, the entailment stage recording every
(window, claim) pair it may read (scripts/entailment_replay.py, band [0, 1]). The pairs become training pairs:
every claim of a supported answer is entailed, the weakest claim of an unsupported one is not (the others are
left out: which claim is wrong is not labelled). The committed head (entailment_weights.safetensors) is trained
further on them (``--epochs``, ``--lr``; every set weighs the same), five times, each time without one fold of
the items (a question, a report page or a right answer with its wrong twin stays in one fold), and the left-out
fold's pairs are read by that head: the out-of-fold P(entailed) is replayed through the stage at gateway.yaml's
band and weight beside the committed head's, per set (balanced accuracy, kept / caught). Only dev splits are read
(``--split``); ``--out`` writes a head trained on every fold. Round 18b's result (docs/scoring.md): not shipped.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import random
import re
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))


def fold_of(item_id: str) -> int:
    """A right answer and its twin ("-x", "-r"), and the claims of one ExpertQA question, share a fold."""
    key = re.sub(r"-(x|r)$", "", item_id)
    if re.match(r"^[0-9a-f]{8}-[a-z]", key):  # ExpertQA: <question>-<system>-<claim>
        key = key.split("-")[0]
    return zlib.crc32(key.encode()) % 5


def training_pairs(items, labels) -> list[tuple[str, str, int]]:
    """(window, claim, entailed?) from recorded items: all claims of a supported answer, the weakest of another."""
    out = []
    for (_, _, claims), label in zip(items, labels):
        read = [(p, pair) for p, pair, _, _ in claims if pair is not None]
        if read and label:
            out += [(*pair, 1) for _, pair in read]
        elif read:
            out.append((*min(read)[1], 0))
    return out


def train(state, pairs, weights, feats, epochs: int, lr: float):
    import torch
    import train_aligner as ta

    from llmgateway.scoring.entailment import build_head, pad

    torch.manual_seed(11)
    head = build_head()
    head.load_state_dict(state)
    opt = torch.optim.AdamW(head.parameters(), lr=lr, weight_decay=0.01)
    rng, w = random.Random(11), torch.tensor(weights)
    quads = [(*p, "") for p in pairs]
    for _ in range(epochs):
        head.train()
        for idx in ta.batches(quads, feats, 32, rng):
            c, cm = pad([feats[pairs[i][1]] for i in idx])
            p, pm = pad([feats[pairs[i][0]] for i in idx])
            y = torch.tensor([pairs[i][2] for i in idx])
            loss = torch.nn.functional.cross_entropy(head(c, cm, p, pm), y, reduction="none") * w[idx]
            loss.mean().backward()
            opt.step()
            opt.zero_grad()
    return head.eval()


def read(head, pairs, feats) -> dict:
    import torch

    from llmgateway.scoring.entailment import pad

    out = {}
    with torch.inference_mode():
        for b in range(0, len(pairs), 64):
            chunk = pairs[b : b + 64]
            c, cm = pad([feats[x[1]] for x in chunk])
            p, pm = pad([feats[x[0]] for x in chunk])
            out.update(zip(chunk, torch.softmax(head(c, cm, p, pm), -1)[:, 1].tolist()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sets", nargs="+", help="FILE or FILE:N (N dev rows evenly spaced)")
    ap.add_argument("--split", default="dev", choices=["dev"], help="dev splits only: holdouts are never trained on")
    ap.add_argument("--exclude", nargs="*", default=[], help="sets (file stems) replayed but not trained on")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--cache", type=Path, default=None, help="the recorded scorer passes (pickle)")
    ap.add_argument("--features", type=Path, default=None, help="the encoded texts (torch.save)")
    ap.add_argument("--out", type=Path, default=None, help="write the head trained on every fold here")
    args = ap.parse_args()

    import entailment_replay as er
    import torch
    import train_aligner as ta
    from safetensors.torch import load_file

    from llmgateway.config import load_settings
    from llmgateway.scoring.entailment import WEIGHTS_FILE, EntailmentStage, read_metadata, save
    from llmgateway.scoring.evalset import load_rows

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    f = load_settings(str(ROOT / "gateway.yaml")).scoring.factuality
    stage = EntailmentStage(None, tuple(f.entailment_band), f.entailment_weight)  # type: ignore[arg-type]
    scorer, recorder = er.recording_scorer()
    cached = pickle.loads(args.cache.read_bytes()) if args.cache and args.cache.exists() else {}
    sets = {}
    for spec in args.sets:
        path, _, n = spec.partition(":")
        rows = [r for r in load_rows(path) if r.split == args.split]
        if n and len(rows) > int(n):
            rows = [rows[int(i * len(rows) / int(n))] for i in range(int(n))]
        key = f"{spec}:{args.split}"
        if key not in cached:
            cached[key] = er.record(scorer, recorder, [(r.contexts, r.answer, r.question) for r in rows])
            if args.cache:
                args.cache.write_bytes(pickle.dumps(cached))
        sets[Path(path).stem] = (rows, cached[key])
    meta = read_metadata(WEIGHTS_FILE)
    texts = sorted(
        {t for _, items in sets.values() for _, _, cl in items for _, pair, _, _ in cl if pair for t in pair}
    )
    feats = ta.encode_all(texts, int(meta["max_length"]), int(meta["encoder_layers"]), bool(meta["encoder_int8"]), 1,
                          args.features)  # fmt: skip
    state = {k: v.float() for k, v in load_file(str(WEIGHTS_FILE)).items()}
    trained = {name: s for name, s in sets.items() if name not in args.exclude}
    per_set = {name: [(fold_of(r.id), p) for r, it in zip(rows, items) for p in training_pairs([it], [r.supported])]
               for name, (rows, items) in trained.items()}  # fmt: skip
    weight = {name: len(sum(per_set.values(), [])) / (len(per_set) * max(1, len(v))) for name, v in per_set.items()}
    oof: dict = {}
    for k in range(5):
        tr = [(p, weight[n]) for n, v in per_set.items() for fk, p in v if fk != k]
        head = train(state, [p for p, _ in tr], [w for _, w in tr], feats, args.epochs, args.lr)
        mine = {pair for rows, items in sets.values() for r, (_, _, cl) in zip(rows, items) if fold_of(r.id) == k
                for _, pair, _, _ in cl if pair}  # fmt: skip
        oof.update(read(head, sorted(mine), feats))
        print(f"fold {k} done", flush=True)
    for name, (rows, items) in sets.items():
        labels = [r.supported for r in rows]
        for label, probs in (
            ("committed", er.head_probabilities(WEIGHTS_FILE, items, (0.0, 1.0))),
            ("fine-tuned", oof),
        ):
            ba, kept, pos, caught, neg = er.balanced_accuracy(
                er.replay(items, probs, stage, scorer.threshold)[0], labels
            )
            print(f"{name} {args.split} {label}: {ba:.3f} (kept {kept}/{pos}, caught {caught}/{neg})", flush=True)
    if args.out:
        tr = [(p, weight[n]) for n, v in per_set.items() for _, p in v]
        head = train(state, [p for p, _ in tr], [w for _, w in tr], feats, args.epochs, args.lr)
        files = [Path(spec.partition(":")[0]) for spec in args.sets]
        digest = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
        save(head, args.out, {**meta, "finetuned_on": digest, "epochs": args.epochs, "lr": args.lr,
                              "excluded": args.exclude})  # fmt: skip


if __name__ == "__main__":
    main()
