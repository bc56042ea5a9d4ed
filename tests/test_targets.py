"""The default model meets every calibration target of MODEL.md section 10
(experiments/calibration.toml), and the targets file is read with clear messages."""

from pathlib import Path

import pytest

from sim.experiments.targets import DEFAULT, TargetsError, load_targets, model_values


def test_the_default_model_meets_every_target():
    targets = load_targets(DEFAULT)
    values = model_values(targets)
    missed = {
        t.name: round(values[t.name], 3) for t in targets.targets if not t.met(values[t.name])
    }
    assert not missed, missed


@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        ("[target.a]\nmetric = 'needs_met_rte'\nscenario = 'baseline'\ninterval = [0, 1]\n",
         "did you mean 'needs_met_rate'"),
        ("[target.a]\nmetric = 'needs_met_rate'\nscenario = 'nowhere'\ninterval = [0, 1]\n",
         "needs a named 'scenario'"),
        ("[target.a]\nmetric = 'needs_met_rate'\nscenario = 'baseline'\nvalue = 0.5\n",
         "needs 'value' and 'tolerance'"),
        ("[target.a]\nstatistic = 'online_ability_elderly'\nvalue = 0.4\ntolerance = -1\n",
         "cannot be negative"),
        ("[settings]\nseeds = 0\n[target.a]\ncoefficient = 'deadline_weeks'\nindex = 0\n"
         "interval = [0, 2]\n", "'seeds' must be a whole number"),
        ("[target]\n", "at least one [target.NAME]"),
    ],
)  # fmt: skip
def test_bad_targets_files_are_refused_with_a_message(tmp_path, body, phrase):
    path = tmp_path / "targets.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(TargetsError, match=phrase.replace("(", r"\(").replace("[", r"\[")):
        load_targets(path)


def test_a_folder_is_not_a_targets_file(tmp_path):
    with pytest.raises(TargetsError, match="is a folder"):
        load_targets(Path(tmp_path))
