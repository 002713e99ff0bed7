"""tally for Python: the figures of the tally tool (people reached, PiN and targets,
misalignment, the end-year report, the validation report, the geography) as pandas DataFrames,
by the same C++ code.

Every function takes file paths or pandas DataFrames (for activities) and the options of the
tool's command, and returns a DataFrame whose ``attrs`` hold ``footnotes``, ``rejected`` and
``notices`` (DataFrames too) and ``not_read`` (with ``keep_going=True``). Without pandas, a
``Table``: a dict of numpy arrays with the same ``attrs``. Errors are ``tally.Error``
subclasses carrying tally's code. See docs/python.md.
"""

import os as _os

import numpy as _np

from . import _tally
from ._errors import (Error, InputError, CountOverflowError, ParseError, UsageError,  # noqa: F401
                      ValidationError)

try:
    import pandas as _pd
except ImportError:  # pragma: no cover - exercised when pandas is absent
    _pd = None

__version__ = _tally.version
__all__ = ["reach", "plan", "funding", "misalign", "report", "check", "geography", "Table", "Error", "InputError", "ParseError",
           "CountOverflowError", "UsageError", "ValidationError", "__version__"]


class Table(dict):
    """A table as a dict of numpy arrays (column name -> array), used when pandas is absent;
    ``attrs`` holds what a DataFrame's ``attrs`` would."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.attrs = {}


def _column(kind, values, valid):
    if kind == "text":
        a = _np.array(values, dtype=object)
        if valid is not None:
            a[~valid] = None
        return a
    if valid is None:
        return values
    if _pd is not None and kind == "integer":
        a = _pd.array(values, dtype="Int64")
        a[~valid] = _pd.NA
        return a
    a = values.astype(float)
    a[~valid] = _np.nan
    return a


def _frame(columns):
    data = {name: _column(kind, values, valid) for name, kind, values, valid in columns}
    if _pd is not None:
        return _pd.DataFrame(data, columns=[c[0] for c in columns])
    return Table(data)


def _result(r):
    df = _frame(r["rows"])
    df.attrs["footnotes"] = _frame(r["footnotes"])
    df.attrs["rejected"] = _frame(r["rejected"])
    df.attrs["notices"] = _frame(r["notices"])
    df.attrs["not_read"] = list(r["not_read"])
    df.attrs["rows_read"] = r["rows_read"]
    df.attrs["rows_used"] = r["rows_used"]
    return df


def _frame_in(df):
    """A DataFrame (or a dict of columns) as (name, kind, values, valid) tuples."""
    columns = []
    items = df.items() if hasattr(df, "items") else df
    for name, col in items:
        if _pd is not None and isinstance(col, _pd.Series):
            missing = col.isna().to_numpy()
            values = col.to_numpy()
        else:
            values = _np.asarray(col)
            missing = None
        kind = values.dtype.kind
        if kind in "iub":
            columns.append((str(name), "integer", values.astype(_np.int64), None))
        elif kind == "f":
            valid = ~_np.isnan(values)
            columns.append((str(name), "real", values.astype(_np.float64),
                            None if valid.all() else valid))
        else:
            if missing is None:
                missing = _np.array([v is None or (isinstance(v, float) and v != v)
                                     for v in values], dtype=bool)
            columns.append((str(name), "text", _text(col, values, missing),
                            None if not missing.any() else ~missing))
    return columns


def _text(col, values, missing):
    """The cells of a text column as a list of str ("" where missing). A column of strings only
    (pandas' inference, in C) is taken as it is, about 3 times faster on a million rows than
    str() of every cell, which the other columns (numbers, dates, mixed objects) need."""
    if (_pd is not None and isinstance(col, _pd.Series)
            and _pd.api.types.infer_dtype(col, skipna=True) in ("string", "empty")):
        if missing.any():
            values = _np.array(values, dtype=object)
            values[missing] = ""
        return values.tolist()
    return ["" if m else str(v) for v, m in zip(values, missing)]


def _inputs(inputs):
    if isinstance(inputs, (str, _os.PathLike)) or (_pd is not None and
                                                   isinstance(inputs, _pd.DataFrame)):
        inputs = [inputs]
    elif isinstance(inputs, dict):
        inputs = [inputs]
    out = []
    for i in inputs:
        if isinstance(i, (str, _os.PathLike)):
            out.append(_os.fspath(i))
        else:
            out.append(_frame_in(i))
    return out


def _keys(by):
    return by if isinstance(by, str) else ",".join(by)


def _opt(value):
    if value is None:
        return ""
    if isinstance(value, dict):
        return ",".join(f"{k}={v}" for k, v in value.items())
    return _os.fspath(value) if isinstance(value, _os.PathLike) else str(value)


def reach(activities, by=("country", "sector"), within_sector="sum", intersector="max-group",
          country_model=None, in_transit="exclude", geography=None, columns=None,
          indicator_types=None, sector=None, strict=False, keep_going=False):
    """People reached from 5W activities, de-duplicated by the R4V rules (``tally reach``).

    activities: a path, a DataFrame, or a list of them. by: keys among region, platform,
    country, admin1, month, sector, population_group. sector: one sector or sub-sector (its
    lines only; sector is added to by). Returns one row per group: the keys, reached,
    reached_upper, appealing_partners, implementing_partners, scope, note."""
    return _result(_tally.reach(_inputs(activities), _keys(by), within_sector, intersector,
                                _opt(country_model), in_transit, _opt(geography), _opt(columns),
                                _opt(indicator_types), _opt(sector), strict, keep_going))


def plan(files, by=("country", "sector"), in_transit="exclude", geography=None, country=None,
         columns=None, breakdowns=False, sector=None, strict=False, keep_going=False):
    """People in need and targets from plan files and needs tables (``tally plan``)."""
    return _result(_tally.plan(_inputs(files), _keys(by), in_transit, _opt(geography),
                               _opt(country), _opt(columns), breakdowns, _opt(sector), strict,
                               keep_going))


def _join(activities, plan, funding, requirements):
    return [_inputs(x) if x is not None else [] for x in (activities, plan, funding,
                                                            requirements)]


def _join_options(geography, as_of, year, plan_code, columns):
    o = {"geography": _opt(geography), "as_of": _opt(as_of), "year": _opt(year),
         "plan_code": _keys(plan_code) if plan_code is not None else ""}
    for name, value in (columns or {}).items():
        o[f"{name}_columns"] = _opt(value)
    return o


def misalign(activities=None, plan=None, funding=None, requirements=None,
             by=("country", "sector"), sector=None, threshold=3.5, as_of=None,
             in_transit="exclude", geography=None, year=None, plan_code=None, columns=None,
             strict=False, keep_going=False):
    """Funding against people reached per cell (``tally misalign``): the join of activities,
    plan, funding and requirements (each a path, a DataFrame or a list of them; at least one),
    with the measures, flags and causes of each cell. by: keys among region, platform, country,
    sector. columns: a dict of column maps by input ({"funding": "Monto=amount_usd"}). The
    summary of the measures is ``attrs["summary"]`` (one row)."""
    r = _tally.misalign(*_join(activities, plan, funding, requirements), _keys(by),
                        _opt(sector), float(threshold), in_transit,
                        _join_options(geography, as_of, year, plan_code, columns), strict,
                        keep_going)
    df = _result(r)
    df.attrs["summary"] = _frame(r["summary"])
    return df


def funding(files, requirements=None, plan=None, by=(), allocate="none", as_of=None,
            sector=None, year=None, plan_code=None, columns=None, requirements_columns=None,
            strict=False, keep_going=False):
    """Funding, pledges, requirements and coverage (``tally funding``) from FTS API responses,
    HDX FTS flow exports, plain flow CSVs or tables of funding per plan (files: a path, a
    DataFrame or a list of them). by: keys among country, sector, organisation, year, plan
    (none: one total). requirements: a requirements file (adds requirements_usd, unmet_usd and
    coverage); allocate: none, requirements, target or pin (target and pin with plan). Returns
    one row per group, as the tool's JSON; the flows' boundary totals are ``attrs["totals"]``."""
    r = _tally.funding(_inputs(files), _inputs(requirements) if requirements is not None else [],
                       _inputs(plan) if plan is not None else [], _keys(by) if by else "",
                       allocate, _opt(as_of), _opt(sector), _opt(year),
                       _keys(plan_code) if plan_code is not None else "", _opt(columns),
                       _opt(requirements_columns), strict, keep_going)
    df = _result(r)
    df.attrs["totals"] = _frame(r["totals"])
    return df


def report(activities=None, plan=None, funding=None, requirements=None, format="html",
           sector=None, title=None, as_of=None, geography=None, year=None, plan_code=None,
           columns=None, output=None, strict=False, keep_going=False):
    """The end-year report (``tally report``) as a str: html, text or json; written to output
    too when given."""
    r = _tally.report(*_join(activities, plan, funding, requirements), format, _opt(sector),
                      _opt(title), _opt(output),
                      _join_options(geography, as_of, year, plan_code, columns), strict,
                      keep_going)
    return r["text"]


def check(files, geography=None, columns=None, indicator_types=None, keep_going=True):
    """The validation report (``tally check``): one row per input, its problems (rejected rows
    and notices) in ``attrs["problems"]``."""
    r = _tally.check(_inputs(files), _opt(geography), _opt(columns), _opt(indicator_types),
                     keep_going)
    df = _frame(r["files"])
    df.attrs["problems"] = _frame(r["problems"])
    df.attrs["not_read"] = list(r["not_read"])
    return df


def geography(file=None):
    """The places of the geography (``tally geography``): the R4V preset, or a CSV file's."""
    return _frame(_tally.geography(_opt(file)))
