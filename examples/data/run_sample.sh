#!/usr/bin/env bash
# The main job on the bundled sample data: each command prints its table to stdout.
set -euo pipefail
tally="${1:-tally}"
here="$(cd "$(dirname "$0")" && pwd)"
echo "== tally geography --file sample_geography.csv"
"$tally" geography --file "$here/sample_geography.csv"
echo "== tally check --geography sample_geography.csv sample_5w.csv sample_plan.csv"
# sample_5w.csv carries three deliberately bad rows, so `tally check` exits 1 (rows rejected).
# That is the expected outcome here; any other status (0, or 2 for an unreadable file) fails.
status=0
"$tally" check --geography "$here/sample_geography.csv" "$here/sample_5w.csv" \
    "$here/sample_plan.csv" || status=$?
if [ "$status" -ne 1 ]; then
    echo "tally check exited with $status, expected 1 (three rejected rows)" >&2
    exit 1
fi
echo "== tally reach --by country,sector sample_5w.csv (sector figures; rejected rows on stderr)"
"$tally" reach --by country,sector "$here/sample_5w.csv"
echo "== tally reach --by country sample_5w.csv (intersector: max per population group)"
"$tally" reach --by country "$here/sample_5w.csv" 2>/dev/null
echo "== tally reach --by platform,population_group sample_5w.csv (people in transit left out)"
"$tally" reach --by platform,population_group "$here/sample_5w.csv" 2>/dev/null
echo "== tally plan --by country sample_plan.csv (mosaic rule, or the Intersector row)"
"$tally" plan --by country "$here/sample_plan.csv"
echo "== tally funding --requirements sample_requirements.csv --by country,sector sample_flows.csv"
"$tally" funding --requirements "$here/sample_requirements.csv" --by country,sector "$here/sample_flows.csv"
echo "== tally misalign --activities sample_5w.csv --plan sample_plan.csv --funding sample_flows.csv --requirements sample_requirements.csv"
"$tally" misalign --activities "$here/sample_5w.csv" --plan "$here/sample_plan.csv" \
    --funding "$here/sample_flows.csv" --requirements "$here/sample_requirements.csv" 2>/dev/null
