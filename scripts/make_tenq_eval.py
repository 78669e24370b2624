"""Reviewed long answers over 10-Q pages as PDF extraction leaves them (issue 11, round 21b, fdoc): docugami's sec-10-q.

    git -C MIRROR archive HEAD sec-10-q/data/v1 | tar -x -C /tmp/fdoc/tenq_src   # MIRROR: fetch github:docugami/KG-RAG-datasets
    python scripts/make_tenq_eval.py /tmp/fdoc/tenq_src/sec-10-q/data/v1 --jsonl /tmp/fdoc/tenq.jsonl \
        --exclude-hashes /work/shared/reserved.txt [--pages-cache /tmp/fdoc/tenq_pages.json]
    llmgateway scorer evaluate /tmp/fdoc/tenq.jsonl --split dev        # --split holdout to report (summary only)

Source: docugami/KG-RAG-datasets @ 547f132 (MIT licence, "Copyright (c) 2023 docugami"), folder
``sec-10-q/data/v1``: twenty whole 10-Q filings as PDFs (``docs/2022 Q3 AAPL.pdf`` … ``docs/2023 Q3 NVDA.pdf``:
Apple, Amazon, Intel, Microsoft, NVIDIA, four quarters each) and ``qna_data.csv`` — 195 questions an analyst
would ask, each with the filings it is about (``Source Docs``: ``*2023 Q3 AAPL*`` or ``*AAPL*``) and an answer
that GPT-4 Turbo drafted from those whole filings and the Docugami team then reviewed and corrected by hand
(the repository's ``sec-10-q/README.md``). So the correct answers are long answers written as an LLM writes them —
sentences around each figure, lists over quarters, a short calculation, a caveat — that people judged right.
Nothing here is written by this project except the wrong twins; rows are generated under /tmp, never committed.

Each row (``kind: right``, label supported):

* ``question``: the question as written;
* ``answer``: the reviewed answer; the citation lines the drafting prompt asked for ("SOURCE(S): 2023 Q3
  AAPL.pdf", "(SOURCE: 2022 Q3 AAPL.pdf)") are taken off — they say where, not what — and the CSV's
  double-encoded punctuation ("â€”") is put back ("—"); a document named inside a sentence ("In the
  "2023 Q1 AMZN.pdf" document, …") stays, and every context is headed by its file name and page;
* ``contexts``: whole pages of the question's filings as pypdf 7 leaves them (``extract_text()``, the project's
  own PDF reader), headed "2023 Q3 AAPL.pdf, page 4": the fewest pages that print every figure and date the
  answer states (greedily, the page printing most of the figures not yet covered first, in any scale — "$82,959
  million" is "82,959" on a page "(In millions)" — at the answer's own rounding), then for each sentence in
  words (five content words or more, no figure) the page sharing most of its words when the pages chosen
  share fewer; at most ``MAX_PAGES``. A figure printed on
  none of the question's filings (a computed change, a ratio) is left to the scorer, as the reviewers left it.

Its wrong twin (label unsupported, same question and contexts) changes one thing, by the helpers of
``make_earnings_calls_eval.py``: ``figure`` (one figure ×0.7/0.8/1.25/1.4 at the same precision, to a value no
page of the question's filings prints in any scale), ``scale`` (million ↔ billion), ``period`` (a quarter or a
year), ``direction`` (increase ↔ decrease …), ``name`` (one of the five companies swapped for another that the
pages never name). In a long answer that is one wrong sentence among right ones — what a reviewer must catch.

Split by company (the filings are shared by that company's questions, so no page is in both): the tickers
sorted by sha256("tenq|" + ticker), the first three ``dev`` (read and choose on it), the other two ``holdout``
(report only). Deterministic. A row whose answer or pages share a 12-word passage with a reserved set is dropped
(``--exclude-hashes``): such a page (a cover page, a statement page whose boilerplate a reserved set also
prints) is never a context, and a question whose figure only such a page prints is left out.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import hashlib
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from earnings_text import Figure, figures, verified  # noqa: E402
from make_earnings_calls_eval import twin  # noqa: E402
from make_filings_eval import _rng  # noqa: E402
from make_guardrail_training import overlaps  # noqa: E402
from tatqa_lookalike import write_rows  # noqa: E402

MAX_PAGES = 6
COMPANIES = {"AAPL": "Apple", "AMZN": "Amazon", "INTC": "Intel", "MSFT": "Microsoft", "NVDA": "NVIDIA"}
_CITATION_LINE = re.compile(r"\n*\s*SOURCE\(?S?\)?\s*:.*\Z", re.S)
_CITATION = re.compile(r"\s*\((?:SOURCE\(?S?\)?:?\s*)?(?:\"?\d{4} Q[1-4] [A-Z]{4}\.pdf\"?(?:,?\s*(?:and\s+)?)?)+\)")
_STOP = set("the a an of to in and for on at by with from as is was were be been are its it this that than".split())


def split_of(ticker: str) -> str:
    order = sorted(COMPANIES, key=lambda t: hashlib.sha256(f"tenq|{t}".encode()).hexdigest())
    return "dev" if order.index(ticker) < 3 else "holdout"


def demojibake(text: str) -> str:
    """The CSV's UTF-8 read as cp1252 and saved again ("â€”" for "—"), put back run by run."""

    def back(m: re.Match) -> str:
        try:
            return m.group(0).encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return m.group(0)

    return re.sub(r"[\u00c2-\u00f4][\u0080-\u00bf\u0152-\u2122]{1,3}", back, text)


