// The R package's entry points: the facade (tally/facade.hpp) over R lists. A table goes out as
// a named list of columns (character, or double for counts: R has no 64-bit integers, and
// doubles hold every count below 2^53 exactly); R/tally.R makes data frames of them. A
// tally::error is returned as list(error = ...) and raised by R/tally.R as a condition of class
// tally_error, so that no R error jumps over C++ frames.
#include <Rcpp.h>

#include <tally/facade.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace f = tally::facade;

namespace {

SEXP column_out(const f::column& c) {
    const R_xlen_t n = static_cast<R_xlen_t>(c.size());
    if (c.type == f::column_type::text) {
        Rcpp::CharacterVector v(n);
        for (R_xlen_t i = 0; i < n; ++i)
            v[i] = c.is_valid(static_cast<std::size_t>(i))
                       ? Rcpp::String(c.text[static_cast<std::size_t>(i)], CE_UTF8)
                       : Rcpp::String(NA_STRING);
        return v;
    }
    Rcpp::NumericVector v(n);
    for (R_xlen_t i = 0; i < n; ++i) {
        const auto k = static_cast<std::size_t>(i);
        v[i] = !c.is_valid(k)                      ? NA_REAL
               : c.type == f::column_type::integer ? static_cast<double>(c.integer[k])
                                                   : c.real[k];
    }
    return v;
}

Rcpp::List table_out(const f::table& t) {
    Rcpp::List out(t.columns.size());
    Rcpp::CharacterVector names(t.columns.size());
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        out[static_cast<R_xlen_t>(i)] = column_out(t.columns[i]);
        names[static_cast<R_xlen_t>(i)] = t.columns[i].name;
    }
    out.attr("names") = names;
    return out;
}

/// A data frame (a named list of atomic columns) as a table: integers and logicals as integers,
/// doubles as doubles, anything else as text; NA as an invalid value.
f::table table_in(const Rcpp::List& df) {
    f::table t;
    const Rcpp::CharacterVector names = df.names();
    for (R_xlen_t j = 0; j < df.size(); ++j) {
        const SEXP x = df[j];
        const std::string name = Rcpp::as<std::string>(names[j]);
        const R_xlen_t n = Rf_xlength(x);
        if (TYPEOF(x) == INTSXP && !Rf_isFactor(x)) {
            auto& c = t.add(name, f::column_type::integer);
            for (R_xlen_t i = 0; i < n; ++i) {
                const int v = INTEGER(x)[i];
                c.integer.push_back(v == NA_INTEGER ? 0 : v);
                c.mark(v != NA_INTEGER);
            }
        } else if (TYPEOF(x) == LGLSXP) {
            auto& c = t.add(name, f::column_type::integer);
            for (R_xlen_t i = 0; i < n; ++i) {
                const int v = LOGICAL(x)[i];
                c.integer.push_back(v == NA_LOGICAL ? 0 : v);
                c.mark(v != NA_LOGICAL);
            }
        } else if (TYPEOF(x) == REALSXP) {
            auto& c = t.add(name, f::column_type::real);
            for (R_xlen_t i = 0; i < n; ++i) {
                const double v = REAL(x)[i];
                c.real.push_back(std::isnan(v) ? 0.0 : v);
                c.mark(!std::isnan(v));
            }
        } else {
            const Rcpp::CharacterVector s = Rcpp::as<Rcpp::CharacterVector>(x);
            auto& c = t.add(name, f::column_type::text);
            for (R_xlen_t i = 0; i < n; ++i) {
                const bool na = Rcpp::CharacterVector::is_na(s[i]);
                c.text.emplace_back(na ? "" : Rcpp::as<std::string>(s[i]));
                c.mark(!na);
            }
        }
    }
    return t;
}

/// Inputs: a character string is a path, a list (data frame) an in-memory table.
std::vector<f::input> inputs_in(const Rcpp::List& items) {
    std::vector<f::input> out;
    std::size_t frames = 0;
    for (R_xlen_t i = 0; i < items.size(); ++i) {
        const SEXP x = items[i];
        if (TYPEOF(x) == STRSXP)
            out.push_back(f::input::file(Rcpp::as<std::string>(x)));
        else
            out.push_back(f::input::frame(table_in(Rcpp::List(x)),
                                          "<data frame " + std::to_string(++frames) + ">"));
    }
    return out;
}

