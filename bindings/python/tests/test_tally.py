"""tally from Python on the fixtures of tests/data: the figures of the tool, from paths and from
DataFrames; errors as tally.Error subclasses with tally's code."""
import os

import numpy as np
import pytest

import tally
from conftest import DATA, cli_rows, same_rows

ECUADOR = os.path.join(DATA, "reach", "ecuador_5w.csv")
PLAN = os.path.join(DATA, "plan", "plan.csv")

try:
    import pandas as pd
except ImportError:  # the dict-of-arrays path is tested then
    pd = None


@pytest.mark.parametrize("options,args", [
    ({}, []),
    ({"by": ["country"]}, ["--by", "country"]),
    ({"by": "platform", "in_transit": "separate"}, ["--by", "platform", "--in-transit",
                                                     "separate"]),
    ({"by": ["region", "month"], "in_transit": "include", "intersector": "max-sector"},
     ["--by", "region,month", "--in-transit", "include", "--intersector", "max-sector"]),
    ({"by": ["admin1", "population_group"], "within_sector": "max-indicator"},
     ["--by", "admin1,population_group", "--within-sector", "max-indicator"]),
])
def test_reach_gives_the_rows_of_the_tool(options, args):
    df = tally.reach(ECUADOR, **options)
    same_rows(cli_rows("reach", *args, ECUADOR), df)
    assert df.attrs["rows_read"] == 10
    assert df.attrs["rows_used"] == 9


def test_reach_returns_rejected_rows_notices_and_footnotes():
    df = tally.reach(ECUADOR)
    rejected = df.attrs["rejected"]
    assert list(rejected["line"]) == [10]
    assert "add up to 20" in rejected["reason"][0]
    assert 7 in list(df.attrs["notices"]["line"])
    footnotes = list(df.attrs["footnotes"]["note"])
    assert set(df["note"]) == set(footnotes)
    assert list(df.attrs["footnotes"]["number"]) == list(range(1, len(footnotes) + 1))


@pytest.mark.skipif(pd is None, reason="pandas is not installed")
def test_reach_reads_a_data_frame_as_its_file():
    frame = pd.read_csv(ECUADOR)  # numbers become int64 and float64 with NaN, as a user has them
    df = tally.reach(frame, by=["country", "admin1"])
    same_rows(cli_rows("reach", "--by", "country,admin1", ECUADOR), df)
    assert list(df.attrs["rejected"]["line"]) == [10]
    assert df.attrs["rejected"]["file"][0] == "<data frame 1>"
    # A frame and a path together: the rows of both.
    both = tally.reach([frame, ECUADOR], by="country")
    assert both["reached_upper"][0] == 2 * tally.reach(ECUADOR, by="country")["reached_upper"][0]


def test_reach_reads_a_dict_of_arrays():
    header, *lines = open(ECUADOR, encoding="utf-8").read().splitlines()
    cells = [line.split(",") for line in lines]
    frame = {name: np.array([row[i] if i < len(row) else "" for row in cells], dtype=object)
             for i, name in enumerate(header.split(","))}
    same_rows(cli_rows("reach", ECUADOR), tally.reach(frame))


def test_plan_gives_the_rows_of_the_tool():
    for by in ("country,sector", "country", "platform,population_group"):
        same_rows(cli_rows("plan", "--by", by, PLAN), tally.plan(PLAN, by=by))


def test_check_counts_rows_as_the_tool():
    files = [ECUADOR, PLAN, os.path.join(DATA, "metrics", "flows.csv")]
    df = tally.check(files)
    assert list(df["file"]) == files
    assert list(df["rows_read"]) == [10, 8, 9]
    assert list(df["rows_rejected"]) == [1, 0, 0]
    problems = df.attrs["problems"]
    assert list(problems["what"]).count("rejected") == 1


def test_geography_lists_the_r4v_countries():
    g = tally.geography()
    countries = [c for c, level in zip(g["code"], g["level"]) if level == "country"]
    assert len(countries) == 17
    assert "VEN" not in countries and "COL" in countries


def test_errors_are_tally_errors_with_the_code():
    with pytest.raises(tally.UsageError) as e:
        tally.reach(ECUADOR, by="planet")
    assert e.value.code == 107 and e.value.name == "usage"
    assert isinstance(e.value, tally.Error)
    with pytest.raises(tally.InputError) as e:
        tally.reach("/nonexistent/5w.csv")
    assert e.value.code == 100 and e.value.file == "/nonexistent/5w.csv"
    assert str(e.value).startswith("[tally.io.100] /nonexistent/5w.csv")
    with pytest.raises(tally.ParseError):
        tally.reach(PLAN)
    with pytest.raises(tally.ValidationError):
        tally.reach(ECUADOR, strict=True)
    df = tally.reach(["/nonexistent/5w.csv", ECUADOR], keep_going=True)
    assert len(df.attrs["not_read"]) == 1 and "/nonexistent/5w.csv" in df.attrs["not_read"][0]


def test_the_module_installs_into_a_prefix(tmp_path):
    build = os.environ.get("TALLY_BUILD_DIR")
    if not build:
        pytest.skip("TALLY_BUILD_DIR is not set: run through ctest")
    import subprocess
    import sys
    subprocess.run(["cmake", "--install", build, "--component", "python", "--prefix",
                    str(tmp_path)], check=True, capture_output=True)
    [module] = list(tmp_path.rglob("_tally*.so"))
    assert (module.parent / "__init__.pyi").exists() and (module.parent / "py.typed").exists()
    env = dict(os.environ, PYTHONPATH=str(module.parent.parent))
    out = subprocess.run([sys.executable, "-c", "import tally; print(tally.__file__, "
                          "len(tally.reach(%r, by='country')))" % ECUADOR],
                         env=env, check=True, capture_output=True, text=True, cwd=tmp_path).stdout
    assert out.startswith(str(tmp_path)) and out.split()[-1] == "2"
