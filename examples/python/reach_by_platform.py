"""People reached against targets by platform, as the end-year report draws them.

    PYTHONPATH=build/dev/python python3 examples/python/reach_by_platform.py RESPONSE_DIR [OUT.png]

RESPONSE_DIR holds activities.csv and plan.csv (scripts/dev main writes them to
build/release/main/response/). Prints the table and its footnotes; draws the chart when
matplotlib is installed (python3-matplotlib), and says so otherwise.
"""
import os
import sys

import tally


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    response = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else "reach_by_platform.png"
    reached = tally.reach(os.path.join(response, "activities.csv"), by="platform")
    plan = tally.plan(os.path.join(response, "plan.csv"), by="platform")
    table = reached.merge(plan, on="platform", suffixes=("", "_plan"))
    table["attainment"] = table["reached"] / table["target"]
    print(table[["platform", "reached", "target", "attainment"]].to_string(index=False))
    for number, note in zip(reached.attrs["footnotes"]["number"],
                            reached.attrs["footnotes"]["note"]):
        print(f"[{number}] {note}")
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (python3-matplotlib): no chart drawn")
        return
    ax = table.plot.barh(x="platform", y=["reached", "target"], figsize=(8, 5))
    ax.set_xlabel("people (in transit left out)")
    ax.set_title("People reached and targets by platform")
    plt.tight_layout()
    plt.savefig(out)
    print("chart written:", out)


if __name__ == "__main__":
    main()
