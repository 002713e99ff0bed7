#!/usr/bin/env bash
# The main job on the bundled sample data: each command prints its table to stdout.
set -euo pipefail
tally="${1:-tally}"
here="$(cd "$(dirname "$0")" && pwd)"
echo "== tally geography --file sample_geography.csv"
"$tally" geography --file "$here/sample_geography.csv"
