"""The arithmetic an answer writes out, read from its text (issue 11; split from ``shown_work.py``).

"This is computed as (425 + 33) / 38,771", "$85 million = 205 − 120", "calculated as (net revenue in 2015 of
$206,588 − net revenue in 2014 of $181,001) / $181,001": ``formulas_in`` finds the formulas (a bare one, or one
whose operands carry their line items' names, ``labelled_formula``) and evaluates them. Nothing here looks at the
sources: whether the operands are printed on the page, and what the result may support, is ``shown_work.py``'s.
"""

from __future__ import annotations

import ast
import operator
import re
from dataclasses import dataclass

from .facts import Quantity

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_OPERAND = r"[(\[]*\s*[$€£]?\s*-?\d[\d,]*(?:\.\d+)?\s*%?\s*[)\]]*"
_FORMULA = re.compile(rf"{_OPERAND}(?:\s*[-−–+×x*/÷]\s*{_OPERAND})+")
YEAR = re.compile(r"(?:19|20)\d\d")
_OPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


@dataclass(frozen=True)
class Formula:
    text: str  # as the answer writes it
    value: float
    operands: tuple[str, ...]


def figure_value(text: str) -> float:
    """ "1,345.5" → 1345.5."""
    return float(text.replace(",", ""))


def digits_of(q: Quantity) -> float | None:
    m = NUMBER.search(q.text)
    return figure_value(m.group(0)) if m else None


def _evaluate(node: ast.AST) -> float:
    if isinstance(node, ast.Expression):
        return _evaluate(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_evaluate(node.operand)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_evaluate(node.left), _evaluate(node.right))
    raise ValueError("not arithmetic")


def _value(text: str) -> float | None:
    expr = re.sub(r"[$€£,%\s]", "", text).translate(str.maketrans("−–×x÷[]", "--**/()"))
    for _ in range(4):  # the match may carry a bracket of the sentence around it
        try:
            return _evaluate(ast.parse(expr, mode="eval"))
        except ZeroDivisionError:
            return None
        except (SyntaxError, ValueError):
            if expr.count("(") > expr.count(")") and expr.startswith("("):
                expr = expr[1:]
            elif expr.count(")") > expr.count("(") and expr.endswith(")"):
                expr = expr[:-1]
            else:
                return None
    return None


