"""Public fact-verification pairs for the entailment cross-encoder (issue 11, round 4): human-labelled
(evidence, claim, supported?) from three datasets found as GitHub snapshots, plus our own
FactCC-style perturbations (scripts/entailment_data.py ``perturb``) of their news articles.

Sources (none is a reserved test set; texts sharing a 12-word passage with one are dropped):

* CLIMATE-FEVER (github.com/tdiggelm/climate-fever-dataset, ``dataset/climate-fever.jsonl``; no
  licence file in the repository — the paper's data, Wikipedia sentences are CC BY-SA): 1,535 claims
  x 5 Wikipedia evidence sentences, each labelled SUPPORTS / REFUTES / NOT_ENOUGH_INFO by
  annotators. SUPPORTS = entailed; REFUTES and NOT_ENOUGH_INFO = not (NEI capped so that the
  classes are even).
* WiCE (github.com/ryokamoi/wice, ``data/entailment_retrieval/claim/{dev,test}.jsonl`` and
  ``data/non_supported_tokens/train.jsonl``; CC BY-SA via Wikipedia, Common Crawl terms): real
  Wikipedia claims against the web page they cite, with the sentences that support them. Premise =
  the supporting sentences (else the two that overlap the claim most); "supported" = entailed,
  "partially_supported" / "not_supported" = not — right entities, part of the claim unstated.
* QAGS (github.com/W4ngatang/qags, ``data/mturk_{cnndm,xsum}.jsonl``): model-written summary
  sentences of CNN/DailyMail and XSum articles, three crowd votes each on "is it supported by the
  article?" (majority). Premise = the article's best-overlapping 3-sentence window. The CNN/DM
  articles are also perturbed (names/figures traded, a figure or year changed, a direction
  flipped, a negation, a sentence from outside the window) — our code, FactCC's idea.

* FEVER (round 16b): the FEVER shared task's dev claims against their gold Wikipedia evidence, as
  kept in RTE form (premise = the evidence sentences, hypothesis = the claim, SUPPORTS = "entailment",
  REFUTES and NOT ENOUGH INFO = "not_entailment"; 13,332 pairs, balanced) in
  github.com/asaakyan/covidfact @ ceeb613cde5a6c19dea4f2c165654e510ff52b10,
  ``RTE-Fever/processed/dev.raw.input0`` / ``dev.raw.input1`` / ``dev.label`` (the COVID-Fact authors'
  copy; the repository has no licence file; FEVER's data is Wikipedia text, CC BY-SA 3.0). The PTB
  tokens (``-LRB-``, ``` `` ```, " , ") are put back into plain text.
* FEVER-Symmetric (github.com/TalSchuster/FeverSymmetric @ fa25d17e73ea0694edc78133ec654b9f32f6db73,
  ``symmetric_v0.2/fever_symmetric_{dev,test}.jsonl``; DATA_LICENSE: Wikipedia terms / CC BY-SA 3.0):
  717 FEVER claim/evidence pairs written in symmetric twins (the same evidence supporting one claim and
  refuting a minimally edited one) — held out only, never trained on; FEVER pairs whose claim is a
  FEVER-Symmetric claim are dropped from training.

Split by document: WiCE's test file, every 5th CLIMATE-FEVER claim and QAGS's XSum articles form the
public held-out split ``public_check`` (never trained on); one FEVER claim in five (by the sha256 of
the claim) forms ``fever_check``, FEVER-Symmetric ``fever_symmetric``; the rest is ``train``.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterable
from pathlib import Path

from entailment_data import Pair, perturb, sentences

FILES = {
    "climate_fever": "climate-fever.jsonl",
    "wice_train": "wice_non_supported_train.jsonl",
    "wice_dev": "wice_claim_dev.jsonl",
    "wice_test": "wice_claim_test.jsonl",
    "qags_cnndm": "qags_cnndm.jsonl",
    "qags_xsum": "qags_xsum.jsonl",
    "fever_premise": "fever_rte_dev_premise.txt",
    "fever_claim": "fever_rte_dev_claim.txt",
    "fever_label": "fever_rte_dev_label.txt",
    "fever_sym_dev": "fever_symmetric_dev.jsonl",
    "fever_sym_test": "fever_symmetric_test.jsonl",
}


def _words(text: str) -> list[str]:
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).split()


def reserved_overlap(text: str, hashes: set[str], width: int = 12) -> bool:
    """Does ``text`` share a 12-word passage (or, when short, its whole text) with a reserved set?
    Same normalisation as scripts/make_injection_extra.py and the project's reserved-text check."""
    ws = _words(text)
    if 6 <= len(ws) < width and "s" + hashlib.sha256(" ".join(ws).encode()).hexdigest()[:16] in hashes:
        return True
    windows = (" ".join(ws[i : i + width]) for i in range(max(1, len(ws) - width + 1)))
    return any(hashlib.sha256(w.encode()).hexdigest()[:16] in hashes for w in windows)


