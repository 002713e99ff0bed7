#pragma once
// The four inputs of a joined table (metrics/joined.hpp), as `tally misalign` and
// `tally report` read them: --activities, --plan, --funding and --requirements, each taking
// every argument up to the next option ("--plan a.csv b.csv") and repeatable.

#include "cli.hpp"
#include "funding_input.hpp"
#include <map>
#include <memory>
#include <string>
#include <tally/core/period.hpp>
#include <tally/funding/flow_set.hpp>
#include <tally/io/activity_reader.hpp>
#include <tally/io/file.hpp>
#include <tally/io/flow_csv.hpp>
#include <tally/io/fts_csv.hpp>
#include <tally/io/fts_json.hpp>
#include <tally/io/plan_reader.hpp>
#include <tally/io/requirements_csv.hpp>
#include <tally/metrics/joined.hpp>
#include <vector>

namespace tally::cli {

inline constexpr const char* join_input_options[] = {"activities", "plan", "funding",
                                                     "requirements"};

struct split_args {
    std::map<std::string, std::vector<std::string>> inputs;
    std::vector<std::string_view> rest;

    /// The files given to --name (empty when not given).
    std::vector<std::string> files(const char* name) const {
        auto it = inputs.find(name);
        return it == inputs.end() ? std::vector<std::string>{} : it->second;
    }
    bool given(const char* name) const { return inputs.contains(name); }
};

/// Splits the input options from the rest, which goes to the usual option parser. Throws
/// errc::usage when an input option has no file.
inline split_args split_inputs(args_t args) {
    split_args s;
    std::string current;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        if (a.size() > 2 && a.substr(0, 2) == "--") {
            std::string name(a.substr(2));
            std::optional<std::string> value;
            if (auto eq = name.find('='); eq != std::string::npos) {
                value = name.substr(eq + 1);
                name.resize(eq);
            }
            current.clear();
            bool input = false;
            for (const char* o : join_input_options)
                input = input || name == o;
            if (!input) {
                s.rest.push_back(a);
                continue;
            }
            auto& files = s.inputs[name];
            if (value)
                files.push_back(*value);
            else
                current = name;
            continue;
        }
        if (!current.empty())
            s.inputs[current].emplace_back(a);
        else
            s.rest.push_back(a);
    }
    for (const char* name : join_input_options)
        if (s.given(name) && s.files(name).empty())
            throw error(errc::usage, std::string("--") + name + " needs at least one FILE");
    return s;
}

/// The tables read, and the join inputs pointing into them (hence not copyable or movable).
struct join_files {
    activity_table activities;
    plan_table plan;
    funding::group_sums<usd_amount> requirements{{"country", "sector"}};
    metrics::join_inputs<usd_amount> in;
    /// FTS flows left out because they are dated after the as-of date.
    std::size_t after_as_of = 0;

    join_files() = default;
    join_files(const join_files&) = delete;
    join_files& operator=(const join_files&) = delete;
};

/// Reads the files of each input option. Funding files are FTS API JSON, HDX FTS flow exports
/// or plain flow CSVs (detect_funding_input); FTS flows dated after as_of are left out. Throws
/// errc::io and errc::parse as the readers do.
inline std::unique_ptr<join_files> read_join_inputs(const split_args& s, const geography* geo,
                                                    std::optional<date> as_of) {
    auto r = std::make_unique<join_files>();
    auto& in = r->in;
    for (const auto& f : s.files("activities"))
        in.reports.activities.merge(io::read_activities(f, r->activities, {geo}));
    io::plan_read_options plan_options;
    plan_options.geo = geo;
    for (const auto& f : s.files("plan"))
        in.reports.plan.merge(io::read_plan(f, r->plan, plan_options));
    funding::flow_set<usd_amount> flows;
    for (const auto& path : s.files("funding")) {
        auto text = io::read_file(path);
        switch (detect_funding_input(path, text)) {
        case funding_input_kind::fts_json:
            io::parse_fts_json(text, path, flows, in.reports.funding);
            break;
        case funding_input_kind::fts_csv:
            io::parse_fts_csv(std::move(text), path, flows, in.reports.funding);
            break;
        case funding_input_kind::flow_csv: {
            const auto t = io::parse_flow_csv(std::move(text), path, in.reports.funding);
            auto e = metrics::money_entries<usd_amount>(t);
            in.funding.insert(in.funding.end(), e.begin(), e.end());
            break;
        }
        }
    }
    {
        auto e = metrics::money_entries(flows, as_of, &r->after_as_of);
        in.funding.insert(in.funding.end(), e.begin(), e.end());
    }
    for (const auto& f : s.files("requirements"))
        r->requirements.merge(io::read_requirements_csv(f, in.reports.requirements));
    if (s.given("activities"))
        in.activities = &r->activities;
    if (s.given("plan"))
        in.plan = &r->plan;
    if (s.given("requirements"))
        in.requirements = &r->requirements;
    return r;
}

} // namespace tally::cli
