"""``llmgateway prompts …`` through typer's CliRunner, on a copy of the shipped prompts."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from llmgateway.prompts.cli import app
from llmgateway.prompts.registry import PromptRegistry

from .conftest import MINIMAL_VERSION, write_version

runner = CliRunner()


def run(prompts_dir, *args):
    return runner.invoke(app, [*args, "--prompts-dir", str(prompts_dir)])


def test_list_and_show(prompts_dir):
    result = run(prompts_dir, "list")
    assert result.exit_code == 0, result.output
    assert "advisor_qa" in result.output and "production=" in result.output and "staging=" in result.output
    result = run(prompts_dir, "show", "advisor_qa")
    assert result.exit_code == 0 and "v1\t" in result.output and "released" in result.output
    result = run(prompts_dir, "show", "advisor_qa@v2")
    v2 = (prompts_dir / "advisor_qa" / "v2.yaml").read_text()
    assert result.exit_code == 0 and v2.strip() in result.output and "sha256:" in result.output


def test_diff_shows_the_changed_lines(prompts_dir):
    result = run(prompts_dir, "diff", "advisor_qa", "v1", "v2")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("--- advisor_qa@v1") and "+++ advisor_qa@v2" in result.output
    assert "+  - placeholder: history" in result.output


def test_lock_releases_a_new_version_and_check_mode(prompts_dir):
    write_version(prompts_dir, "advisor_qa", "v3", MINIMAL_VERSION.format(marker="three"))
    check = run(prompts_dir, "lock", "--check")
    assert check.exit_code == 1 and "unreleased: advisor_qa@v3" in check.output
    result = run(prompts_dir, "lock")
    assert result.exit_code == 0, result.output
    assert "released advisor_qa@v3" in result.output
    lock_text = (prompts_dir / "prompts.lock").read_text()
    assert "v3: sha256:" in lock_text and "v1: sha256:" in lock_text
    assert PromptRegistry.load(prompts_dir).get("advisor_qa").versions["v3"].released
    assert run(prompts_dir, "lock", "--check").exit_code == 0


def test_lock_and_list_refuse_a_changed_released_file(prompts_dir):
    v2 = prompts_dir / "advisor_qa" / "v2.yaml"
    v2.write_text(v2.read_text().replace("temperature: 0.1", "temperature: 0.9"))
    before = (prompts_dir / "prompts.lock").read_text()
    for command in ("lock", "list"):
        result = run(prompts_dir, command)
        assert result.exit_code == 1
        assert str(v2) in result.output and "release the change as a new version" in result.output
    assert (prompts_dir / "prompts.lock").read_text() == before  # the lock was not rewritten


def test_label_edits_the_file_keeping_comments(prompts_dir):
    labels = prompts_dir / "advisor_qa" / "labels.yaml"
    labels.write_text("# who owns this: research\nproduction: v1  # champion\nstaging: v2\n")
    result = run(prompts_dir, "label", "advisor_qa", "production", "v1=90,v2=10")
    assert result.exit_code == 0, result.output
    assert "advisor_qa@production: v1 -> {v1: 90, v2: 10}" in result.output
    assert labels.read_text() == "# who owns this: research\nproduction: {v1: 90, v2: 10}  # champion\nstaging: v2\n"
    result = run(prompts_dir, "label", "advisor_qa", "qa", "v2")
    assert result.exit_code == 0 and labels.read_text().endswith("qa: v2\n")
    assert PromptRegistry.load(prompts_dir).get("advisor_qa").labels["production"].splits == (("v1", 90), ("v2", 10))


def test_label_refuses_unknown_and_unreleased_versions(prompts_dir):
    result = run(prompts_dir, "label", "advisor_qa", "production", "v9")
    assert result.exit_code == 1 and "no version v9" in result.output
    write_version(prompts_dir, "advisor_qa", "v3", MINIMAL_VERSION.format(marker="three"))
    result = run(prompts_dir, "label", "advisor_qa", "production", "v3")
    assert result.exit_code == 1 and "not released" in result.output
    assert "production: v1" in (prompts_dir / "advisor_qa" / "labels.yaml").read_text()


def test_render_prints_what_would_be_sent(prompts_dir):
    result = run(
        prompts_dir,
        "render",
        "advisor_qa@v2",
        "--var",
        "question=What did ACME earn in Q2?",
        "--var",
        "sources=[1] ACME 10-Q (acme-10q, 2024-08-01): Net income $1.1bn.",
        "--var",
        "today=2024-09-02",
        "--var",
        "firm=Example Bank",
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("# advisor_qa@v2 ") and "pinned version" in out
    assert "--- system ---" in out and "Example Bank" in out and "Today is 2024-09-02" in out
    assert "--- user ---" in out and "[1] ACME 10-Q (acme-10q, 2024-08-01): Net income $1.1bn." in out
    assert "Question: What did ACME earn in Q2?" in out and "{{" not in out


def test_render_json_follows_the_label(prompts_dir):
    (prompts_dir / "advisor_qa" / "labels.yaml").write_text("production: v1\nstaging: v2\n")
    result = run(prompts_dir, "render", "advisor_qa@staging", "--json", "--var", "question=q?")
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["prompt"]["version"] == "v2" and body["prompt"]["label"] == "staging"
    assert body["messages"][-1]["content"].endswith("Question: q?")


def test_render_refuses_an_undeclared_variable(prompts_dir):
    result = run(prompts_dir, "render", "advisor_qa@v1", "--var", "tone=casual")
    assert result.exit_code == 1 and "no variable" in result.output and "tone" in result.output


def test_prompts_folder_comes_from_the_gateway_config(prompts_dir, tmp_path):
    moved = tmp_path / "conf" / "my-prompts"
    moved.parent.mkdir()
    prompts_dir.rename(moved)
    config = tmp_path / "conf" / "gateway.yaml"
    config.write_text("paths:\n  prompts: my-prompts\n")
    result = runner.invoke(app, ["list", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "advisor_qa" in result.output
    result = runner.invoke(app, ["list", "--prompts-dir", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "prompts folder not found" in result.output