std::string text_option(const Rcpp::List& o, const char* name) {
    return Rcpp::as<std::string>(o[name]);
}
bool flag_option(const Rcpp::List& o, const char* name) {
    return Rcpp::as<bool>(o[name]);
}

Rcpp::List error_out(const tally::error& e) {
    return Rcpp::List::create(Rcpp::Named("error") = Rcpp::List::create(
                                  Rcpp::Named("message") = std::string(e.what()),
                                  Rcpp::Named("code") = static_cast<int>(e.code()),
                                  Rcpp::Named("name") = std::string(tally::errc_name(e.code())),
                                  Rcpp::Named("file") = e.where().file,
                                  Rcpp::Named("line") = static_cast<double>(e.where().line)));
}

Rcpp::List result_out(const f::result& r) {
    return Rcpp::List::create(
        Rcpp::Named("rows") = table_out(r.rows), Rcpp::Named("footnotes") = table_out(r.footnotes),
        Rcpp::Named("rejected") = table_out(r.rejected),
        Rcpp::Named("notices") = table_out(r.notices), Rcpp::Named("not_read") = r.not_read,
        Rcpp::Named("rows_read") = static_cast<double>(r.rows_read),
        Rcpp::Named("rows_used") = static_cast<double>(r.rows_used));
}

/// The four inputs of a join (a list of four lists of inputs) and the input options of o.
f::join_sources sources_in(const Rcpp::List& inputs) {
    f::join_sources s;
    s.activities = inputs_in(Rcpp::List(inputs["activities"]));
    s.plan = inputs_in(Rcpp::List(inputs["plan"]));
    s.funding = inputs_in(Rcpp::List(inputs["funding"]));
    s.requirements = inputs_in(Rcpp::List(inputs["requirements"]));
    return s;
}
void join_read_in(f::join_read& j, const Rcpp::List& o) {
    j.geography = text_option(o, "geography");
    j.as_of = text_option(o, "as_of");
    j.year = text_option(o, "year");
    j.plan_code = text_option(o, "plan_code");
    j.activities_columns = text_option(o, "activities_columns");
    j.plan_columns = text_option(o, "plan_columns");
    j.funding_columns = text_option(o, "funding_columns");
    j.requirements_columns = text_option(o, "requirements_columns");
    j.keep_going = flag_option(o, "keep_going");
}

} // namespace

extern "C" SEXP tally_reach(SEXP inputs, SEXP options) {
    BEGIN_RCPP
    const Rcpp::List o(options);
    f::reach_options ro;
    ro.by = text_option(o, "by");
    ro.within_sector = text_option(o, "within_sector");
    ro.intersector = text_option(o, "intersector");
    ro.country_model = text_option(o, "country_model");
    ro.in_transit = text_option(o, "in_transit");
    ro.geography = text_option(o, "geography");
    ro.columns = text_option(o, "columns");
    ro.indicator_types = text_option(o, "indicator_types");
    ro.sector = text_option(o, "sector");
    ro.strict = flag_option(o, "strict");
    ro.keep_going = flag_option(o, "keep_going");
    try {
        return result_out(f::reach(inputs_in(Rcpp::List(inputs)), ro));
    } catch (const tally::error& e) {
        return error_out(e);
    }
    END_RCPP
}

extern "C" SEXP tally_plan(SEXP inputs, SEXP options) {
    BEGIN_RCPP
    const Rcpp::List o(options);
    f::plan_options po;
    po.by = text_option(o, "by");
    po.in_transit = text_option(o, "in_transit");
    po.geography = text_option(o, "geography");
    po.country = text_option(o, "country");
    po.columns = text_option(o, "columns");
    po.breakdowns = flag_option(o, "breakdowns");
    po.sector = text_option(o, "sector");
    po.strict = flag_option(o, "strict");
    po.keep_going = flag_option(o, "keep_going");
    try {
        return result_out(f::plan(inputs_in(Rcpp::List(inputs)), po));
    } catch (const tally::error& e) {
        return error_out(e);
    }
    END_RCPP
}