def clean_answer(answer: str) -> str:
    s = demojibake(answer).strip()
    s = _CITATION_LINE.sub("", s)
    s = _CITATION.sub("", s)
    return re.sub(r"[ \t]+\n", "\n", s).strip()


def read_pages(docs: Path, cache: Path | None) -> dict[str, list[str]]:
    """{file name: [page text, …]} by pypdf (every array read whole: the Intel filings exceed pypdf's default
    100,000-element guard)."""
    if cache and cache.exists():
        return json.loads(cache.read_text())
    from pypdf import PdfReader, apply_configuration

    out: dict[str, list[str]] = {}
    for pdf in sorted(docs.glob("*.pdf")):
        with apply_configuration(array_maximum_element_count=10_000_000):
            out[pdf.name] = [page.extract_text() or "" for page in PdfReader(str(pdf)).pages]
    if cache:
        cache.write_text(json.dumps(out))
    return out


def scaled(printed: list[Figure]) -> list[Figure]:
    """A page's figures and, for a bare one, the same in thousands, millions and billions (its scale header)."""
    more = [dataclasses.replace(f, value=f.value * s, scale=s) for f in printed if f.bare for s in (1e3, 1e6, 1e9)]
    return printed + more


_DATE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}), (\d{4})"
)


def prints_date(page: str, month: str, day: str, year: str) -> bool:
    """The page prints the date, its year perhaps on a header line of its own ("September 30, / 2023 2022")."""
    for m in re.finditer(rf"\b{month[:3]}[a-z]*\.?\s+{day}\b", page):
        if re.search(rf"\b{year}\b", page[m.end() : m.end() + 160]):
            return True
    return False


def _terms(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in _STOP}


def evidence_pages(answer: str, question: str, pages: list[tuple[str, str, list[Figure]]]) -> tuple[list[int], int]:
    """Indices of the fewest pages printing the answer's figures and dates (see the module docstring), and how
    many of them no page prints."""
    stated = figures(answer)
    where = [{i for i, (_, _, printed) in enumerate(pages) if verified(f, printed)} for f in stated]
    where += [{i for i, (_, text, _) in enumerate(pages) if prints_date(text, *d)} for d in _DATE.findall(answer)]
    todo = {k for k, w in enumerate(where) if w}
    unprinted = len(where) - len(todo)
    terms = _terms(answer + " " + question)
    overlap = [len(terms & _terms(text)) for _, text, _ in pages]
    chosen: list[int] = []
    while todo and len(chosen) < MAX_PAGES:
        best = max(range(len(pages)), key=lambda i: (sum(i in where[k] for k in todo), overlap[i], -i))
        chosen.append(best)
        todo = {k for k in todo if best not in where[k]}
    for sentence in re.split(r"(?<=[.:;])\s+|\n+", answer):  # sentences in words: the page saying most of each
        words = _terms(sentence)
        if len(words) < 5 or figures(sentence) or len(chosen) >= MAX_PAGES:
            continue
        best = max(range(len(pages)), key=lambda i: (len(words & _terms(pages[i][1])), -i))
        have = max((len(words & _terms(pages[i][1])) for i in chosen), default=0)
        if len(words & _terms(pages[best][1])) > have:
            chosen.append(best)
    return sorted(set(chosen)), unprinted + len(todo)


