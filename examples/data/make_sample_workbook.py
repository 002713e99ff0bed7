#!/usr/bin/env python3
"""Writes sample_workbook.xlsx from sample_5w.csv and sample_plan.csv, shaped as workbooks come
from the R4V and ActivityInfo templates: a first sheet of notes, title rows above each header,
header cells with line breaks and no-break spaces, months as date serial numbers in date-formatted
cells, counts written as floats ("1239.0"), text in shared strings. Standard library only."""
import csv
import datetime
import os
import zipfile
from xml.sax.saxutils import escape

here = os.path.dirname(os.path.abspath(__file__))
shared, index = [], {}


def s(text):
    if text not in index:
        index[text] = len(shared)
        shared.append(text)
    return index[text]


def col(i):
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def sheet(rows):
    """rows: {row number: [(kind, value)]}, kind 's' text, 'n' number, 'd' date serial."""
    out = []
    for r in sorted(rows):
        cells = []
        for c, (kind, v) in enumerate(rows[r]):
            ref = f"{col(c)}{r}"
            if kind == "s":
                cells.append(f'<c r="{ref}" t="s"><v>{s(v)}</v></c>')
            elif kind == "n":
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            elif kind == "d":
                cells.append(f'<c r="{ref}" s="1"><v>{v}</v></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    return ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetData>{"".join(out)}</sheetData></worksheet>')


def header_cell(name):
    # Templates wrap long names onto two lines and pad with no-break spaces.
    return ("s", name.replace("_", "\n", 1) + "\u00a0" if "_" in name else name)


def table(path, title, month_col=None):
    with open(os.path.join(here, path), newline="") as f:
        rows = list(csv.reader(f))
    out = {1: [("s", title)], 2: [("s", "Source: sample data of the tally project")]}
    out[4] = [header_cell(h) for h in rows[0]]
    for k, r in enumerate(rows[1:]):
        cells = []
        for c, v in enumerate(r):
            y, _, m = v.partition("-")
            if not v:
                cells.append(("skip", ""))
            elif c == month_col and y.isdigit() and m.isdigit() and 1 <= int(m) <= 12:
                serial = (datetime.date(int(y), int(m), 1) - datetime.date(1899, 12, 30)).days
                cells.append(("d", serial))
            elif v.isdigit():
                cells.append(("n", f"{float(v)}"))
            else:
                cells.append(("s", v))  # a bad month stays the text it was
        out[5 + k] = cells
    return out


five_w = table("sample_5w.csv", "RMRP 2023 - 5W activities (sample)", month_col=3)
plan = table("sample_plan.csv", "RMRP 2023 - people in need and targets (sample)")
notes = {1: [("s", "Sample workbook: sheet 5W (activities) and sheet Plan (PiN and targets)")]}
sheets = [("Read me", sheet(notes)), ("5W", sheet(five_w)), ("Plan", sheet(plan))]

ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
with zipfile.ZipFile(os.path.join(here, "sample_workbook.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
    def put(name, text):
        info = zipfile.ZipInfo(name, (2026, 11, 29, 0, 0, 0))  # fixed time: reproducible bytes
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, text)
    put("[Content_Types].xml",
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(len(sheets)))
        + '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>')
    put("_rels/.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    put("xl/workbook.xml", f'<workbook {ns} xmlns:r="{rel}"><sheets>'
        + "".join(f'<sheet name="{escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (n, _) in enumerate(sheets))
        + "</sheets></workbook>")
    put("xl/_rels/workbook.xml.rels",
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="rId{i + 1}" Type="{rel}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(sheets)))
        + f'<Relationship Id="rId{len(sheets) + 1}" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
        + f'<Relationship Id="rId{len(sheets) + 2}" Type="{rel}/styles" Target="styles.xml"/></Relationships>')
    for i, (_, xml) in enumerate(sheets):
        put(f"xl/worksheets/sheet{i + 1}.xml", xml)
    put("xl/sharedStrings.xml", f'<sst {ns}>' + "".join(
        f'<si><t xml:space="preserve">{escape(t)}</t></si>' for t in shared) + "</sst>")
    put("xl/styles.xml", f'<styleSheet {ns}><numFmts count="1"><numFmt numFmtId="164" formatCode="mmm\\ yyyy"/></numFmts>'
        '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>')
