#pragma once
// The end-year report for bindings: `tally report` as a function. The four inputs are read by
// metrics::read_join_files (facade/join_inputs.hpp), the model built by report::build_report with
// the options of the tool and rendered as HTML, text or JSON by the tool's renderers; the report
// comes back as a string, or is written to a file. No rule is applied here.
//
// Cost: that of the readers, the join and the report model; the HTML's charts are drawn as SVG.

#include <tally/version.hpp>

#include <string>
#include <tally/core/error.hpp>
#include <tally/facade/inputs.hpp>
#include <tally/facade/join_inputs.hpp>
#include <tally/io/file.hpp>
#include <tally/report/html.hpp>
#include <tally/report/json.hpp>
#include <tally/report/model.hpp>
#include <tally/report/text.hpp>
#include <vector>

namespace tally::facade {

/// The options of `tally report`, with its defaults.
struct report_options : join_read {
    std::string format = "html"; ///< html, text or json
    std::string sector;          ///< one sector or sub-sector; empty: the whole response
    std::string title;
    std::string output;  ///< a file to write the report to (replaced whole, io::write_file); empty:
                         ///< returned only
    bool strict = false; ///< errc::validation when rows were rejected
};

/// What report returns: the report, and what every call returns besides (no rows: the report's
/// notices are its notices, with the readers').
struct report_result : result {
    std::string text;
};

/// The end-year report of the join's inputs. Throws tally::error as the tool stops: errc::usage
/// for a bad option, the reader's error for an input that cannot be read (unless keep_going),
/// errc::io when the output file cannot be written.
inline report_result report(const join_sources& inputs, const report_options& o = {}) {
    if (o.format != "html" && o.format != "text" && o.format != "json")
        throw error(errc::usage, "format must be html, text or json, not '" + o.format + "'");
    (void)sector_of(o.sector); // an unknown sector is refused before any input is read
    const auto r = read_joined(inputs, o);
    tally::report::report_options ro;
    ro.as_of = as_of_date(o.as_of);
    ro.title = o.title;
    ro.scope = o.sector;
    ro.reach.geo = r->geo ? &*r->geo : nullptr;
    ro.flows_after_as_of = r->files.after_as_of;
    ro.not_read = r->not_read;
    const auto all = all_reports(r->files.in.reports);
    check_strict(o.strict, all);
    const auto model = tally::report::build_report(r->files.in, ro);

    report_result out;
    out.text = o.format == "html"   ? tally::report::render_html(model)
               : o.format == "json" ? tally::report::render_json(model)
                                    : tally::report::render_text(model);
    if (!o.output.empty())
        io::write_file(o.output, out.text);
    out.not_read = r->not_read;
    auto notes = r->files.choice_notes;
    notes.insert(notes.end(), model.notices.begin(), model.notices.end());
    finish_query(out, {}, with_geography_notices(all, *r), notes);
    return out;
}

} // namespace tally::facade