def rows_of(root: Path, pages_by_doc: dict[str, list[str]], exclude: set[str]) -> tuple[list[dict], dict]:
    stats = dict.fromkeys(["questions", "no twin", "reserved", "kept"], 0)
    printed_of = {(d, n): scaled(figures(t)) for d, ps in pages_by_doc.items() for n, t in enumerate(ps)}
    # pages sharing a 12-word passage with a reserved set (a cover page, boilerplate) are never a context
    reserved_pages = {(d, n) for d, ps in pages_by_doc.items() for n, t in enumerate(ps) if overlaps(t, exclude)}
    rows: list[dict] = []
    with (root / "qna_data.csv").open(encoding="utf-8-sig", newline="") as f:
        records = list(csv.DictReader(f))
    for i, rec in enumerate(records):
        stats["questions"] += 1
        question, answer = demojibake(rec["Question"]).strip(), clean_answer(rec["Answer"])
        pattern = re.escape(rec["Source Docs"].strip().strip("*")).replace(r"\ ", " ")
        docs = sorted(d for d in pages_by_doc if re.search(pattern, d))
        ticker = docs[0].split()[-1].removesuffix(".pdf")
        every = [(d, n) for d in docs for n in range(len(pages_by_doc[d]))]
        usable = [(d, n) for d, n in every if (d, n) not in reserved_pages]
        pages = [(d, pages_by_doc[d][n], printed_of[(d, n)]) for d, n in usable]
        chosen, unprinted = evidence_pages(answer, question, pages)
        if unprinted > evidence_pages(answer, question, [(d, pages_by_doc[d][n], printed_of[(d, n)])
                                                         for d, n in every])[1]:  # fmt: skip
            stats["reserved"] += 1  # a figure only a page sharing text with a reserved set prints
            continue
        labels = [f"{usable[k][0]}, page {usable[k][1] + 1}" for k in chosen]
        contexts = [f"{label}\n{pages[k][1]}" for label, k in zip(labels, chosen)]
        everything = "\n".join(pages_by_doc[d][n] for d, n in every)
        printed = [f for key in every for f in printed_of[key]]
        year, quarter = (int(x) for x in re.match(r"(\d{4}) Q([1-4])", docs[-1]).groups())  # type: ignore[union-attr]
        pool = [name for t, name in COMPANIES.items() if t != ticker and name.lower() not in everything.lower()]
        rng = _rng("tenq", str(i), question)
        kind, wrong = twin(answer, everything, printed, quarter, year, pool, rng)
        if wrong is None:
            stats["no twin"] += 1
            continue
        if any(overlaps(t, exclude) for t in [question, answer, wrong, *contexts]):
            stats["reserved"] += 1
            continue
        base = {
            "split": split_of(ticker),
            "company": ticker,
            "question_type": rec["Question Type"],
            "chunk_type": rec["Source Chunk Type"],
            "pages": labels,
            "unprinted_figures": unprinted,
            "question": question,
            "contexts": contexts,
        }
        uid = f"tenq-{i:03d}"
        rows += [base | {"id": uid, "kind": "right", "answer": answer, "label": True},
                 base | {"id": uid + "-x", "kind": kind, "answer": wrong, "label": False}]  # fmt: skip
        stats["kept"] += 1
    return rows, stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", type=Path, help="sec-10-q/data/v1 (qna_data.csv and docs/*.pdf)")
    ap.add_argument("--jsonl", type=Path, required=True, help="every row (keep under /tmp)")
    ap.add_argument("--exclude-hashes", type=Path, help="reserved-set 12-word hashes (/work/shared/reserved.txt)")
    ap.add_argument("--pages-cache", type=Path, help="pypdf's page texts, kept between runs (JSON)")
    args = ap.parse_args()
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    pages = read_pages(args.root / "docs", args.pages_cache)
    rows, stats = rows_of(args.root, pages, exclude)
    print(stats)
    write_rows(rows, args.jsonl)


if __name__ == "__main__":
    main()
