// tally._tally: the facade (tally/facade.hpp) for Python. Tables go out as lists of
// (name, kind, values, valid) with values a numpy array (integers, doubles) or a list of str,
// valid None when every value is valid; tally.__init__ makes DataFrames of them. tally::error
// becomes the tally.Error subclass of its code (tally/_errors.py).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <tally/facade.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace py = pybind11;
namespace f = tally::facade;

namespace {

py::object column_out(const f::column& c) {
    py::object values;
    std::string kind;
    switch (c.type) {
    case f::column_type::text: {
        py::list l(c.text.size());
        for (std::size_t i = 0; i < c.text.size(); ++i)
            l[i] = py::str(c.text[i]);
        values = l;
        kind = "text";
        break;
    }
    case f::column_type::integer:
        values =
            py::array_t<std::int64_t>(static_cast<py::ssize_t>(c.integer.size()), c.integer.data());
        kind = "integer";
        break;
    case f::column_type::real:
        values = py::array_t<double>(static_cast<py::ssize_t>(c.real.size()), c.real.data());
        kind = "real";
        break;
    }
    py::object valid = py::none();
    if (!c.valid.empty()) {
        py::array_t<bool> v(static_cast<py::ssize_t>(c.valid.size()));
        auto m = v.mutable_unchecked<1>();
        for (std::size_t i = 0; i < c.valid.size(); ++i)
            m(static_cast<py::ssize_t>(i)) = c.valid[i] != 0;
        valid = v;
    }
    return py::make_tuple(c.name, kind, values, valid);
}

py::list table_out(const f::table& t) {
    py::list out;
    for (const auto& c : t.columns)
        out.append(column_out(c));
    return out;
}

py::dict result_out(const f::result& r) {
    py::dict d;
    d["rows"] = table_out(r.rows);
    d["footnotes"] = table_out(r.footnotes);
    d["rejected"] = table_out(r.rejected);
    d["notices"] = table_out(r.notices);
    d["not_read"] = r.not_read;
    d["rows_read"] = r.rows_read;
    d["rows_used"] = r.rows_used;
    return d;
}

/// A table from (name, kind, values, valid) tuples: kind "integer" (values an int64 array),
/// "real" (float64 array) or "text" (a sequence of str); valid a bool array or None.
f::table table_in(const py::list& columns) {
    f::table t;
    for (const auto& item : columns) {
        const auto tup = item.cast<py::tuple>();
        const auto name = tup[0].cast<std::string>();
        const auto kind = tup[1].cast<std::string>();
        auto& c = t.add(name, kind == "integer" ? f::column_type::integer
                              : kind == "real"  ? f::column_type::real
                                                : f::column_type::text);
        if (c.type == f::column_type::integer) {
            const auto a =
                tup[2].cast<py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>>();
            c.integer.assign(a.data(), a.data() + a.size());
        } else if (c.type == f::column_type::real) {
            const auto a =
                tup[2].cast<py::array_t<double, py::array::c_style | py::array::forcecast>>();
            c.real.assign(a.data(), a.data() + a.size());
        } else {
            c.text = tup[2].cast<std::vector<std::string>>();
        }
        if (!tup[3].is_none()) {
            const auto v =
                tup[3].cast<py::array_t<bool, py::array::c_style | py::array::forcecast>>();
            c.valid.resize(static_cast<std::size_t>(v.size()));
            for (py::ssize_t i = 0; i < v.size(); ++i)
                c.valid[static_cast<std::size_t>(i)] = v.data()[i] ? 1 : 0;
        }
    }
    return t;
}

/// Inputs: a str is a path, a list of columns an in-memory table.
std::vector<f::input> inputs_in(const py::list& items) {
    std::vector<f::input> out;
    std::size_t frames = 0;
    for (const auto& item : items) {
        if (py::isinstance<py::str>(item))
            out.push_back(f::input::file(item.cast<std::string>()));
        else
            out.push_back(f::input::frame(table_in(item.cast<py::list>()),
                                          "<data frame " + std::to_string(++frames) + ">"));
    }
    return out;
}

/// The four inputs of a join, each a list of paths and tables (inputs_in).
f::join_sources sources_in(const py::list& activities, const py::list& plan,
                           const py::list& funding, const py::list& requirements) {
    f::join_sources s;
    s.activities = inputs_in(activities);
    s.plan = inputs_in(plan);
    s.funding = inputs_in(funding);
    s.requirements = inputs_in(requirements);
    return s;
}

/// The input options of a join, from a dict of str (geography, as_of, year, plan_code and the
/// four column maps) and keep_going.
void join_read_in(f::join_read& o, const py::dict& options, bool keep_going) {
    for (const auto& [key, value] : options) {
        const auto k = key.cast<std::string>();
        const auto v = value.cast<std::string>();
        if (k == "geography")
            o.geography = v;
        else if (k == "as_of")
            o.as_of = v;
        else if (k == "year")
            o.year = v;
        else if (k == "plan_code")
            o.plan_code = v;
        else if (k == "activities_columns")
            o.activities_columns = v;
        else if (k == "plan_columns")
            o.plan_columns = v;
        else if (k == "funding_columns")
            o.funding_columns = v;
        else if (k == "requirements_columns")
            o.requirements_columns = v;
        else
            throw tally::error(tally::errc::usage, "unknown option '" + k + "'");
    }
    o.keep_going = keep_going;
}

} // namespace