def operand_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` writes out a formula's operands: each formula ``formulas_in`` reads, and everything after
    "calculated as" when a labelled formula follows. "$85 million = 205 − 120": 205 and 120 are the working, not
    figures the answer states."""
    spans = [m.span() for m in _FORMULA.finditer(text) if _formula(m) is not None]
    cue = LABELLED_CUE.search(text)
    if cue and labelled_formula(text) is not None:
        spans.append((cue.end(), len(text)))
    return spans


def _formula(m: re.Match) -> Formula | None:
    operands = tuple(n.group(0) for n in NUMBER.finditer(m.group(0)))
    if len(operands) < 2 or all(YEAR.fullmatch(n) for n in operands):
        return None
    if "/" in m.group(0) and all(len(n) <= 2 for n in operands):
        return None  # 30/09
    value = _value(m.group(0))
    return None if value is None else Formula(m.group(0).strip(), value, operands)


def formulas_in(text: str) -> list[Formula]:
    """Arithmetic the text writes out, with at least one operand that is not a year ("2018-2019"
    is a period) and no date-like slashes; also a formula whose operands carry their line items'
    names ("calculated as (revenue in 2015 of $206,588 − revenue in 2014 of $181,001) / $181,001")."""
    out = [f for m in _FORMULA.finditer(text) if (f := _formula(m)) is not None]
    labelled = labelled_formula(text)
    if labelled is not None and all(f.text != labelled.text for f in out):
        out.append(labelled)
    return out


# "calculated as …", "computed as …": the formula an analyst writes after the figure, to the sentence's end
LABELLED_CUE = re.compile(r"\b(?:calculated|computed|derived|determined|worked out) (?:as|by|from|using)\b:?", re.I)
_LABELLED_OP = re.compile(r"\s[-−–+×x*/÷]\s|\s(?:divided by|minus|plus|times)\s|[()]", re.I)
_LABELLED_SYMBOL = {"divided by": "/", "minus": "−", "plus": "+", "times": "×"}
# a term's figure: the one after "of", ":", "=", "at", or in parentheses, at the term's end ("$25.6 million" too)
_TERM_FIGURE = re.compile(
    r"(?:^|\s(?:of|at|was|were|is|are|=|:)\s+|^\(?|\(\s*)([$€£]?\s?-?\d[\d,]*(?:\.\d+)?%?)"
    r"(?:\s*(?:thousand|million|billion|bn|m))?\s*\)?\s*$",
    re.I,
)

# a parenthesised aside inside a line item's name, as 10-K labels carry them: "( in millions )", "( a ) ( b )"
_LABEL_ASIDE = re.compile(r"\(\s*(?:in (?:thousands|millions|billions)|[a-z]|[ivx]+|\d)\s*\)", re.I)
_NAMED_IN_PARENTHESES = re.compile(
    r"([A-Za-z&)])\s*\(\s*([$€£]?\s?-?\d[\d,]*(?:\.\d+)?%?(?:\s*(?:thousand|million|billion|bn|m))?)\s*\)", re.I
)


def labelled_formula(text: str) -> Formula | None:
    """The formula after "calculated as" whose operands are each a figure, alone or after its line item's
    name ("november 2018 of 3,655,945 / total of 7,673,266"), reduced to its figures; None when a term
    has no figure of its own (names alone are ``worded_formula.py``'s) or there is no operation."""
    m = LABELLED_CUE.search(text)
    if not m:
        return None
    expr = re.split(r"\.(?=\s+[A-Z]|\s*$)|;|,\s(?:which|and|so|giving|resulting)\b", text[m.end() :])[0].strip(" .,")
    expr = _LABEL_ASIDE.sub(" ", expr)  # "annual maturities ( in millions ) in 2011 of 463": a name, not an operation
    expr = _NAMED_IN_PARENTHESES.sub(r"\1 of \2", expr)  # "net income ($1.2 billion)" → "… of $1.2 billion"
    parts = _LABELLED_OP.split(f" {expr} ")
    ops = _LABELLED_OP.findall(f" {expr} ")
    shown, operands = [], []
    for k, term in enumerate(parts):
        term = term.strip()
        if term and k < len(ops) and ops[k].strip() == "(" and not NUMBER.search(term):
            pass  # "average PP&E ((253 + 282) / 2)": the name of the parenthesised operand
        elif term:
            f = _TERM_FIGURE.search(term)
            if f is None or (YEAR.fullmatch(f.group(1)) and term != f.group(1)):
                return None
            figure = re.sub(r"[$€£\s]", "", f.group(1))
            operands.append(figure.rstrip("%"))
            shown.append(figure)
        if k < len(ops):
            op = ops[k].strip().lower()
            shown.append(_LABELLED_SYMBOL.get(op, op))
    if len(operands) < 2 or not any(o in "−–-+×x*/÷" for o in shown):
        return None
    formula = " ".join(shown).replace("( ", "(").replace(" )", ")")
    value = _value(formula)
    return None if value is None else Formula(formula, value, tuple(operands))


# Constants an analyst writes into a formula without the page printing them: "/ 2" for an average of two
# years, "× 100" for a percentage, "− 1" for a growth rate, "/ 4" or "/ 12" for quarters or months.
CONSTANTS = frozenset({1.0, 2.0, 3.0, 4.0, 5.0, 10.0, 12.0, 100.0, 1000.0})


def printed_operands(f: Formula) -> list[float]:
    """The operands of ``f`` the page must print: all but its constants (at least one is kept)."""
    values = [figure_value(n) for n in f.operands]
    return [v for v in values if v not in CONSTANTS] or values
