"""The registry as prompt engineers meet it: files, the lock, labels, canary splits, errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from llmgateway.errors import ConfigError, PromptNotFound
from llmgateway.prompts.registry import PromptRegistry

from .conftest import MINIMAL_VERSION, write_version


def test_sample_prompts_load_released_with_production_and_staging(prompts_dir):
    registry = PromptRegistry.load(prompts_dir)
    prompt = registry.get("advisor_qa")
    assert sorted(prompt.versions) == ["v1", "v2"]
    assert all(v.released for v in prompt.versions.values())
    assert {"production", "staging"} <= set(prompt.labels)
    production = registry.resolve("advisor_qa", bucket_key="advisor-1", require_released=True)
    assert production.label == "production" and production.role == "champion"
    assert production.version.hash.startswith("sha256:") and len(production.version.hash) == 71
    staging = registry.resolve("advisor_qa@staging", bucket_key=None)
    pinned = registry.resolve("advisor_qa@v1", bucket_key=None)
    assert pinned.version.version == "v1" and pinned.label is None
    assert staging.version.version in prompt.versions


def test_editing_a_released_version_refuses_the_load_and_names_the_file(prompts_dir):
    v1 = prompts_dir / "advisor_qa" / "v1.yaml"
    v1.write_text(v1.read_text() + "# a quiet edit\n")
    with pytest.raises(ConfigError) as err:
        PromptRegistry.load(prompts_dir)
    message = str(err.value)
    assert str(v1) in message
    assert "no longer matches prompts.lock" in message and "new version" in message
    assert "v3.yaml" in message  # tells the engineer which file to add instead


def test_crlf_checkout_of_a_released_version_still_matches_the_lock(prompts_dir):
    v1 = prompts_dir / "advisor_qa" / "v1.yaml"
    v1.write_bytes(v1.read_bytes().replace(b"\n", b"\r\n"))
    assert PromptRegistry.load(prompts_dir).get("advisor_qa").versions["v1"].released


def test_deleting_a_released_version_refuses_the_load(prompts_dir):
    (prompts_dir / "advisor_qa" / "v1.yaml").unlink()
    (prompts_dir / "advisor_qa" / "labels.yaml").write_text("production: v2\n")
    with pytest.raises(ConfigError, match=r"v1.*recorded in prompts.lock.*gone"):
        PromptRegistry.load(prompts_dir)


def test_a_new_file_is_a_draft_until_locked(prompts_dir):
    write_version(prompts_dir, "advisor_qa", "v3", MINIMAL_VERSION.format(marker="three"))
    registry = PromptRegistry.load(prompts_dir)
    v3 = registry.get("advisor_qa").versions["v3"]
    assert not v3.released
    assert registry.resolve("advisor_qa@v3", bucket_key=None).version is v3  # renderable in the CLI
    with pytest.raises(PromptNotFound, match="not released"):
        registry.resolve("advisor_qa@v3", bucket_key=None, require_released=True)


def test_bad_yaml_names_file_and_line(prompts_dir):
    path = write_version(prompts_dir, "advisor_qa", "v3", "description: x\nmessages:\n  - role: user\n   content: [\n")
    with pytest.raises(ConfigError) as err:
        PromptRegistry.load(prompts_dir)
    assert f"{path}:" in str(err.value) and "invalid YAML" in str(err.value)
    assert err.value.line in (3, 4, 5)


def test_undefined_template_variable_is_refused_at_load_with_line(prompts_dir):
    text = (
        "messages:\n"
        "  - role: system\n"
        "    content: Be brief.\n"
        "  - role: user\n"
        '    content: "{{ question }} for {{ client_name }}"\n'
    )
    path = write_version(prompts_dir, "advisor_qa", "v3", text)
    with pytest.raises(ConfigError) as err:
        PromptRegistry.load(prompts_dir)
    message = str(err.value)
    assert f"{path}:5" in message and "client_name" in message and "variables:" in message
    # declaring it makes the same template valid
    path.write_text("variables: {client_name: the client}\n" + text)
    assert PromptRegistry.load(prompts_dir).get("advisor_qa").versions["v3"].variables == {"client_name": "the client"}


def test_unknown_key_in_a_version_file_is_refused_with_line(prompts_dir):
    path = write_version(
        prompts_dir, "advisor_qa", "v3", "temprature: 0.3\nmessages:\n  - role: user\n    content: hi\n"
    )
    with pytest.raises(ConfigError) as err:
        PromptRegistry.load(prompts_dir)
    assert f"{path}:1" in str(err.value) and "temprature" in str(err.value)


def test_label_pointing_to_unknown_version_names_labels_file_and_line(prompts_dir):
    labels = prompts_dir / "advisor_qa" / "labels.yaml"
    labels.write_text("# header\nproduction: v2\nstaging: v9\n")
    with pytest.raises(ConfigError) as err:
        PromptRegistry.load(prompts_dir)
    assert f"{labels}:3" in str(err.value) and "v9" in str(err.value) and "['v1', 'v2']" in str(err.value)


def test_unknown_label_or_version_in_a_ref(prompts_dir):
    registry = PromptRegistry.load(prompts_dir)
    with pytest.raises(PromptNotFound, match="no label 'qa'.*production"):
        registry.resolve("advisor_qa@qa", bucket_key=None)
    with pytest.raises(PromptNotFound, match="no version v7"):
        registry.resolve("advisor_qa@v7", bucket_key=None)
    with pytest.raises(PromptNotFound, match="unknown prompt 'nope'"):
        registry.resolve("nope", bucket_key=None)


def _canary_registry(prompts_dir: Path) -> PromptRegistry:
    (prompts_dir / "advisor_qa" / "labels.yaml").write_text("production: {v1: 90, v2: 10}\nstaging: v2\n")
    return PromptRegistry.load(prompts_dir)


def test_canary_split_is_deterministic_per_user_and_roughly_matches_weights(prompts_dir):
    registry = _canary_registry(prompts_dir)
    users = [f"advisor-{i}" for i in range(2000)]
    first = [registry.resolve("advisor_qa", bucket_key=u) for u in users]
    again = [PromptRegistry.load(prompts_dir).resolve("advisor_qa", bucket_key=u) for u in users[:200]]
    assert [r.version.version for r in first[:200]] == [r.version.version for r in again]
    share = sum(r.version.version == "v2" for r in first) / len(first)
    assert 0.07 < share < 0.13, share
    assert {r.role for r in first if r.version.version == "v1"} == {"champion"}
    assert {r.role for r in first if r.version.version == "v2"} == {"canary"}


def test_canary_bucket_is_the_same_in_another_process(prompts_dir):
    """No reliance on Python's per-process hash(): a restart keeps each advisor on their version."""
    registry = _canary_registry(prompts_dir)
    users = [f"u{i}" for i in range(60)]
    here = ",".join(registry.resolve("advisor_qa", bucket_key=u).version.version for u in users)
    code = (
        "import sys; from llmgateway.prompts.registry import PromptRegistry as R; r = R.load(sys.argv[1]); "
        "print(','.join(r.resolve('advisor_qa', bucket_key=f'u{i}').version.version for i in range(60)))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code, str(prompts_dir)], capture_output=True, text=True, env=env, check=True
    ).stdout.strip()
    assert out == here and "v2" in here and "v1" in here


def test_bad_split_weights_are_refused(prompts_dir):
    labels = prompts_dir / "advisor_qa" / "labels.yaml"
    labels.write_text("production: {v1: 0, v2: 0}\n")
    with pytest.raises(ConfigError, match="add up to 0"):
        PromptRegistry.load(prompts_dir)
    labels.write_text("production: {v1: ninety, v2: 10}\n")
    with pytest.raises(ConfigError, match="whole number"):
        PromptRegistry.load(prompts_dir)


def test_implicit_latest_label_is_the_newest_released_version(prompts_dir):
    write_version(prompts_dir, "advisor_qa", "v3", MINIMAL_VERSION.format(marker="three"))  # a draft
    registry = PromptRegistry.load(prompts_dir)
    assert registry.resolve("advisor_qa@latest", bucket_key=None, require_released=True).version.version == "v2"
    (prompts_dir / "advisor_qa" / "labels.yaml").write_text("production: v1\nlatest: v1\n")
    assert PromptRegistry.load(prompts_dir).resolve("advisor_qa@latest", bucket_key=None).version.version == "v1"
