import zipfile

import pytest

from conflictwatch.geo import Gazetteer, GazetteerError, Geocoder
from conflictwatch.geo.gazetteer import iter_geonames

from .geo_testdata import SMALL_DUMP, dump_line


@pytest.fixture
def bare(tmp_path):
    gaz = Gazetteer(tmp_path / "bare.sqlite", autoload_builtin=False)
    yield gaz
    gaz.close()


def test_load_small_dump_resolves_admin_names(bare, small_dump):
    r = bare.load_geonames(small_dump)
    assert r["source"] == "geonames:XX.txt" and r["places"] == 6
    (row,) = bare.exact("zourbale")
    assert row.name == "Zorbalé" and row.admin1 == "Test" and row.admin2 == "Test"
    assert bare.admin1_row("ML", "77")[0] == "Test"


def test_reload_replaces_rows(bare, small_dump):
    bare.load_geonames(small_dump)
    before = bare.status()
    bare.load_geonames(small_dump)
    after = bare.status()
    assert after["places"] == before["places"] == 6
    assert after["names"] == before["names"]
    assert len(bare.exact("zorbale")) == 1


def test_zip_is_the_same_source(bare, small_dump, tmp_path):
    z = tmp_path / "XX.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(small_dump, "XX.txt")
        zf.writestr("readme.txt", "not data")
    bare.load_geonames(small_dump)
    r = bare.load_geonames(z)
    assert r["source"] == "geonames:XX.txt"
    assert bare.place_count() == 6


def _bad(tmp_path, name: str, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


GOOD = SMALL_DUMP.encode()
BAD_FILES = {
    "truncated.txt": (GOOD + b"900005\tHalf a row\tHalf\t\t16.0", "line 7"),
    "columns.txt": (GOOD + dump_line(900006, "Extra", 16, 1).replace("\n", "\textra\n").encode(), "line 7"),
    "latin1.txt": (GOOD + dump_line(900007, "Ségou", 13, -6).encode("latin-1"), "line 7"),
    "page.txt": (b"<!DOCTYPE html>\n<html><body>Not found</body></html>\n", "line 1"),
    "empty.txt": (b"", "empty"),
    "notanumber.txt": (GOOD + dump_line(900008, "X", 16, 1).replace("\t16\t", "\tnorth\t").encode(), "line 7"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_raises_and_leaves_gazetteer_unchanged(builtin_geo, small_dump, tmp_path, name):
    data, where = BAD_FILES[name]
    builtin_geo.load_geonames(small_dump)
    before = builtin_geo.status()
    with pytest.raises(GazetteerError) as e:
        builtin_geo.load_geonames(_bad(tmp_path, name, data))
    msg = str(e.value)
    assert name in msg and where in msg and "\n" not in msg
    assert builtin_geo.status() == before


def test_bad_reload_keeps_the_previous_version(bare, small_dump, tmp_path):
    bare.load_geonames(small_dump)
    before = bare.status()
    broken = tmp_path / "sub" / "XX.txt"
    broken.parent.mkdir()
    broken.write_bytes(GOOD + b"garbage\n")
    with pytest.raises(GazetteerError, match="XX.txt line 7"):
        bare.load_geonames(broken)
    assert bare.status() == before
    assert len(bare.exact("zorbale")) == 1


def test_bad_zip_and_missing_file(bare, tmp_path):
    with pytest.raises(GazetteerError, match="not a zip"):
        bare.load_geonames(_bad(tmp_path, "ML.zip", b"<html>no</html>"))
    with pytest.raises(GazetteerError, match="no such file"):
        bare.load_geonames(tmp_path / "nothere.txt")


def test_html_page_message_says_so(tmp_path):
    _, rows = iter_geonames(_bad(tmp_path, "ML.txt", b"<html>\n"))
    with pytest.raises(GazetteerError, match="HTML"):
        list(rows)


def _user_csv(tmp_path, body: str, name="my_places.csv"):
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


@pytest.mark.parametrize("body, match", [
    ("name,latitude,longitude\nX,1,2\n", "missing column"),
    ("name,alternate_names,latitude,longitude,country\nX,,95,2,ML\n", "line 2: latitude 95.0 out of range"),
    ("name,alternate_names,latitude,longitude,country\nX,,15,2,ML\nY,,15,200,ML\n", "line 3: longitude"),
    ("name,alternate_names,latitude,longitude,country\nX,,abc,2,ML\n", "not a number"),
    ("name,alternate_names,latitude,longitude,country\nX,,15,2,Atlantis\n", "unknown country"),
    ("name,alternate_names,latitude,longitude,country\n,,15,2,ML\n", "empty name"),
    ("name,alternate_names,latitude,longitude,country\n", "no places"),
])
def test_user_csv_validation(builtin_geo, tmp_path, body, match):
    before = builtin_geo.status()
    with pytest.raises(GazetteerError, match=match):
        builtin_geo.add_places(_user_csv(tmp_path, body))
    assert builtin_geo.status() == before


def test_user_places_outrank_geonames_and_reload_replaces(builtin_geo, small_dump, tmp_path):
    builtin_geo.load_geonames(small_dump)
    csv = _user_csv(tmp_path, "name,alternate_names,latitude,longitude,country,admin1,admin2\n"
                              "Zorbale,Zorbalé Nord;Zorb,16.25,1.25,Mali,Gao,\n")
    builtin_geo.add_places(csv)
    p = builtin_geo.resolve("Zorbalé")
    assert p.source == "user:my_places.csv" and p.latitude == 16.25 and p.geo_precision == 1
    assert p.admin1 == "Gao"
    assert builtin_geo.resolve("Zorb").source == "user:my_places.csv"
    builtin_geo.add_places(csv)
    assert [s["name"] for s in builtin_geo.status()["sources"]].count("user:my_places.csv") == 1
    assert len(builtin_geo.gazetteer.exact("zorb")) == 1


def test_geocoder_on_unwritable_path_raises_gazetteer_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(GazetteerError):
        Geocoder(blocker / "sub" / "g.sqlite")
