#pragma once
// The inputs of the facade calls that join (misalign, report): activities, plan, funding and
// requirements, each a list of files or in-memory tables, read by metrics::read_join_files as
// `tally misalign` and `tally report` read them, with the tool's options (geography, as-of date,
// year and plan codes, the column map of each input). No rule is applied here.
//
// Cost: that of the readers; an in-memory table is first written as CSV text (one copy).

#include <tally/version.hpp>

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <tally/core/error.hpp>
#include <tally/core/geography.hpp>
#include <tally/core/period.hpp>
#include <tally/facade/inputs.hpp>
#include <tally/io/requirements_csv.hpp>
#include <tally/metrics/join_files.hpp>
#include <vector>

namespace tally::facade {

/// The four inputs of a join; an empty list is an input not given.
struct join_sources {
    std::vector<input> activities, plan, funding, requirements;
};

/// The options of the tool's input options for a join, with its defaults (an empty string is
/// the option not given).
struct join_read {
    std::string geography; ///< a geography CSV; empty: the R4V preset
    std::string as_of;     ///< funding as of this date (YYYY-MM-DD)
    std::string year;      ///< requirements of this year, flows of this usage year
    std::string plan_code; ///< requirements and flows of these plans (a comma list)
    std::string activities_columns, plan_columns, funding_columns, requirements_columns;
    bool keep_going = false; ///< inputs that cannot be read go to not_read
};

/// The files read, the geography they were read with, and the inputs not read.
struct joined_files {
    std::optional<geography> geo;
    metrics::join_files files;
    std::vector<std::string> not_read;
    std::vector<io::notice> notices; ///< those of the geography file
};

/// The date of an as-of option: std::nullopt when empty; errc::usage when it is not a date.
inline std::optional<date> as_of_date(const std::string& s) {
    if (s.empty())
        return std::nullopt;
    auto d = date::try_parse(s);
    if (!d)
        throw error(errc::usage, "as_of must be a date YYYY-MM-DD, not '" + s + "'");
    return d;
}

/// Reads the four inputs. Throws tally::error as the tool stops: errc::usage for a bad option
/// or no input, the reader's error for an input that cannot be read (unless keep_going).
inline std::unique_ptr<joined_files> read_joined(const join_sources& s, const join_read& o) {
    if (s.activities.empty() && s.plan.empty() && s.funding.empty() && s.requirements.empty())
        throw error(errc::usage, "no input: give activities, plan, funding or requirements");
    auto r = std::make_unique<joined_files>();
    if (!o.geography.empty())
        r->geo = geography_of(o.geography, r->notices);
    metrics::join_read_options jo;
    jo.geo = r->geo ? &*r->geo : nullptr;
    jo.as_of = as_of_date(o.as_of);
    jo.choice = io::requirements_choice_of(o.year, o.plan_code, "year");
    jo.columns.activities = column_map_of(o.activities_columns, "activities_columns");
    jo.columns.plan = column_map_of(o.plan_columns, "plan_columns");
    jo.columns.funding = column_map_of(o.funding_columns, "funding_columns");
    jo.columns.requirements = column_map_of(o.requirements_columns, "requirements_columns");
    auto list = [&](std::string_view name) -> const std::vector<input>& {
        return name == "activities" ? s.activities
               : name == "plan"     ? s.plan
               : name == "funding"  ? s.funding
                                    : s.requirements;
    };
    metrics::read_join_files(r->files, jo,
                             [&](const char* name, std::initializer_list<io::file_kind> kinds,
                                 const io::column_map& columns, auto body) {
                                 const auto& inputs = list(name);
                                 read_inputs(inputs, kinds, columns, o.keep_going, r->not_read,
                                             body);
                                 return !inputs.empty();
                             });
    return r;
}

/// The validation reports of the four inputs as one.
inline io::validation_report all_reports(const metrics::input_reports& reports) {
    io::validation_report all;
    for (const auto* r :
         {&reports.activities, &reports.plan, &reports.funding, &reports.requirements})
        all.merge(*r);
    return all;
}

/// `all` with the notices of the geography file (joined_files::notices) after its own: what a
/// result built on the join reports.
inline io::validation_report with_geography_notices(io::validation_report all,
                                                    const joined_files& r) {
    all.notices.insert(all.notices.end(), r.notices.begin(), r.notices.end());
    return all;
}

} // namespace tally::facade
