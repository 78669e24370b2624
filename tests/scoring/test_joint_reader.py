"""The joint reader's serving path (scoring/joint_reader.py, issue 11 round 20): a weights file whose metadata says
``architecture: joint`` loads as the fine-tuned MiniLM reader and answers what the round 9 reader answers — start and
end probabilities over [no answer] + the window's tokens, with the tokens' character spans in the window — while the
committed round 9 file still loads as before. The file here is written by the module's own save path from an untrained
head. Round 21a: the trained weights are committed opt-in (``scoring.factuality.reader_model: joint``) with the command,
seed and data hashes that rebuild them."""

from __future__ import annotations

from llmgateway.scoring.entailment import read_metadata, save
from llmgateway.scoring.joint_reader import (
    ARCHITECTURE,
    JOINT_WEIGHTS_FILE,
    JointReaderModel,
    build_model,
    reader_model,
    stored_state,
)
from llmgateway.scoring.reader import WEIGHTS_FILE, ReaderModel
from llmgateway.scoring.service import factuality_scorer
from llmgateway.scoring.settings import FactualitySettings

WINDOW = "Harbour Logistics was founded in Rotterdam in 1987. It opened an office in Hamburg in 1995."
QUESTION = "In which city was Harbour Logistics founded?"


class _State:
    def __init__(self, state):
        self.state = state

    def state_dict(self):
        return self.state


def test_a_joint_weights_file_reads_question_and_window_together(tmp_path):
    path = tmp_path / "joint.safetensors"
    state = {k: v.detach() for k, v in stored_state(build_model(5)).items()}
    assert state and all(k.startswith(("bert.encoder.layer.5.", "feature.", "span.")) for k in state)
    save(_State(state), path, {"architecture": ARCHITECTURE, "first_trained_layer": 5, "max_length": 64})
    model = reader_model(path)
    assert isinstance(model, JointReaderModel)
    ((start, end, offsets),) = model.logits([(QUESTION, WINDOW)])
    assert len(start) == len(end) == len(offsets) + 1  # [no answer] + the window's tokens
    assert abs(sum(start) - 1) < 1e-4 and abs(sum(end) - 1) < 1e-4
    words = {WINDOW[a:b] for a, b in offsets}
    assert {"rotterdam", "hamburg"} <= {w.lower() for w in words}  # spans of the window, not of the question
    (reading,) = model.read([(QUESTION, WINDOW, "Hamburg")])
    assert 0.0 <= reading.answer_p <= 1.0


def test_the_committed_round_9_file_still_loads_as_the_frozen_encoder_reader():
    assert type(reader_model(WEIGHTS_FILE)) is ReaderModel


def test_the_opt_in_joint_weights_carry_their_provenance_and_load_by_setting(embedder):
    meta = read_metadata(JOINT_WEIGHTS_FILE)
    assert meta["architecture"] == ARCHITECTURE and meta["reserved_sets_used"] == "none"
    assert "scripts/train_joint_reader.py" in meta["command"] and "--seed 11" in meta["command"]
    assert set(meta["data_files_sha256"]) >= {"squad2_train_part.json", "xquad_en.json"}
    default = factuality_scorer(embedder, FactualitySettings())
    joint = factuality_scorer(embedder, FactualitySettings(reader_model="joint"))
    assert type(default.reader.model) is ReaderModel  # type: ignore[union-attr]
    assert type(joint.reader.model) is JointReaderModel  # type: ignore[union-attr]
