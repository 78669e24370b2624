"""``policy train`` writes the same bytes whichever float kernels the CPU offers (``kernels.py``).

Another CPU is simulated by capping the kernels torch may use on this one (``ATEN_CPU_CAPABILITY``,
as a machine without AVX-512 or without vector units would run): without the pin, the small pack's
artifact differs between the caps. The pack has an input (window) rule beside the answer rule: both
groups are trained under the pin and record it (issue #15, input side, eighth pass — the shipped input
heads of the sixth pass were trained without it). Each train runs in its own process, as ``llmgateway
policy train`` does: the caps are read when torch loads."""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import subprocess
import sys

import numpy as np
import pytest

from llmgateway.guardrails.classifier import artifact_path
from llmgateway.guardrails.kernels import X86

from .test_incremental_training import two_group_folder


@pytest.mark.skipif(platform.machine().lower() not in X86, reason="float kernels are pinned on x86 only")
def test_the_same_data_and_seed_give_the_same_bytes_whatever_kernels_the_cpu_offers(tmp_path):
    folders = {cap: two_group_folder(tmp_path / cap) for cap in ("default", "avx512")}
    runs = {
        cap: subprocess.Popen(
            [sys.executable, "-c", "from llmgateway.cli import main; main()", "policy", "train", str(folder)]
            + ["--unit-cache", str(folder.parent / "units")],
            env={**os.environ, "ATEN_CPU_CAPABILITY": cap, "OMP_NUM_THREADS": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for cap, folder in folders.items()
    }
    for run in runs.values():
        output, _ = run.communicate(timeout=900)
        assert run.returncode == 0, output
        assert "not pinned" not in output
    raw = {cap: artifact_path(folder).read_bytes() for cap, folder in folders.items()}
    assert hashlib.sha256(raw["default"]).digest() == hashlib.sha256(raw["avx512"]).digest()
    with np.load(io.BytesIO(raw["default"])) as data:
        kernels = json.loads(bytes(data["meta"]).decode())["kernels"]
    for group in ("answer", "input"):
        assert kernels[group]["aten"] == "AVX2" and kernels[group]["onednn"] == "AVX2"