PYBIND11_MODULE(_tally, m) {
    m.doc() = "tally's facade: the commands of the tally tool as functions over columns";
    m.attr("version") = TALLY_VERSION_STRING;

    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p)
                std::rethrow_exception(p);
        } catch (const tally::error& e) {
            const auto errors = py::module_::import("tally._errors");
            const auto number = static_cast<int>(e.code());
            const py::object cls = errors.attr("class_for")(number);
            const py::object exc = cls(e.what(), number, std::string(tally::errc_name(e.code())),
                                       e.where().file, e.where().line, e.detail());
            PyErr_SetObject(cls.ptr(), exc.ptr());
        }
    });

    m.def(
        "reach",
        [](const py::list& inputs, const std::string& by, const std::string& within_sector,
           const std::string& intersector, const std::string& country_model,
           const std::string& in_transit, const std::string& geography, const std::string& columns,
           const std::string& indicator_types, const std::string& sector, bool strict,
           bool keep_going) {
            f::reach_options o;
            o.by = by;
            o.within_sector = within_sector;
            o.intersector = intersector;
            o.country_model = country_model;
            o.in_transit = in_transit;
            o.geography = geography;
            o.columns = columns;
            o.indicator_types = indicator_types;
            o.sector = sector;
            o.strict = strict;
            o.keep_going = keep_going;
            auto in = inputs_in(inputs);
            f::result r;
            {
                py::gil_scoped_release unlocked;
                r = f::reach(in, o);
            }
            return result_out(r);
        },
        py::arg("inputs"), py::arg("by"), py::arg("within_sector"), py::arg("intersector"),
        py::arg("country_model"), py::arg("in_transit"), py::arg("geography"), py::arg("columns"),
        py::arg("indicator_types"), py::arg("sector"), py::arg("strict"), py::arg("keep_going"));

    m.def(
        "plan",
        [](const py::list& inputs, const std::string& by, const std::string& in_transit,
           const std::string& geography, const std::string& country, const std::string& columns,
           bool breakdowns, const std::string& sector, bool strict, bool keep_going) {
            f::plan_options o;
            o.by = by;
            o.in_transit = in_transit;
            o.geography = geography;
            o.country = country;
            o.columns = columns;
            o.breakdowns = breakdowns;
            o.sector = sector;
            o.strict = strict;
            o.keep_going = keep_going;
            auto in = inputs_in(inputs);
            f::result r;
            {
                py::gil_scoped_release unlocked;
                r = f::plan(in, o);
            }
            return result_out(r);
        },
        py::arg("inputs"), py::arg("by"), py::arg("in_transit"), py::arg("geography"),
        py::arg("country"), py::arg("columns"), py::arg("breakdowns"), py::arg("sector"),
        py::arg("strict"), py::arg("keep_going"));

    m.def(
        "check",
        [](const py::list& inputs, const std::string& geography, const std::string& columns,
           const std::string& indicator_types, bool keep_going) {
            f::check_options o;
            o.geography = geography;
            o.columns = columns;
            o.indicator_types = indicator_types;
            o.keep_going = keep_going;
            auto in = inputs_in(inputs);
            f::check_result r;
            {
                py::gil_scoped_release unlocked;
                r = f::check(in, o);
            }
            py::dict d;
            d["files"] = table_out(r.files);
            d["problems"] = table_out(r.problems);
            d["not_read"] = r.not_read;
            return d;
        },
        py::arg("inputs"), py::arg("geography"), py::arg("columns"), py::arg("indicator_types"),
        py::arg("keep_going"));

    m.def(
        "geography", [](const std::string& file) { return table_out(f::geography_table(file)); },
        py::arg("file"));

    m.def(
        "misalign",
        [](const py::list& activities, const py::list& plan, const py::list& funding,
           const py::list& requirements, const std::string& by, const std::string& sector,
           double threshold, const std::string& in_transit, const py::dict& options, bool strict,
           bool keep_going) {
            f::misalign_options o;
            join_read_in(o, options, keep_going);
            o.by = by;
            o.sector = sector;
            o.threshold = threshold;
            o.in_transit = in_transit;
            o.strict = strict;
            const auto in = sources_in(activities, plan, funding, requirements);
            f::misalign_result r;
            {
                py::gil_scoped_release unlocked;
                r = f::misalign(in, o);
            }
            auto d = result_out(r);
            d["summary"] = table_out(r.summary);
            return d;
        },
        py::arg("activities"), py::arg("plan"), py::arg("funding"), py::arg("requirements"),
        py::arg("by"), py::arg("sector"), py::arg("threshold"), py::arg("in_transit"),
        py::arg("options"), py::arg("strict"), py::arg("keep_going"));

    m.def(
        "funding",
        [](const py::list& files, const py::list& requirements, const py::list& plan,
           const std::string& by, const std::string& allocate, const std::string& as_of,
           const std::string& sector, const std::string& year, const std::string& plan_code,
           const std::string& columns, const std::string& requirements_columns, bool strict,
           bool keep_going) {
            f::funding_options o;
            o.by = by;
            o.allocate = allocate;
            o.as_of = as_of;
            o.sector = sector;
            o.year = year;
            o.plan_code = plan_code;
            o.columns = columns;
            o.requirements_columns = requirements_columns;
            o.strict = strict;
            o.keep_going = keep_going;
            const f::funding_sources in{inputs_in(files), inputs_in(requirements), inputs_in(plan)};
            f::funding_result r;
            {
                py::gil_scoped_release unlocked;
                r = f::funding(in, o);
            }
            auto d = result_out(r);
            d["totals"] = table_out(r.totals);
            return d;
        },
        py::arg("files"), py::arg("requirements"), py::arg("plan"), py::arg("by"),
        py::arg("allocate"), py::arg("as_of"), py::arg("sector"), py::arg("year"),
        py::arg("plan_code"), py::arg("columns"), py::arg("requirements_columns"),
        py::arg("strict"), py::arg("keep_going"));

    m.def(
        "report",
        [](const py::list& activities, const py::list& plan, const py::list& funding,
           const py::list& requirements, const std::string& format, const std::string& sector,
           const std::string& title, const std::string& output, const py::dict& options,
           bool strict, bool keep_going) {
            f::report_options o;
            join_read_in(o, options, keep_going);
            o.format = format;
            o.sector = sector;
            o.title = title;
            o.output = output;
            o.strict = strict;
            const auto in = sources_in(activities, plan, funding, requirements);
            f::report_result r;
            {
                py::gil_scoped_release unlocked;
                r = f::report(in, o);
            }
            auto d = result_out(r);
            d["text"] = r.text;
            return d;
        },
        py::arg("activities"), py::arg("plan"), py::arg("funding"), py::arg("requirements"),
        py::arg("format"), py::arg("sector"), py::arg("title"), py::arg("output"),
        py::arg("options"), py::arg("strict"), py::arg("keep_going"));
}
