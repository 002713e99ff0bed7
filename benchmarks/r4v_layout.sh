#!/usr/bin/env bash
# The reader benchmark of R4V's 2022 5W export layout: `tally reach` on the same N activity lines
# written in tally's names and in R4V's export layout (benchmarks/r4v_export_layout.py), runs
# interleaved, medians of REPS. Prints each file's row account, one line per run, and then the
# medians and their ratio.
#   benchmarks/r4v_layout.sh [N] [REPS] [BUILD_DIR]   (defaults 1000000 7 build/release)
# Time it on an idle machine (no build or other session running).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
reps=${2:-7}
build=${3:-build/release}
tally="$build/tally"
dir=/tmp/tally-r4v-layout-$n
# Both files are written the same way (cat): how a file was written changes how fast its pages
# are mapped from the page cache (a copy made by cp of the generator's file read 10-20% slower
# than the file itself, 2026-12-07), which would be measured instead of the layouts.
if [ ! -s "$dir/export.csv" ]; then
    rm -rf "$dir"
    mkdir -p "$dir/gen"
    "$build/examples/example_generate_response" --out "$dir/gen" --rows "$n" >/dev/null
    python3 benchmarks/r4v_export_layout.py "$dir/gen/activities.csv" "$dir/gen/export.csv"
    cat "$dir/gen/activities.csv" >"$dir/activities.csv"
    cat "$dir/gen/export.csv" >"$dir/export.csv"
    rm -rf "$dir/gen"
fi
args=(--by country,sector --format csv)
# Both files are read whole; the figures differ a little by design: the export has no indicator
# type column (every line is then direct assistance, and the generator's lines with an unknown
# type are not rejected). Each run's summary line is printed once.
for layout in activities export; do
    "$tally" reach "$dir/$layout.csv" "${args[@]}" 2>&1 >/dev/null | tail -n 1 |
        sed "s|^|$layout.csv: |"
done
names=()
export_=()
for ((i = 0; i < reps; i++)); do
    for layout in names export; do
        f="$dir/activities.csv"
        [ "$layout" = names ] || f="$dir/export.csv"
        start=$(date +%s.%N)
        "$tally" reach "$f" "${args[@]}" >/dev/null 2>&1 || true
        t=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
        echo "run $i $layout wall=$t"
        if [ "$layout" = names ]; then names+=("$t"); else export_+=("$t"); fi
    done
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
m1=$(median "${names[@]}")
m2=$(median "${export_[@]}")
echo "rows=$n reps=$reps median_names_s=$m1 median_export_s=$m2 ratio=$(awk -v a="$m2" -v b="$m1" 'BEGIN { printf "%.2f", a / b }')"
