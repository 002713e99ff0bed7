#!/usr/bin/env bash
# A reach query (--by country,sector) on a generated response from the tool, from Python (a
# path, and a pandas DataFrame already in memory) and from R (a path), each timed as the median
# of REPS runs; the bindings' times are taken inside the process, around the call, after one
# call that is not timed. Use a Release build (the release preset) for figures.
#
#   benchmarks/bindings.sh BUILD_DIR [ROWS] [REPS] [R_LIB]
#
# BUILD_DIR holds the tool, examples/example_generate_response and python/ (TALLY_PYTHON=ON);
# ROWS activity lines (default 1000000); R_LIB a library where the R package is installed
# (default BUILD_DIR/r/lib, where ctest installs it). A binding that is not built is left out,
# saying so. The goal (issue 27): each binding within 1.3x of the tool.
set -euo pipefail
build="$(cd "${1:?usage: bindings.sh BUILD_DIR [ROWS] [REPS] [R_LIB]}" && pwd)"
rows="${2:-1000000}"
reps="${3:-3}"
rlib="${4:-$build/r/lib}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$build/examples/example_generate_response" --out "$work" --rows "$rows" >/dev/null
file="$work/activities.csv"
echo "reach --by country,sector on $rows activity lines, median of $reps runs"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

cli=$(for _ in $(seq "$reps"); do
    start=$(date +%s.%N)
    "$build/tally" reach --by country,sector "$file" >/dev/null 2>&1
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
done | median)
printf '%-28s %8.3f s\n' "tool (whole process)" "$cli"

if PYTHONPATH="$build/python" /usr/bin/python3 -c 'import tally' 2>/dev/null; then
    PYTHONPATH="$build/python" /usr/bin/python3 - "$file" "$reps" "$cli" <<'PY'
import statistics, sys, time
import tally
path, reps, cli = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
def timed(f):
    f()  # once before timing: what a session pays once (imports, first allocation)
    times = []
    for _ in range(reps):
        t = time.perf_counter(); f(); times.append(time.perf_counter() - t)
    return statistics.median(times)
t = timed(lambda: tally.reach(path))
print(f"{'Python, a path':28} {t:8.3f} s  {t / cli:5.2f}x the tool")
try:
    import pandas as pd
except ImportError:
    print("Python, a DataFrame: pandas is not installed")
else:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    t = timed(lambda: tally.reach(frame))
    print(f"{'Python, a DataFrame':28} {t:8.3f} s  {t / cli:5.2f}x the tool")
PY
else
    echo "Python: the module is not built in $build/python (TALLY_PYTHON=ON)"
fi

if command -v Rscript >/dev/null && [ -d "$rlib/tally" ]; then
    Rscript -e "
args <- commandArgs(trailingOnly = TRUE)
library(tally, lib.loc = args[1])
reps <- as.integer(args[3]); cli <- as.numeric(args[4])
invisible(tally::reach(args[2]))  # once before timing: loading tibble and the like
t <- median(replicate(reps, system.time(tally::reach(args[2]))[['elapsed']]))
cat(sprintf('%-28s %8.3f s  %5.2fx the tool\n', 'R, a path', t, t / cli))
" "$rlib" "$file" "$reps" "$cli"
else
    echo "R: the package is not installed in $rlib (ctest -R '^r:' installs it)"
fi
