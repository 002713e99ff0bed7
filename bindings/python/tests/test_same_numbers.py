"""Same numbers everywhere: the bundled response (example_generate_response, as `scripts/dev
main` makes it) through tally from Python and through the tool's --format json, every figure
compared. TALLY_SAME_NUMBERS_ROWS=N compares a response of N activity lines instead
(docs/python.md: run once on 1,000,000)."""
import os
import subprocess

import pytest

import tally
from conftest import cli_json, cli_rows, same_rows

try:
    import pandas as pd
except ImportError:
    pd = None


@pytest.fixture(scope="module")
def response(tmp_path_factory):
    generator = os.environ.get("TALLY_GENERATOR")
    if not generator:
        pytest.skip("TALLY_GENERATOR (example_generate_response) is not set: run through ctest")
    out = tmp_path_factory.mktemp("response")
    rows = os.environ.get("TALLY_SAME_NUMBERS_ROWS")
    subprocess.run([generator, "--out", str(out)] + (["--rows", rows] if rows else []),
                   check=True, capture_output=True)
    return out


GROUPINGS = [
    ["--by", "country,sector"],
    ["--by", "platform"],
    ["--by", "platform,sector", "--in-transit", "separate"],
    ["--by", "region", "--in-transit", "include"],
    ["--by", "country,month", "--intersector", "max-cell"],
    ["--by", "country,population_group", "--within-sector", "max-indicator"],
]


def options(args):
    names = {"--by": "by", "--in-transit": "in_transit", "--intersector": "intersector",
             "--within-sector": "within_sector"}
    return {names[args[i]]: args[i + 1] for i in range(0, len(args), 2)}


@pytest.mark.parametrize("args", GROUPINGS)
def test_reach_of_the_bundled_response(response, args):
    activities = str(response / "activities.csv")
    df = tally.reach(activities, **options(args))
    assert len(df["reached"]) > 0
    same_rows(cli_rows("reach", *args, activities), df)


@pytest.mark.skipif(pd is None, reason="pandas is not installed")
def test_reach_of_the_bundled_response_as_a_data_frame(response):
    activities = str(response / "activities.csv")
    frame = pd.read_csv(activities, dtype=str, keep_default_na=False)
    df = tally.reach(frame, by=["platform", "sector"])
    same_rows(cli_rows("reach", "--by", "platform,sector", activities), df)
    assert len(df.attrs["rejected"]) == len(tally.reach(activities).attrs["rejected"])


@pytest.mark.parametrize("sector", ["Health", "PRO", "Seguridad Alimentaria"])
def test_reach_and_plan_of_one_sector(response, sector):
    activities = str(response / "activities.csv")
    plan = str(response / "plan.csv")
    same_rows(cli_rows("reach", "--by", "platform", "--sector", sector, activities),
              tally.reach(activities, by="platform", sector=sector))
    same_rows(cli_rows("plan", "--by", "country", "--sector", sector, plan),
              tally.plan(plan, by="country", sector=sector))


@pytest.mark.parametrize("by", ["country,sector", "platform", "region,population_group"])
def test_plan_of_the_bundled_response(response, by):
    plan = str(response / "plan.csv")
    same_rows(cli_rows("plan", "--by", by, plan), tally.plan(plan, by=by))


def test_check_of_the_bundled_response(response):
    files = [str(response / f) for f in ("activities.csv", "plan.csv", "flows.csv",
                                         "requirements.csv")]
    df = tally.check(files)
    assert list(df["file"]) == files
    tool = subprocess.run([os.environ["TALLY_CLI"], "check", *files], capture_output=True,
                          text=True)
    for i, f in enumerate(files):
        line = (f"{f}: {df['kind'][i]}: {df['rows_read'][i]} rows read, {df['rows_used'][i]} "
                f"used, {df['rows_rejected'][i]} rejected")
        assert line in tool.stdout


JOIN = ("activities.csv", "plan.csv", "flows.csv", "requirements.csv")


def join_args(response):
    a, p, f, r = (str(response / name) for name in JOIN)
    return (a, p, f, r), ["--activities", a, "--plan", p, "--funding", f, "--requirements", r]


@pytest.mark.parametrize("by", ["country,sector", "platform", "region,sector"])
def test_misalign_of_the_bundled_response(response, by):
    files, args = join_args(response)
    df = tally.misalign(*files, by=by, as_of="2024-04-01")
    j = cli_json("misalign", *args, "--by", by, "--as-of", "2024-04-01")
    assert len(df["reached"]) > 0
    same_rows(j["cells"], df)
    same_rows([j["summary"]], df.attrs["summary"])


@pytest.mark.parametrize("fmt", ["json", "text", "html"])
def test_report_of_the_bundled_response(response, fmt, tmp_path):
    files, args = join_args(response)
    tool = subprocess.run([os.environ["TALLY_CLI"], "report", *args, "--as-of", "2024-04-01",
                           "--format", fmt], check=True, capture_output=True, text=True).stdout
    assert tally.report(*files, format=fmt, as_of="2024-04-01") == tool
    out = tmp_path / f"report.{fmt}"
    text = tally.report(*files, format=fmt, as_of="2024-04-01", output=out)
    assert out.read_text() == text


TOTALS = ("shared_flows", "shared_usd", "internal_flows", "internal_usd", "duplicates_dropped",
          "rows_read", "rows_rejected")


@pytest.mark.parametrize("args", [
    {"by": "country,sector"},
    {"by": "country"},
    {"by": "plan"},
    {"by": "organisation,year"},
    {"by": "country,sector", "allocate": "requirements"},
    {"by": "country", "sector": "Health", "as_of": "2024-04-01"},
])
def test_funding_of_the_bundled_response(response, args):
    flows, requirements = str(response / "flows.csv"), str(response / "requirements.csv")
    flags = {"by": "--by", "allocate": "--allocate", "sector": "--sector", "as_of": "--as-of"}
    cli_args = [a for k, v in args.items() for a in (flags[k], v)]
    j = cli_json("funding", flows, "--requirements", requirements, *cli_args)
    df = tally.funding(flows, requirements=requirements, **args)
    assert len(df["funding_usd"]) > 0
    # requirements are per country, sector, year and plan: none by organisation
    assert ("coverage" in df) == ("organisation" not in args["by"])
    same_rows(j["rows"], df)
    same_rows([{k: j[k] for k in TOTALS}], df.attrs["totals"])
    assert list(df.attrs["footnotes"]["note"]) == [j["provenance"]]


def test_funding_allocated_by_plan_targets_is_the_tool_s(response):
    flows, plan = str(response / "flows.csv"), str(response / "plan.csv")
    j = cli_json("funding", flows, "--by", "country,sector", "--allocate", "target", "--plan",
                 plan)
    same_rows(j["rows"], tally.funding(flows, plan=plan, by=["country", "sector"],
                                       allocate="target"))
