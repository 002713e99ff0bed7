#!/usr/bin/env bash
# Compile time and peak compiler memory of what a user and the tool compile (issue 26 item 3):
#   umbrella   a translation unit that only includes <tally/tally.hpp>
#   consumer   a program that includes <tally/tally.hpp>, reads a 5W file and prints people
#              reached per country (one reach query)
#   consumer-compiled
#              the consumer compiled as a program linked with tally::compiled is (TALLY_COMPILED
#              defined: the reader and the reach pipeline are declared, not compiled)
#   cli/X.cpp  each translation unit of the command-line tool (examples/cli/)
# each at -O0 and -O2, with the compile flags of the build (include directories, defines,
# warnings) read from the compile_commands.json of a build configured for the purpose.
#
# Usage: benchmarks/compile_time.sh [--clang] [--compiled] [--levels "-O0 -O2"] [WHAT...]
#   --clang     also measure with clang++ (g++ always)
#   --compiled  the tool's units as built with -DTALLY_COMPILED=ON (they link tally::compiled)
#   WHAT        umbrella, consumer, consumer-compiled, cli, or a file name of examples/cli
#               (cmd_reach.cpp); default: all of them
# Prints one line per measurement: compiler, level, what, wall seconds, peak resident MB
# (`/usr/bin/time -f '%e %M'`, Debian package `time`). Wall times depend on the load of the
# machine; the memory figures do not.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
compilers=(g++)
levels="-O0 -O2"
compiled=OFF
what=()
while [ $# -gt 0 ]; do
    case "$1" in
    --clang) compilers+=(clang++) ;;
    --compiled) compiled=ON ;;
    --levels)
        levels="$2"
        shift
        ;;
    -h | --help)
        sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *) what+=("$1") ;;
    esac
    shift
done
[ ${#what[@]} -gt 0 ] || what=(umbrella consumer consumer-compiled cli)

if [ ! -x /usr/bin/time ]; then
    echo "compile_time.sh: /usr/bin/time is missing (apt-get install time)" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/umbrella.cpp" <<'EOF'
#include <tally/tally.hpp>
int main() { return 0; }
EOF
cat >"$work/consumer.cpp" <<'EOF'
#include <iostream>
#include <tally/tally.hpp>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: consumer 5W.csv\n";
        return 2;
    }
    tally::activity_table table;
    const auto report = tally::io::read_activities(argv[1], table);
    const tally::dedup::reach_pipeline pipeline(table);
    for (const auto& row : pipeline.query({tally::dedup::reach_key::country}).rows)
        std::cout << row.keys[0] << " " << row.reached.value().value() << "\n";
    return report.rejected.empty() ? 0 : 1;
}
EOF

# The flags of the build: configure (nothing is built) with every compiler asked for.
# flags_of BUILD_DIR FILE prints the command that compiles FILE, without -o, -c and the source.
flags_of() {
    python3 - "$1/compile_commands.json" "$2" <<'EOF'
import json, shlex, sys
entries = json.load(open(sys.argv[1]))
for e in entries:
    if e["file"].endswith(sys.argv[2]):
        args = shlex.split(e["command"])
        out, skip = [], False
        for a in args:
            if skip:
                skip = False
                continue
            if a in ("-o", "-MF", "-MT", "-MQ"):
                skip = True
                continue
            if a in ("-c", "-MD", "-MMD") or a == e["file"] or a.startswith("-O") or a == "-g":
                continue
            out.append(a)
        print(shlex.join(out))
        break
else:
    sys.exit("compile_time.sh: no compile command for " + sys.argv[2])
EOF
}

# measure CXX_COMMAND LEVEL LABEL SOURCE
measure() {
    local cmd=$1 level=$2 label=$3 src=$4 out status secs kb
    /usr/bin/time -o "$work/time" -f '%e %M' $cmd $level -c "$src" -o "$work/out.o" \
        2>"$work/err" && status=0 || status=$?
    out=$(tail -n 1 "$work/time")
    if [ "$status" != 0 ] || ! [[ "$out" =~ ^[0-9.]+\ [0-9]+$ ]]; then
        echo "compile_time.sh: $label failed:" >&2
        head -n 20 "$work/err" >&2
        exit 1
    fi
    read -r secs kb <<<"$out"
    printf '%-8s %-4s %-28s %7.1f s %6d MB\n' "$(basename "${cmd%% *}")" "$level" "$label" "$secs" $((kb / 1024))
}

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for cxx in "${compilers[@]}"; do
    build="$work/build-$cxx"
    cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE= \
        -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DTALLY_BUILD_TESTS=OFF -DTALLY_BUILD_BENCHMARKS=OFF \
        -DTALLY_HEADER_CHECK=OFF -DTALLY_PYTHON=OFF -DTALLY_R=OFF -DTALLY_COMPILED=$compiled \
        >"$work/configure.log" 2>&1 || {
        cat "$work/configure.log" >&2
        exit 1
    }
    # A user's program has the flags of a tool TU, without the tool's own warnings (nor the
    # definition of TALLY_COMPILED, which consumer-compiled adds).
    cli_cmd=$(flags_of "$build" examples/cli/main.cpp)
    user_cmd=$(echo "$cli_cmd" | sed -E 's/ -W[a-z=-]+//g; s/ -Werror//g; s/ -DTALLY_COMPILED//g')
    for level in $levels; do
        for w in "${what[@]}"; do
            case "$w" in
            umbrella | consumer) measure "$user_cmd" "$level" "$w" "$work/$w.cpp" ;;
            consumer-compiled)
                # What linking tally::compiled adds to a program's flags (its INTERFACE definition).
                measure "$user_cmd -DTALLY_COMPILED" "$level" "$w" "$work/consumer.cpp"
                ;;
            cli)
                for src in "$root"/examples/cli/*.cpp; do
                    measure "$(flags_of "$build" "examples/cli/$(basename "$src")")" "$level" \
                        "cli/$(basename "$src")" "$src"
                done
                ;;
            *.cpp)
                measure "$(flags_of "$build" "examples/cli/$w")" "$level" "cli/$w" \
                    "$root/examples/cli/$w"
                ;;
            *)
                echo "compile_time.sh: unknown $w" >&2
                exit 2
                ;;
            esac
        done
    done
done
