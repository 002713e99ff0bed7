"""The program of docs/python.md ("People reached, targets and funding by platform"), run as a
reader copies it, on the bundled response: its table's figures are the tool's."""
import contextlib
import io
import os
import re
import subprocess

import pytest

from conftest import SOURCE, cli_rows

pd = pytest.importorskip("pandas")

HEADING = "## People reached, targets and funding by platform, with footnotes"


def docs_program():
    """The first ```python block after HEADING in docs/python.md."""
    with open(os.path.join(SOURCE, "docs", "python.md"), encoding="utf-8") as f:
        text = f.read()
    assert HEADING in text, "docs/python.md has lost its section: " + HEADING
    block = re.search(r"```python\n(.*?)```", text[text.index(HEADING):], re.S)
    assert block, "the section has no python block"
    return block.group(1)


def test_the_platform_table_of_docs_python_md_is_the_tool_s(tmp_path):
    generator = os.environ.get("TALLY_GENERATOR")
    if not generator:
        pytest.skip("TALLY_GENERATOR (example_generate_response) is not set: run through ctest")
    subprocess.run([generator, "--out", str(tmp_path)], check=True, capture_output=True)
    program = docs_program()
    line = 'response = "build/release/main/response/"'
    assert line in program
    program = program.replace(line, "response = " + repr(str(tmp_path) + "/"))
    out = io.StringIO()
    scope = {}
    with contextlib.redirect_stdout(out):
        exec(compile(program, "docs/python.md", "exec"), scope)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["platform", "reached", "target", "attainment", "funding_usd",
                                "requirements_usd", "coverage", "fn"]
    table = scope["table"]

    activities = str(tmp_path / "activities.csv")
    reached = {r["platform"]: r["reached"] for r in cli_rows("reach", "--by", "platform",
                                                             activities)}
    target = {r["platform"]: r["target"] for r in cli_rows("plan", "--by", "platform",
                                                           str(tmp_path / "plan.csv"))}
    funding = cli_rows("funding", str(tmp_path / "flows.csv"), "--requirements",
                       str(tmp_path / "requirements.csv"), "--by", "country", "--as-of",
                       "2024-04-01")
    geo = cli_rows("geography")
    name = {g["code"]: g["name"] for g in geo if g["level"] == "platform"}
    parent = {g["code"]: g["parent"] for g in geo if g["level"] == "country"}
    money = {}
    for r in funding:
        platform = name.get(parent.get(r["country"]))
        if platform is None:
            continue
        f, q = money.get(platform, (0.0, 0.0))
        money[platform] = (f + (r["funding_usd"] or 0.0), q + (r.get("requirements_usd") or 0.0))

    expected = set(reached) & set(target) & set(money)
    assert expected and set(table["platform"]) == expected
    assert len(lines) > len(expected)  # a printed line for each platform
    for row in table.itertuples():
        p = row.platform
        assert row.reached == reached[p]
        assert row.target == target[p]
        assert row.attainment == pytest.approx(reached[p] / target[p])
        assert row.funding_usd == pytest.approx(money[p][0])
        assert row.requirements_usd == pytest.approx(money[p][1])
        assert row.coverage == pytest.approx(money[p][0] / money[p][1])
        assert any(t.split()[:len(p.split())] == p.split() for t in lines[1:])
    notes = [t for t in lines if t.startswith("[")]
    assert any(t.startswith("[1] ") for t in notes)
    assert notes[-1].startswith("[funding] ")
