"""The input heads' threshold rule (issue #15, input side, eighth pass): the lowest threshold within a
stated false-block budget on the compliant training inputs, capped by the ``must_block`` bound. The rule
is a function of out-of-fold scores; ``test_incremental_training`` shows ``policy train`` prints and
records it for a real pack."""

from __future__ import annotations

import numpy as np

from llmgateway.guardrails.input_threshold import (
    HEAD_THRESHOLD_TOP,
    MAX_WINDOW_COMPLIANT_FPR,
    threshold_record,
    window_threshold,
)

# 596 ordinary compliant inputs scoring under 0.4 and four hard ones; 600 in all, so a 0.5 % budget allows 3
COMPLIANT = np.concatenate([np.linspace(0.0, 0.39, 596), [0.55, 0.62, 0.71, 0.83]])


def test_the_threshold_is_the_lowest_that_keeps_the_compliant_inputs_over_it_within_budget():
    assert MAX_WINDOW_COMPLIANT_FPR == 0.005
    everything = np.arange(len(COMPLIANT))
    threshold = window_threshold(COMPLIANT, everything)
    assert threshold == 0.56  # 0.62, 0.71, 0.83 over it (3 of 600); at 0.55 the fourth would be
    record = threshold_record(COMPLIANT, everything, threshold)
    assert record | {"budget": None} == {
        "bound": "budget",
        "budget": None,
        "compliant": 600,
        "allowed": 3,
        "over": 3,
        "over_one_step_lower": 4,
        "must_block_ceiling": 1.0,
    }
    # only the compliant items count: a violation scoring anywhere does not move it
    with_violations = np.concatenate([COMPLIANT, [0.1, 0.45, 0.99]])
    assert window_threshold(with_violations, everything) == 0.56


def test_a_must_block_example_under_the_budget_threshold_wins_and_the_record_says_so():
    everything = np.arange(len(COMPLIANT))
    threshold = window_threshold(COMPLIANT, everything, ceiling=0.52)
    assert threshold == 0.52
    record = threshold_record(COMPLIANT, everything, threshold, ceiling=0.52)
    assert record["bound"] == "must_block" and record["over"] == 4 > record["allowed"]


def test_the_range_bounds_the_threshold_both_ways():
    quiet = np.linspace(0.0, 0.2, 200)  # nothing compliant scores high: the floor of the range
    assert window_threshold(quiet, np.arange(200)) == 0.3
    assert threshold_record(quiet, np.arange(200), 0.3)["bound"] == "range"
    loud = np.linspace(0.0, 0.99, 200)  # 0.5 % of 200 may be over: only 0.99, and 0.95 is the top
    assert window_threshold(loud, np.arange(200)) == 0.95
    assert threshold_record(loud, np.arange(200), 0.95)["bound"] == "range"


def test_a_window_heads_range_reaches_higher_so_the_budget_caps_it_not_095():
    # seventeenth pass: the harmful-request head sat at 0.95 spending 66 of its 25 allowed out of fold
    loud, everything = np.linspace(0.0, 0.99, 200), np.arange(200)
    assert window_threshold(loud, everything, top=HEAD_THRESHOLD_TOP) == 0.99  # 1 of 200 over, as allowed
    assert threshold_record(loud, everything, 0.99, top=HEAD_THRESHOLD_TOP)["bound"] == "budget"
    # a must_block example under the top still wins, and the record says the budget is overspent
    assert window_threshold(loud, everything, ceiling=0.98, top=HEAD_THRESHOLD_TOP) == 0.98
    record = threshold_record(loud, everything, 0.98, ceiling=0.98, top=HEAD_THRESHOLD_TOP)
    assert record["bound"] == "must_block" and record["over"] == 3 > record["allowed"]
