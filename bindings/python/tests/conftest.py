"""Shared helpers of the Python tests: the tally tool built beside the module, and its JSON."""
import json
import os
import subprocess

import pytest

try:
    import pandas as _pd
except ImportError:
    _pd = None

SOURCE = os.environ.get("TALLY_SOURCE_DIR",
                        os.path.abspath(os.path.join(os.path.dirname(__file__), "../../..")))
DATA = os.path.join(SOURCE, "tests", "data")


def cli_json(*args):
    """The JSON of `tally ARGS --format json`."""
    tool = os.environ.get("TALLY_CLI")
    if not tool:
        pytest.skip("TALLY_CLI (the tally tool) is not set: run through ctest")
    out = subprocess.run([tool, *args, "--format", "json"], check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out)


def missing(value):
    """Whether value is NA: None, NaN, or pandas' NA of a nullable integer column."""
    if value is None:
        return True
    if _pd is not None and _pd.isna(value):
        return True
    return value != value


def cli_rows(*args):
    """The rows of `tally ARGS --format json`."""
    j = cli_json(*args)
    return j if isinstance(j, list) else j["rows"]


def same_rows(rows, df):
    """Every row and column of the tool's JSON equals the frame's; the frame has no other
    column."""
    names = list(df.keys())
    assert len(rows) == (len(df[names[0]]) if names else 0)
    for i, row in enumerate(rows):
        assert set(row) - {"provenance"} == set(names), (i, row.keys(), names)
        for name in names:
            value = df[name][i]
            expected = row[name]
            if isinstance(expected, str):
                assert value == expected, (i, name)
            elif expected is None:
                assert missing(value), (i, name)
            else:
                assert float(value) == pytest.approx(float(expected)), (i, name)
