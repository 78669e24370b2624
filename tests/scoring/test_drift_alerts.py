"""Drift: stationary traffic stays quiet, a topic shift is flagged within 200 requests; alerts:
one webhook per state change, also when two processes see the same change."""

from __future__ import annotations

import random

from llmgateway.scoring.alerts import AlertManager
from llmgateway.scoring.drift import DriftMonitor
from llmgateway.scoring.factuality import FactualityScorer
from llmgateway.scoring.settings import AlertSettings, ScoringSettings
from llmgateway.scoring.worker import ScoringWorker

from .conftest import add_traces
from .webhook import WebhookReceiver

COMPANIES = [
    "Northwind Bank",
    "Apex Semiconductor",
    "Orion Retail",
    "Meridian Energy",
    "Quanta Software",
    "Lumen Insurance",
    "Veridian Motors",
    "Atlas Logistics",
    "Helix Biotech",
    "Kona Coffee",
]
METRICS = [
    "revenue",
    "net income",
    "operating margin",
    "free cash flow",
    "guidance",
    "earnings per share",
    "dividend",
    "capital expenditure",
    "gross margin",
    "price target",
]
PERIODS = ["the third quarter", "Q2", "fiscal 2024", "the first half", "last year", "the latest quarter"]
EQUITY = [
    "What did {c} report for {m} in {p}?",
    "How did {c}'s {m} change in {p}?",
    "Summarise {c}'s {m} for {p}.",
    "Did {c} beat expectations on {m} in {p}?",
    "What is the analyst view on {c}'s {m} after {p}?",
]
RETAIL = [
    "How do I reset my online banking password?",
    "Can I increase the limit on my credit card to {n}?",
    "What is the interest rate on a {n}-month fixed mortgage?",
    "How do I dispute a card payment of ${n}?",
    "Where is my nearest branch open on Saturday?",
    "How long does an international transfer of ${n} take?",
    "Can I open a savings account for my child aged {k}?",
    "Why was my contactless payment declined?",
]


def equity(rng: random.Random) -> dict:
    q = rng.choice(EQUITY).format(c=rng.choice(COMPANIES), m=rng.choice(METRICS), p=rng.choice(PERIODS))
    return {
        "query": q,
        "answer": f"According to the research note, {rng.choice(COMPANIES)} reported "
        f"{rng.choice(METRICS)} up {rng.randint(1, 20)}% in {rng.choice(PERIODS)}.",
    }


def retail(rng: random.Random) -> dict:
    q = rng.choice(RETAIL).format(n=rng.randint(2, 60) * 10, k=rng.randint(1, 15))
    return {"query": q, "answer": "You can do this in the mobile app under Settings, or call customer service."}


