#!/usr/bin/env bash
# The main job: generate the bundled realistic response (a full year of the 17 R4V countries:
# 5W activities, plan, FTS funding flows, requirements), then write the end-year report for the
# Human Trafficking and Smuggling sub-sector (the page of the seed report) and for the whole
# response as HTML (and PDF when a Chromium is on the PATH), and print the sub-sector report as
# text.
#
#   examples/data/run_sample.sh BUILD_DIR [OUT_DIR]
#
# BUILD_DIR holds the tally tool and examples/example_generate_response; OUT_DIR (default
# BUILD_DIR/main) receives response/*.csv, the two HTML pages (and PDFs) and the rejected-row
# logs.
set -euo pipefail
build="${1:?usage: run_sample.sh BUILD_DIR [OUT_DIR]}"
out="${2:-$build/main}"
tally="$build/tally"
generate="$build/examples/example_generate_response"
subsector="Protection (Human Trafficking and Smuggling)"
as_of=2024-04-01

mkdir -p "$out/response"
echo "== example_generate_response --out $out/response"
"$generate" --out "$out/response"

inputs=(--activities "$out/response/activities.csv" --plan "$out/response/plan.csv"
    --funding "$out/response/flows.csv" --requirements "$out/response/requirements.csv"
    --as-of "$as_of")

# Rejected input rows (the generator writes a few on purpose) are listed in the logs and
# counted in each report's footnotes.
"$tally" report "${inputs[@]}" --sector "$subsector" \
    --title "End-year report 2023: Human Trafficking and Smuggling" \
    --output "$out/report_human_trafficking.html" 2> "$out/report_human_trafficking.log"
"$tally" report "${inputs[@]}" --title "End-year report 2023: whole response" \
    --output "$out/report_whole_response.html" 2> "$out/report_whole_response.log"

# The same pages printed (A4, one page per section) when a Chromium is on the PATH.
pdfs=""
if command -v chromium >/dev/null || command -v chromium-browser >/dev/null ||
    command -v google-chrome >/dev/null || command -v google-chrome-stable >/dev/null; then
    # A failure to print is told, and the rest of the job goes on.
    if "$tally" report "${inputs[@]}" --sector "$subsector" \
        --title "End-year report 2023: Human Trafficking and Smuggling" \
        --format pdf --output "$out/report_human_trafficking.pdf" 2> "$out/pdf.log" &&
        "$tally" report "${inputs[@]}" --title "End-year report 2023: whole response" \
            --format pdf --output "$out/report_whole_response.pdf" 2>> "$out/pdf.log"; then
        pdfs=yes
    else
        echo "The PDFs were not printed: see $out/pdf.log" >&2
    fi
fi

echo "== tally report --sector \"$subsector\" --as-of $as_of --format text"
"$tally" report "${inputs[@]}" --sector "$subsector" \
    --title "End-year report 2023: Human Trafficking and Smuggling" --format text 2>/dev/null

echo
echo "Reports written:"
echo "  $out/report_human_trafficking.html  (sub-sector, the seed page)"
echo "  $out/report_whole_response.html     (whole response, intersector figures)"
if [ -n "$pdfs" ]; then
    echo "  $out/report_human_trafficking.pdf, $out/report_whole_response.pdf  (printed, A4)"
else
    echo "  (no PDF: no chromium on the PATH; tally report --format pdf prints with it)"
fi
echo "Rejected input rows: $out/report_human_trafficking.log, $out/report_whole_response.log"
echo "Generated response: $out/response/"
