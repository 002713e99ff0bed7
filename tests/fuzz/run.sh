#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang++, -fsanitize=fuzzer,address,undefined) and
# runs each for SECONDS (default 25) from a seed corpus of tests/data. Exits non-zero on any
# crash, hang (a run over 10 s), memory blow-up (over 2 GB), sanitizer report or broken row
# account; the input that found it is left in build/fuzz/<target>/ as crash-*, timeout-* or
# oom-*, to be turned into a regression test.
#   tests/fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-25}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv activities plan fts_json fts_csv flow_csv requirements_csv geography xlsx sketch presence fts_plans)
out=build/fuzz
mkdir -p "$out"

seeds() {
    case "$1" in
    csv) ls tests/data/*/*.csv ;;
    activities) ls tests/data/reach/*.csv ;;
    plan) ls tests/data/plan/*.csv tests/data/funding/alloc_plan.csv tests/data/hxl/*.csv \
             tests/data/ocha/hpc_needs.csv tests/data/ocha/hapi_needs.csv ;;
    fts_json) ls tests/data/funding/*.json ;;
    fts_csv) ls tests/data/funding/hxl_flows.csv ;;
    flow_csv) ls tests/data/funding/flows.csv tests/data/funding/alloc_flows.csv ;;
    requirements_csv) ls tests/data/funding/requirements.csv tests/data/ocha/hapi_funding.csv \
             tests/data/ocha/hdx_fts_requirements_funding_col.csv ;;
    presence) ls tests/data/ocha/afg_3w.csv ;;
    fts_plans) ls tests/data/ocha/fts_plan_overview_2024.json ;;
    geography) ls tests/data/geography/*.csv ;;
    xlsx) ls examples/data/sample_workbook.xlsx tests/data/xlsx/*.xlsx ;;
    sketch) ls tests/data/sketch/*.bin ;;
    esac
}

flags=(-std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -Iinclude -Itests/fuzz -I/usr/include/eigen3 -DEIGEN_NO_DEBUG)
# The workbook reader needs libzip and pugixml (the optional component tally::xlsx).
extra() {
    case "$1" in
    xlsx) echo "-DTALLY_HAVE_XLSX=1 -lzip -lpugixml" ;;
    esac
}
# The targets are built as many at a time as there are cores; any failed build fails the run.
jobs=$(nproc)
pids=()
for t in "${targets[@]}"; do
    echo "building fuzz_$t"
    # shellcheck disable=SC2046
    clang++ "${flags[@]}" "tests/fuzz/fuzz_$t.cpp" $(extra "$t") -o "$out/fuzz_$t" &
    pids+=($!)
    if [ ${#pids[@]} -ge "$jobs" ]; then
        wait "${pids[0]}"
        pids=("${pids[@]:1}")
    fi
done
for p in "${pids[@]}"; do
    wait "$p"
done
status=0
for t in "${targets[@]}"; do
    dir="$out/$t"
    rm -rf "$dir"
    mkdir -p "$dir/corpus"
    for f in $(seeds "$t"); do
        cp "$f" "$dir/corpus/$(echo "$f" | tr / _)" # seeds of the same name from different folders
    done
    echo "fuzzing $t for ${seconds}s"
    if ! (cd "$dir" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "../fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1 corpus >"log" 2>&1); then
        echo "fuzz_$t: FINDING (see $dir/log and $dir/crash-* / timeout-* / oom-*)" >&2
        tail -40 "$dir/log" >&2
        status=1
    else
        grep -E "stat::number_of_executed_units" "$dir/log" || true
    fi
done
exit $status
