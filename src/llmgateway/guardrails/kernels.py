"""The float kernels ``policy train`` runs on: pinned, so the same data and seed give the same bytes
on another x86 CPU, and recorded in the artifact.

torch chooses its float kernels by the CPU it finds: ATen's vectorised kernels (reductions, softmax,
layer norm, the optimiser's updates) at AVX-512 or AVX2 width, oneDNN's matrix products by the widest
instruction set, MKL's by vendor and instruction set. Another width adds in another order, so the
last bits of a float differ — and four epochs of fine-tuning (``tuning.py``) turn last bits into
other weights. Measured on one machine (an AVX-512 AMD EPYC) by capping what torch may use: a small
fine-tuning gave three different results under ATen AVX-512, ATen AVX2, and ATen AVX2 with oneDNN
capped at AVX2 (docs/guardrails.md, "Reproducible answer heads"). The committed answer heads trained at
4da470c on an earlier machine differ from this machine's for that reason: the data, seed and training
code are the same.

``pin()`` (called by ``policy train`` before torch loads) caps all three at AVX2, which every x86-64
server CPU of the last decade has: ``ATEN_CPU_CAPABILITY=avx2``, ``ONEDNN_MAX_CPU_ISA=AVX2``,
``MKL_CBWR=AVX2`` (MKL's conditional numerical reproducibility). It overrides values already set. The
variables are read when torch first uses each library, so a process that ran torch before
``pin()`` (a test runner, a notebook) keeps its kernels: ``in_use()`` says which ran, and the
artifact meta records it per group of heads (``kernels``). Bytes are shown equal across kernel caps on
one CPU (``tests``); on another vendor's CPU it is expected, not shown. Other architectures (ARM) are
not pinned: their bytes reproduce on the same machine only.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from pathlib import Path

import numpy as np

PINNED = {"ATEN_CPU_CAPABILITY": "avx2", "ONEDNN_MAX_CPU_ISA": "AVX2", "MKL_CBWR": "AVX2"}
X86 = ("x86_64", "amd64", "i686", "x86")


def pin() -> bool:
    """Cap torch's float kernels at AVX2 for this process. True when it took effect (x86, and torch not
    yet loaded); False leaves the process as it is."""
    if "torch" in sys.modules or platform.machine().lower() not in X86:
        return False
    os.environ.update(PINNED)
    return True


def in_use() -> dict[str, str | None]:
    """What this process trains with: torch's version, ATen's kernel width, and the oneDNN and MKL caps
    set in its environment (None: the CPU's widest)."""
    import torch

    return {
        "torch": torch.__version__,
        "aten": torch.backends.cpu.get_cpu_capability(),
        "onednn": os.environ.get("ONEDNN_MAX_CPU_ISA"),
        "mkl": os.environ.get("MKL_CBWR"),
    }


def recorded(path: Path) -> dict:
    """The ``kernels`` the artifact at ``path`` records by group ({} if none or unreadable)."""
    try:
        with np.load(path) as data:
            return json.loads(bytes(data["meta"]).decode()).get("kernels") or {}
    except (OSError, ValueError, KeyError):
        return {}
