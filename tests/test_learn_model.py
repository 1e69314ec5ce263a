"""The model directory: the ACLED-layout reader, meta and versions, atomic training, the CLI."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from conflictwatch.cli import app
from conflictwatch.learn import ModelError, read_rows
from conflictwatch.learn import model as model_mod
from conflictwatch.learn.model import FORMAT_VERSION, CodedModel, read_meta, train

runner = CliRunner()

HEADER = "event_id_cnty,event_date,sub_event_type,actor1,country,notes,split\n"
ROWS = (
    'XYZ1,2020-01-02,Attack,Militia A,Mali,"On 2 January, militia A attacked a village.",train\n'
    'XYZ2,2020-01-03,Armed clash,Militia B,Mali,"On 3 January, militia B clashed with the army.",train\n'
    'XYZ3,2020-01-04,Attack,Militia A,Niger,"On 4 January, militia A attacked a market.",dev\n'
)


def write_csv(path: Path, text: str, *, gz: bool = False) -> Path:
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


class CountingComponent:
    """A stand-in component: counts the rows per actor1; fails when asked to."""

    name: ClassVar[str] = "counts"
    fail = False

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def fit(self, rows):
        if CountingComponent.fail:
            raise RuntimeError("boom")
        for r in rows:
            self.counts[r["actor1"]] = self.counts.get(r["actor1"], 0) + 1
        return {"actors": len(self.counts)}

    def to_disk(self, path: Path) -> None:
        (path / "counts.json").write_text(json.dumps(self.counts), encoding="utf-8")

    @classmethod
    def from_disk(cls, path: Path) -> "CountingComponent":
        c = cls()
        c.counts = json.loads((path / "counts.json").read_text(encoding="utf-8"))
        return c


@pytest.fixture
def counting(monkeypatch):
    monkeypatch.setattr(model_mod, "COMPONENTS", {"counts": f"{__name__}:CountingComponent"})
    CountingComponent.fail = False
    yield
    CountingComponent.fail = False


def test_rows_plain_and_gzip_with_split(tmp_path):
    plain = write_csv(tmp_path / "a.csv", HEADER + ROWS)
    packed = write_csv(tmp_path / "a.csv.gz", HEADER + ROWS, gz=True)
    for path in (plain, packed):
        train_rows = read_rows([path])
        assert [r["event_id_cnty"] for r in train_rows] == ["XYZ1", "XYZ2"]
        assert train_rows[0]["notes"] == "On 2 January, militia A attacked a village."
        assert [r["event_id_cnty"] for r in read_rows([path], split="dev")] == ["XYZ3"]
        assert len(read_rows([path], split=None)) == 3


def test_rows_without_split_column_are_taken_whole(tmp_path):
    path = write_csv(tmp_path / "b.csv", "event_date;actor1;country\n2021-05-01;Police;Kenya\n")
    assert read_rows([path]) == [{"event_date": "2021-05-01", "actor1": "Police", "country": "Kenya"}]


@pytest.mark.parametrize("text, message", [
    ("", "empty file"),
    ("name,age\nann,3\n", "not ACLED's layout"),
    (HEADER.replace(",split", "") + 'X,2020-01-01,Attack,A,Mali,"n",extra\n', "more cells than columns"),
])
def test_bad_files_are_one_line_errors_naming_the_file(tmp_path, text, message):
    path = write_csv(tmp_path / "bad.csv", text)
    with pytest.raises(ModelError) as exc:
        read_rows([path])
    assert message in str(exc.value) and str(path) in str(exc.value) and "\n" not in str(exc.value)


def test_no_rows_of_the_split_is_an_error(tmp_path):
    path = write_csv(tmp_path / "dev_only.csv", HEADER + ROWS.splitlines(keepends=True)[2])
    with pytest.raises(ModelError, match="no rows of split 'train'"):
        read_rows([path])


def test_missing_file(tmp_path):
    with pytest.raises(ModelError, match="no such file"):
        read_rows([tmp_path / "nope.csv"])


def test_train_round_trip_and_meta(tmp_path, counting):
    data = write_csv(tmp_path / "a.csv", HEADER + ROWS)
    model = train([data], tmp_path / "m", version="t1")
    assert model.get("counts").counts == {"Militia A": 1, "Militia B": 1}
    loaded = CodedModel.from_disk(tmp_path / "m")
    assert loaded.version == "t1"
    assert loaded.get("counts").counts == {"Militia A": 1, "Militia B": 1}
    meta = read_meta(tmp_path / "m")
    assert meta["format_version"] == FORMAT_VERSION
    assert meta["data"]["rows"] == 2 and meta["data"]["split"] == "train"
    assert meta["data"]["files"][0]["name"] == "a.csv" and len(meta["data"]["files"][0]["sha256"]) == 16
    assert meta["figures"] == {"counts": {"actors": 2}}


def test_a_failed_run_leaves_the_previous_model(tmp_path, counting):
    data = write_csv(tmp_path / "a.csv", HEADER + ROWS)
    train([data], tmp_path / "m", version="good")
    CountingComponent.fail = True
    with pytest.raises(RuntimeError):
        train([data], tmp_path / "m", version="bad")
    assert CodedModel.from_disk(tmp_path / "m").version == "good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "m"]  # no half-written folder left


def test_an_empty_training_set_leaves_the_previous_model(tmp_path, counting):
    data = write_csv(tmp_path / "a.csv", HEADER + ROWS)
    train([data], tmp_path / "m", version="good")
    empty = write_csv(tmp_path / "e.csv", HEADER)
    with pytest.raises(ModelError, match="no rows"):
        train([empty], tmp_path / "m")
    assert CodedModel.from_disk(tmp_path / "m").version == "good"


def test_another_version_is_refused(tmp_path, counting):
    data = write_csv(tmp_path / "a.csv", HEADER + ROWS)
    train([data], tmp_path / "m")
    meta = json.loads((tmp_path / "m" / "meta.json").read_text())
    meta["format_version"] = FORMAT_VERSION + 1
    (tmp_path / "m" / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match=r"meta.json: model format version 2; this conflictwatch reads version 1"):
        CodedModel.from_disk(tmp_path / "m")


def test_not_a_model_directory(tmp_path):
    with pytest.raises(ModelError, match="not a conflictwatch model directory"):
        CodedModel.from_disk(tmp_path)
    with pytest.raises(ModelError, match="no such model directory"):
        CodedModel.from_disk(tmp_path / "missing")


def test_unknown_component_fails_before_reading(tmp_path):
    with pytest.raises(ModelError, match="unknown model component 'nope'"):
        train([tmp_path / "never-read.csv"], tmp_path / "m", components=["nope"])


def test_cli_train_and_model(tmp_path, counting):
    data = write_csv(tmp_path / "a.csv", HEADER + ROWS)
    result = runner.invoke(app, ["train", str(data), "--out", str(tmp_path / "m"), "--version", "v9"])
    assert result.exit_code == 0, result.output
    assert "model v9 written to" in result.output and "2 rows" in result.output
    shown = runner.invoke(app, ["model", str(tmp_path / "m"), "--json"])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["version"] == "v9"


def test_cli_bad_input_is_one_line(tmp_path, counting):
    bad = write_csv(tmp_path / "people.csv", "name,age\nann,3\n")
    result = runner.invoke(app, ["train", str(bad), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert "not ACLED's layout" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "m").exists()
    other = runner.invoke(app, ["--model-dir", str(tmp_path / "nowhere"), "model"])
    assert other.exit_code == 1 and "no such model directory" in other.stderr


def test_lazy_components_are_read_at_first_use(tmp_path, counting):
    data = write_csv(tmp_path / "a.csv", HEADER + ROWS)
    train([data], tmp_path / "m")
    lazy = CodedModel.from_disk(tmp_path / "m", lazy=True)
    assert lazy.components == {} and lazy.names == ["counts"]
    assert lazy.get("counts").counts == {"Militia A": 1, "Militia B": 1}
    assert "counts" in lazy.components and lazy.pending == {}
    assert lazy.get("nothing") is None


def test_model_dir_none_means_the_rules_alone(monkeypatch, tmp_path):
    from conflictwatch.learn.default import ENV, SHIPPED, model_dir

    monkeypatch.setenv(ENV, "none")
    assert model_dir() is None
    assert model_dir(tmp_path) == tmp_path  # an explicit directory wins over the environment
    monkeypatch.delenv(ENV)
    assert model_dir() == SHIPPED  # the package ships a model (make train)
    assert model_dir("None") is None
