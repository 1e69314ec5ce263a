import functools
import http.server
import threading
import zipfile

import pytest
import typer
from typer.testing import CliRunner

from conflictwatch.geo.cli import gazetteer_app, geocode_command

runner = CliRunner()


@pytest.fixture
def gpath(builtin_db, tmp_path):
    from .conftest import copy_db
    return copy_db(builtin_db, tmp_path)


def run(*args):
    return runner.invoke(gazetteer_app, [str(a) for a in args])


def test_status(gpath):
    r = run("status", "--gazetteer", gpath)
    assert r.exit_code == 0, r.output
    assert "builtin" in r.output and "places" in r.output


def test_load_then_status(gpath, small_dump):
    r = run("load", small_dump, "--gazetteer", gpath)
    assert r.exit_code == 0, r.output
    assert "geonames:XX.txt: 6 places" in r.output
    assert "geonames:XX.txt" in run("status", "-g", gpath).output


def test_add(gpath, tmp_path):
    csv = tmp_path / "my_places.csv"
    csv.write_text("name,alternate_names,latitude,longitude,country,admin1,admin2\nEtanbaw,Etanbao,15.5,2.9,ML,Gao,\n")
    r = run("add", csv, "-g", gpath)
    assert r.exit_code == 0 and "user:my_places.csv: 1 places" in r.output


@pytest.mark.parametrize("content", [b"<!DOCTYPE html>\n<html></html>\n", b"1\t2\t3\n"])
def test_bad_file_gives_one_line_error(gpath, tmp_path, content):
    bad = tmp_path / "ML.txt"
    bad.write_bytes(content)
    r = run("load", bad, "-g", gpath)
    assert r.exit_code == 1
    lines = [line for line in r.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ML.txt line 1")


def test_bad_user_csv(gpath, tmp_path):
    csv = tmp_path / "p.csv"
    csv.write_text("name,latitude\nX,1\n")
    r = run("add", csv, "-g", gpath)
    assert r.exit_code == 1 and "missing column" in r.output


def test_geocode_command(gpath):
    app = typer.Typer()
    app.command()(geocode_command)
    r = runner.invoke(app, ["Gao", "--country", "BF", "--limit", "3", "--gazetteer", str(gpath)])
    assert r.exit_code == 0, r.output
    assert "BF" in r.output and "candidates for 'Gao'" in r.output
    assert runner.invoke(app, ["Qwxzvillage", "-g", str(gpath)]).exit_code == 1


# download against a local server ----------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def dump_server(tmp_path, small_dump, monkeypatch):
    root = tmp_path / "www"
    root.mkdir()
    with zipfile.ZipFile(root / "XX.zip", "w") as zf:
        zf.write(small_dump, "XX.txt")
        zf.writestr("readme.txt", "GeoNames readme")
    (root / "YY.zip").write_bytes(b"<html>not a zip</html>")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("CONFLICTWATCH_GEONAMES_URL", f"http://127.0.0.1:{server.server_port}/")
    yield server
    server.shutdown()
    server.server_close()


def test_download_and_load(gpath, dump_server):
    r = run("download", "XX", "-g", gpath)
    assert r.exit_code == 0, r.output
    assert "geonames:XX.txt: 6 places" in r.output


def test_download_keep_folder(gpath, dump_server, tmp_path):
    keep = tmp_path / "zips"
    assert run("download", "xx", "-g", gpath, "--keep", keep).exit_code == 0
    assert (keep / "XX.zip").exists()


@pytest.mark.parametrize("code, message", [("ZZ", "HTTP 404"), ("YY", "not a zip"), ("Mali", "not a country code")])
def test_download_failure_is_one_line(gpath, dump_server, code, message):
    r = run("download", code, "-g", gpath)
    assert r.exit_code == 1
    lines = [line for line in r.output.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], r.output


def test_download_unreachable(gpath, monkeypatch):
    monkeypatch.setenv("CONFLICTWATCH_GEONAMES_URL", "http://127.0.0.1:9/")
    r = run("download", "ML", "-g", gpath)
    assert r.exit_code == 1 and r.output.startswith("error: download of http://127.0.0.1:9/ML.zip failed")