def test_stationary_traffic_is_quiet_and_topic_shift_is_flagged(sqlite_store, embedder):
    rng = random.Random(7)
    settings = ScoringSettings.model_validate(
        {
            "worker": {"batch_size": 20},
            # small_window: 0 skips the classifier's permutation baseline (the slow part) to keep this test
            # fast; the fixed 0.55 AUC threshold, MMD agreement and alert confirmation stay in force
            "drift": {"reference_size": 100, "window": 100, "check_every": 20, "small_window": 0},
            "alerts": {"factuality_min_traces": 10_000},
        }
    )
    with WebhookReceiver() as hook:
        settings.alerts.webhook_url = hook.url
        alerts = AlertManager(sqlite_store, settings.alerts, "http://gateway.test")
        worker = ScoringWorker(
            sqlite_store,
            FactualityScorer(embedder),
            settings,
            alerts=alerts,
            drift=DriftMonitor(sqlite_store, embedder, settings.drift),
        )

        def feed(make, n):
            for _ in range(n // 20):
                add_traces(sqlite_store, [make(rng) for _ in range(20)])
                assert worker.run_once() == 20

        feed(equity, 100)  # the reference window
        feed(equity, 300)  # stationary: 15 drift checks
        assert hook.received == [], "stationary traffic raised an alert"
        report = worker.drift.check("advisor")
        assert report["streams"]["queries"]["drifted"] is False
        assert report["streams"]["queries"]["current_size"] == 100

        flagged_after = None
        for step in range(1, 11):  # 200 requests of a new topic, checked every 20
            feed(retail, 20)
            if any(p["metric"] == "drift.queries" for p in hook.received):
                flagged_after = step * 20
                break
        assert flagged_after is not None and flagged_after <= 200
        alert = next(p for p in hook.received if p["metric"] == "drift.queries")
        assert alert["route"] == "advisor" and alert["state"] == "alerting"
        assert alert["value"] > alert["threshold"] >= 0.55
        assert alert["link"] == "http://gateway.test/api/traces?route=advisor" and alert["window"] > 0
        report = worker.drift.check("advisor")
        queries = report["streams"]["queries"]
        assert queries["drifted"] is True and queries["methods"]["mmd"]["p_value"] < 0.05
        assert queries["examples"] and any(
            w in queries["examples"][0]["text"].lower()
            for w in ("mortgage", "card", "password", "branch", "account", "transfer", "payment")
        )


def test_webhook_fires_once_per_state_change_across_processes(sqlite_store):
    with WebhookReceiver() as hook:
        settings = AlertSettings(webhook_url=hook.url, confirm_checks=1)
        first = AlertManager(sqlite_store, settings, "http://gw")
        second = AlertManager(sqlite_store, settings, "http://gw")  # another scorer process, same store
        first.evaluate("advisor", "drift.queries", 0.52, 0.55, False, 100)  # ok → ok: nothing
        first.evaluate("advisor", "drift.queries", 0.91, 0.55, True, 100)  # ok → alerting
        second.evaluate("advisor", "drift.queries", 0.93, 0.55, True, 100)  # same state: nothing
        first.evaluate("advisor", "drift.queries", 0.92, 0.55, True, 100)
        second.evaluate("advisor", "drift.queries", None, 0.55, None, 10)  # not enough data: nothing
        second.evaluate("advisor", "drift.queries", 0.50, 0.55, False, 100)  # alerting → ok
        first.evaluate("advisor", "drift.queries", 0.51, 0.55, False, 100)
        assert [(p["metric"], p["state"], p["value"]) for p in hook.received] == [
            ("drift.queries", "alerting", 0.91),
            ("drift.queries", "ok", 0.5),
        ]
        assert set(hook.received[0]) == {"route", "metric", "state", "value", "threshold", "window", "link"}
        states = first.states()
        assert states[0]["state"] == "ok" and states[0]["delivered"] is True


def test_a_new_state_is_announced_only_after_confirmation(sqlite_store):
    with WebhookReceiver() as hook:
        manager = AlertManager(sqlite_store, AlertSettings(webhook_url=hook.url), "http://gw")  # confirm_checks=2
        manager.evaluate("advisor", "drift.answers", 0.6, 0.55, True, 100)  # one noisy check
        manager.evaluate("advisor", "drift.answers", 0.5, 0.55, False, 100)  # streak broken
        manager.evaluate("advisor", "drift.answers", 0.6, 0.55, True, 100)
        assert hook.received == []
        manager.evaluate("advisor", "drift.answers", 0.7, 0.55, True, 100)  # confirmed
        assert [(p["state"], p["value"]) for p in hook.received] == [("alerting", 0.7)]


def test_failed_webhook_delivery_is_retried_then_delivered_once(sqlite_store):
    settings = AlertSettings(webhook_url="http://127.0.0.1:9/unreachable", timeout_s=0.5, confirm_checks=1)
    manager = AlertManager(sqlite_store, settings, "http://gw")
    assert manager.evaluate("advisor", "factuality", 0.4, 0.7, True, 50) is None  # delivery failed
    with WebhookReceiver() as hook:
        manager.settings = AlertSettings(webhook_url=hook.url, confirm_checks=1)
        manager.evaluate("advisor", "factuality", 0.41, 0.7, True, 50)  # same state: retry the delivery
        manager.evaluate("advisor", "factuality", 0.42, 0.7, True, 50)
        assert [p["state"] for p in hook.received] == ["alerting"]
        assert hook.received[0]["value"] == 0.4
