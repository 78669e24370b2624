"""Rendering: sources numbered for citation, history kept as turns, never an unrendered template."""

from __future__ import annotations

import pytest

from llmgateway.pipeline import Source
from llmgateway.prompts.registry import PromptRegistry
from llmgateway.prompts.render import PromptRenderError, render_messages, split_conversation

from .conftest import write_version

SOURCES = [
    Source(
        index=1,
        doc_id="acme-10q",
        title="ACME 10-Q",
        text="Revenue was  $12.3bn.\nUp 8%.",
        metadata={"date": "2024-08-01"},
    ),
    Source(index=2, doc_id="note-7", text="Margins fell."),
]


def test_sources_are_numbered_with_title_id_and_date(prompts_dir):
    v1 = PromptRegistry.load(prompts_dir).version("advisor_qa", "v1")
    messages = render_messages(v1, question="How did ACME do?", sources=SOURCES)
    user = messages[-1]["content"]
    assert "[1] ACME 10-Q (acme-10q, 2024-08-01): Revenue was $12.3bn. Up 8%." in user
    assert "[2] (note-7): Margins fell." in user
    assert user.endswith("Question: How did ACME do?")
    assert "{{" not in user and messages[0]["role"] == "system"


def test_no_sources_says_so(prompts_dir):
    v1 = PromptRegistry.load(prompts_dir).version("advisor_qa", "v1")
    assert "(no sources found)" in render_messages(v1, question="q", sources=[])[-1]["content"]


def test_earlier_turns_become_history_messages_at_the_placeholder(prompts_dir):
    v2 = PromptRegistry.load(prompts_dir).version("advisor_qa", "v2")
    question, history = split_conversation(
        [
            {"role": "system", "content": "caller system text is not forwarded"},
            {"role": "user", "content": "What is ACME's revenue?"},
            {"role": "assistant", "content": "$12.3bn [1]."},
            {"role": "user", "content": "And margins?"},
        ]
    )
    messages = render_messages(
        v2, question=question, history=history, sources=SOURCES, today="2024-09-01", variables={"firm": "Example Bank"}
    )
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert messages[1]["content"] == "What is ACME's revenue?" and messages[2]["content"] == "$12.3bn [1]."
    assert messages[-1]["content"].endswith("Question: And margins?")
    assert "Example Bank" in messages[0]["content"] and "2024-09-01" in messages[0]["content"]
    assert not any("caller system text" in m["content"] for m in messages)


def test_without_placeholder_history_goes_before_the_last_user_template(prompts_dir):
    v1 = PromptRegistry.load(prompts_dir).version("advisor_qa", "v1")
    messages = render_messages(
        v1, question="q2", history=[{"role": "user", "content": "q1"}, {"role": "assistant", "content": "a1"}]
    )
    assert [m["content"] for m in messages[1:3]] == ["q1", "a1"]
    assert messages[-1]["content"].endswith("Question: q2")


def test_history_variable_renders_text_instead_of_messages(prompts_dir):
    write_version(
        prompts_dir, "hist", "v1", 'messages:\n  - role: user\n    content: "{{ history }}\\nQ: {{ question }}"\n'
    )
    version = PromptRegistry.load(prompts_dir).version("hist", "v1")
    messages = render_messages(
        version, question="q2", history=[{"role": "user", "content": "q1"}, {"role": "assistant", "content": "a1"}]
    )
    assert messages == [{"role": "user", "content": "user: q1\nassistant: a1\nQ: q2"}]


def test_caller_text_with_braces_is_sent_verbatim(prompts_dir):
    v1 = PromptRegistry.load(prompts_dir).version("advisor_qa", "v1")
    content = render_messages(v1, question="what is {{ secret }} and {% raw %}?")[-1]["content"]
    assert "what is {{ secret }} and {% raw %}?" in content


def test_unknown_caller_variable_is_refused(prompts_dir):
    v2 = PromptRegistry.load(prompts_dir).version("advisor_qa", "v2")
    with pytest.raises(PromptRenderError, match="no variable"):
        render_messages(v2, question="q", variables={"tone": "casual"})


def test_a_template_failing_at_render_time_raises_instead_of_sending(prompts_dir):
    # declared variable with a nested lookup that does not exist at render time
    write_version(
        prompts_dir,
        "broken",
        "v1",
        'variables: {client: {}}\nmessages:\n  - role: user\n    content: "{{ client.name.first }} {{ question }}"\n',
    )
    version = PromptRegistry.load(prompts_dir).version("broken", "v1")
    with pytest.raises(PromptRenderError, match="failed to render"):
        render_messages(version, question="q")