def _stems(text: str) -> set[str]:
    return {w[:5] for w in _words(text) if len(w) > 2}


def best_window(claim: str, sents: list[str], size: int = 3) -> str:
    """The ``size`` consecutive sentences sharing the most word stems with the claim (how the
    scorer's evidence window looks: a matched passage and a sentence either side)."""
    if len(sents) <= size:
        return " ".join(sents)
    mine = _stems(claim)
    best = max(range(len(sents) - size + 1), key=lambda i: (len(mine & _stems(" ".join(sents[i : i + size]))), -i))
    return " ".join(sents[best : best + size])


def _jsonl(path: Path) -> Iterable[dict]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def climate_fever(path: Path, rng: random.Random) -> tuple[list[Pair], list[Pair]]:
    train: list[Pair] = []
    check: list[Pair] = []
    for k, row in enumerate(_jsonl(path)):
        pos = [e for e in row["evidences"] if e["evidence_label"] == "SUPPORTS"]
        neg = [e for e in row["evidences"] if e["evidence_label"] == "REFUTES"]
        nei = [e for e in row["evidences"] if e["evidence_label"] == "NOT_ENOUGH_INFO"]
        neg += rng.sample(nei, min(len(nei), max(0, len(pos) - len(neg))))
        out = check if k % 5 == 0 else train
        for e, y in [(e, 1) for e in pos] + [(e, 0) for e in neg]:
            out.append((f"{e['article']}: {e['evidence']}", row["claim"], y, "climate_fever"))
    return train, check


def wice(path: Path) -> list[Pair]:
    out: list[Pair] = []
    for row in _jsonl(path):
        ev = [re.sub(r"^\(meta data\) ", "", s) for s in row["evidence"]]
        support = sorted({i for group in row.get("supporting_sentences") or [] for i in group if i < len(ev)})
        premise = " ".join(ev[i] for i in support[:4]) if support else best_window(row["claim"], ev, 2)
        out.append((premise, row["claim"], int(row["label"] == "supported"), "wice"))
    return out


def qags(path: Path) -> tuple[list[Pair], list[list[str]]]:
    pairs: list[Pair] = []
    docs: list[list[str]] = []
    for row in _jsonl(path):
        sents = sentences(row["article"])
        docs.append(sents)
        for s in row["summary_sentences"]:
            yes = sum(r["response"] == "yes" for r in s["responses"])
            pairs.append((best_window(s["sentence"], sents), s["sentence"], int(2 * yes > len(s["responses"])), "qags"))
    return pairs, docs


