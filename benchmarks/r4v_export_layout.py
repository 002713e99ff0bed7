#!/usr/bin/env python3
"""Rewrites a 5W file of example_generate_response (tally's names) in the layout of R4V's 2022
5W export, for the reader benchmark of benchmarks/README.md: the same rows, with R4V's header
(Subsector, Implementation Yes/No, Implementing_partner, Other_under, Other_above, ...), its free
text and CVA columns, and no indicator type column (R4V's exports have none).

    benchmarks/r4v_export_layout.py IN.csv OUT.csv
"""
import csv
import sys

HEADER = ["Country", "Admin1", "Admin2", "Appealing_org", "Implementation",
          "Implementing_partner", "Month", "Subsector", "Indicator", "Activity_Name",
          "Activity_Description", "RMRPActivity", "COVID19", "CVA", "Value",
          "Delivery_mechanism", "Quantity_output", "Total_monthly", "New_beneficiaries",
          "IN_DESTINATION", "IN_TRANSIT", "Host_Communities", "PENDULARS", "Returnees", "Girls",
          "Boys", "Women", "Men", "Other_under", "Other_above"]


def main(src, dst):
    with open(src, newline="", encoding="utf-8") as f, \
            open(dst, "w", newline="", encoding="utf-8") as g:
        rows = csv.DictReader(f)
        out = csv.writer(g, lineterminator="\n")
        out.writerow(HEADER)
        for r in rows:
            partner = r["Implementing_org"] if r["Implementing_org"] != r["Appealing_org"] else ""
            out.writerow([
                r["Country"], r["Admin1"], r["Admin2"], r["Appealing_org"],
                "Yes" if partner else "No", partner, r["Month"], r["Sector"], r["Indicator"],
                r["RMRP_Activity"], "Activity of " + r["Appealing_org"] + ": " + r["RMRP_Activity"],
                "Yes", "No", r["CVA"], "", "", "", r["Total_monthly"], r["New_beneficiaries"],
                r["IN_DESTINATION"], r["IN_TRANSIT"], r["Host_Communities"], r["PENDULARS"],
                r["Returnees"], r["Girls"], r["Boys"], r["Women"], r["Men"], r["Other_under_18"],
                r["Other_above_18"]])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