extern "C" SEXP tally_check(SEXP inputs, SEXP options) {
    BEGIN_RCPP
    const Rcpp::List o(options);
    f::check_options co;
    co.geography = text_option(o, "geography");
    co.columns = text_option(o, "columns");
    co.indicator_types = text_option(o, "indicator_types");
    co.keep_going = flag_option(o, "keep_going");
    try {
        const auto r = f::check(inputs_in(Rcpp::List(inputs)), co);
        return Rcpp::List::create(Rcpp::Named("files") = table_out(r.files),
                                  Rcpp::Named("problems") = table_out(r.problems),
                                  Rcpp::Named("not_read") = r.not_read);
    } catch (const tally::error& e) {
        return error_out(e);
    }
    END_RCPP
}

extern "C" SEXP tally_geography(SEXP file) {
    BEGIN_RCPP
    try {
        return Rcpp::List::create(Rcpp::Named("rows") =
                                      table_out(f::geography_table(Rcpp::as<std::string>(file))));
    } catch (const tally::error& e) {
        return error_out(e);
    }
    END_RCPP
}

extern "C" SEXP tally_misalign(SEXP inputs, SEXP options) {
    BEGIN_RCPP
    const Rcpp::List o(options);
    f::misalign_options mo;
    join_read_in(mo, o);
    mo.by = text_option(o, "by");
    mo.sector = text_option(o, "sector");
    mo.threshold = Rcpp::as<double>(o["threshold"]);
    mo.in_transit = text_option(o, "in_transit");
    mo.strict = flag_option(o, "strict");
    try {
        const auto r = f::misalign(sources_in(Rcpp::List(inputs)), mo);
        Rcpp::List out = result_out(r);
        out["summary"] = table_out(r.summary);
        return out;
    } catch (const tally::error& e) {
        return error_out(e);
    }
    END_RCPP
}

extern "C" SEXP tally_funding(SEXP inputs, SEXP options) {
    BEGIN_RCPP
    const Rcpp::List o(options);
    const Rcpp::List in(inputs);
    f::funding_options fo;
    fo.by = text_option(o, "by");
    fo.allocate = text_option(o, "allocate");
    fo.as_of = text_option(o, "as_of");
    fo.sector = text_option(o, "sector");
    fo.year = text_option(o, "year");
    fo.plan_code = text_option(o, "plan_code");
    fo.columns = text_option(o, "columns");
    fo.requirements_columns = text_option(o, "requirements_columns");
    fo.strict = flag_option(o, "strict");
    fo.keep_going = flag_option(o, "keep_going");
    try {
        const f::funding_sources sources{inputs_in(Rcpp::List(in["files"])),
                                         inputs_in(Rcpp::List(in["requirements"])),
                                         inputs_in(Rcpp::List(in["plan"]))};
        const auto r = f::funding(sources, fo);
        Rcpp::List out = result_out(r);
        out["totals"] = table_out(r.totals);
        return out;
    } catch (const tally::error& e) {
        return error_out(e);
    }
    END_RCPP
}

extern "C" SEXP tally_report(SEXP inputs, SEXP options) {
    BEGIN_RCPP
    const Rcpp::List o(options);
    f::report_options ro;
    join_read_in(ro, o);
    ro.format = text_option(o, "format");
    ro.sector = text_option(o, "sector");
    ro.title = text_option(o, "title");
    ro.output = text_option(o, "output");
    ro.strict = flag_option(o, "strict");
    try {
        const auto r = f::report(sources_in(Rcpp::List(inputs)), ro);
        return Rcpp::List::create(Rcpp::Named("text") = Rcpp::String(r.text, CE_UTF8),
                                  Rcpp::Named("not_read") = r.not_read);
    } catch (const tally::error& e) {
        return error_out(e);
    }
    END_RCPP
}

extern "C" void R_init_tally(DllInfo* dll) {
    static const R_CallMethodDef calls[] = {
        {"tally_reach", reinterpret_cast<DL_FUNC>(&tally_reach), 2},
        {"tally_plan", reinterpret_cast<DL_FUNC>(&tally_plan), 2},
        {"tally_check", reinterpret_cast<DL_FUNC>(&tally_check), 2},
        {"tally_geography", reinterpret_cast<DL_FUNC>(&tally_geography), 1},
        {"tally_misalign", reinterpret_cast<DL_FUNC>(&tally_misalign), 2},
        {"tally_funding", reinterpret_cast<DL_FUNC>(&tally_funding), 2},
        {"tally_report", reinterpret_cast<DL_FUNC>(&tally_report), 2},
        {nullptr, nullptr, 0}};
    R_registerRoutines(dll, nullptr, calls, nullptr, nullptr);
    R_useDynamicSymbols(dll, FALSE);
}