_PTB = [
    (r"-LRB-", "("), (r"-RRB-", ")"), (r"-LSB-", "["), (r"-RSB-", "]"), (r"-LCB-", "{"), (r"-RCB-", "}"),
    (r"``|''", '"'), (r"\( ", "("), (r" \)", ")"), (r"\[ ", "["), (r" \]", "]"),
    (r" ([,.;:!?%])", r"\1"), (r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1"), (r"\$ (?=\d)", "$"), (r"\s+", " "),
]  # fmt: skip


def detokenize(text: str) -> str:
    """FEVER's Penn-Treebank tokens back into plain text ("the film ( 1997 ) , which" → "the film (1997), which")."""
    for pattern, repl in _PTB:
        text = re.sub(pattern, repl, text)
    return text.strip()


def fever_symmetric(paths: list[Path]) -> list[Pair]:
    out: list[Pair] = []
    for path in paths:
        for row in _jsonl(path):
            y = int(row["gold_label"] == "SUPPORTS")
            out.append((detokenize(row["evidence"]), detokenize(row["claim"]), y, "fever_symmetric"))
    return out


def fever(data_dir: Path, held_claims: set[str]) -> tuple[list[Pair], list[Pair]]:
    """FEVER dev in RTE form: (train, check) — the check holds one claim in five by the claim's sha256;
    claims that FEVER-Symmetric (``held_claims``) also asks about are never trained on."""
    premises, claims, labels = (
        (data_dir / FILES[k]).read_text(encoding="utf-8").splitlines()
        for k in ("fever_premise", "fever_claim", "fever_label")
    )
    train: list[Pair] = []
    check: list[Pair] = []
    for premise, claim, label in zip(premises, claims, labels, strict=True):
        claim = detokenize(claim)
        pair = (detokenize(premise), claim, int(label == "entailment"), "fever")
        if hashlib.sha256(claim.encode()).digest()[0] % 5 == 0:
            check.append(pair)
        elif claim not in held_claims:
            train.append(pair)
    return train, check


def build(data_dir: Path, seed: int, reserved: set[str]) -> dict[str, list[Pair]]:
    """{"train": ..., "public_check": ...} from the files of FILES under ``data_dir``; pairs whose
    claim or premise overlaps a reserved set are dropped (counted in "dropped")."""
    rng = random.Random(seed)
    cf_train, cf_check = climate_fever(data_dir / FILES["climate_fever"], rng)
    qa_train, news = qags(data_dir / FILES["qags_cnndm"])
    qa_check, _ = qags(data_dir / FILES["qags_xsum"])
    train = cf_train + qa_train + wice(data_dir / FILES["wice_train"]) + wice(data_dir / FILES["wice_dev"])
    for doc in news:
        if len(doc) >= 3:
            train += [(p, c, y, "news_perturbed") for p, c, y, _ in perturb(doc, rng, 6, "news")]
    check = cf_check + qa_check + wice(data_dir / FILES["wice_test"])
    symmetric = fever_symmetric([data_dir / FILES["fever_sym_dev"], data_dir / FILES["fever_sym_test"]])
    fever_train, fever_check = fever(data_dir, {c for _, c, _, _ in symmetric})
    train += fever_train
    splits = {}
    named = (("train", train), ("public_check", check), ("fever_check", fever_check), ("fever_symmetric", symmetric))
    for name, pairs in named:
        splits[name] = [p for p in pairs if not (reserved_overlap(p[0], reserved) or reserved_overlap(p[1], reserved))]
        print(f"verification_data: {name} {len(pairs)} pairs, {len(pairs) - len(splits[name])} dropped as reserved")
    return splits


# the round-3 files scripts/entailment_data.py reads, also trained on (same folder)
ROUND3 = {
    "rte_train.tsv": ("marcwww+nlu_eval", "data/RTE/train.tsv"),
    "snli_dev_part.jsonl": ("Deltaus+sBiMPM", "snli_1.0/snli_1.0_dev.jsonl"),
    "snli_test_part.jsonl": ("Deltaus+sBiMPM", "snli_1.0/snli_1.0_test.jsonl"),
    "squad_dev_part.json": ("SaiPriya-R+SQuAD-explorer", "dataset/dev-v1.1.json"),
    "squad_train_part.json": ("SaiPriya-R+SQuAD-explorer", "dataset/train-v1.1.json"),
}


def collect(mirror: Path, out: Path) -> None:
    """Copy every training file out of its GitHub snapshot (``fetch`` mirrors under ``mirror``, each
    ``owner+name/repo``) into ``out``: this module's FILES and round 3's (ROUND3)."""
    import subprocess

    sources = {
        "climate_fever": ("tdiggelm+climate-fever-dataset", "dataset/climate-fever.jsonl"),
        "wice_train": ("ryokamoi+wice", "data/non_supported_tokens/train.jsonl"),
        "wice_dev": ("ryokamoi+wice", "data/entailment_retrieval/claim/dev.jsonl"),
        "wice_test": ("ryokamoi+wice", "data/entailment_retrieval/claim/test.jsonl"),
        "qags_cnndm": ("W4ngatang+qags", "data/mturk_cnndm.jsonl"),
        "qags_xsum": ("W4ngatang+qags", "data/mturk_xsum.jsonl"),
        "fever_premise": ("asaakyan+covidfact", "RTE-Fever/processed/dev.raw.input0"),
        "fever_claim": ("asaakyan+covidfact", "RTE-Fever/processed/dev.raw.input1"),
        "fever_label": ("asaakyan+covidfact", "RTE-Fever/processed/dev.label"),
        "fever_sym_dev": ("TalSchuster+FeverSymmetric", "symmetric_v0.2/fever_symmetric_dev.jsonl"),
        "fever_sym_test": ("TalSchuster+FeverSymmetric", "symmetric_v0.2/fever_symmetric_test.jsonl"),
    }
    files = {FILES[key]: source for key, source in sources.items()} | ROUND3
    out.mkdir(parents=True, exist_ok=True)
    for name, (repo, path) in files.items():
        git_dir = mirror / repo / "repo"
        git_dir = git_dir / ".git" if (git_dir / ".git").is_dir() else git_dir
        blob = subprocess.run(
            ["git", f"--git-dir={git_dir}", "show", f"HEAD:{path}"], capture_output=True, check=True
        ).stdout
        (out / name).write_bytes(blob)


if __name__ == "__main__":
    import argparse
    import collections

    ap = argparse.ArgumentParser()
    ap.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/fact-verify/data"))
    ap.add_argument(
        "--exclude-hashes", "--reserved", dest="reserved", type=Path, default=Path("/work/shared/reserved.txt")
    )
    args = ap.parse_args()
    collect(args.mirror, args.out)
    hashes = set(args.reserved.read_text().split()) if args.reserved.exists() else set()
    for name, pairs in build(args.out, 11, hashes).items():
        print(name, len(pairs), sorted(collections.Counter((p[3], p[2]) for p in pairs).items()))
