#pragma once
// PiN and targets for bindings: `tally plan` as a function. The inputs are read by
// io::read_plan_text (plan files and OCHA's needs tables) and aggregated by dedup::aggregate_plan
// with the options of the tool; the rows come back as columns: the keys, pin, target, pin_upper,
// target_upper, scope, note (and in_transit when separate). A sector option filters the rows as
// `--sector` does (select_sector, the one filter). No rule is applied here.
//
// Cost: that of the reader and of aggregate_plan.

#include <tally/version.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <tally/core/geography.hpp>
#include <tally/dedup/plan.hpp>
#include <tally/facade/inputs.hpp>
#include <tally/facade/query.hpp>
#include <tally/io/plan_reader.hpp>
#include <vector>

namespace tally::facade {

/// The options of `tally plan`, with its defaults.
struct plan_options {
    std::string by = "country,sector";
    std::string in_transit = "exclude";
    std::string sector;      ///< one sector or sub-sector (its lines only, `sector` added to by)
    std::string geography;   ///< a geography CSV; empty: the R4V preset
    std::string country;     ///< the country (ISO3) of a needs table without a country column
    std::string columns;     ///< a column map
    bool breakdowns = false; ///< a needs table's breakdowns as population groups
    bool strict = false;
    bool keep_going = false;
};

/// PiN and targets from plan inputs. Throws tally::error as the tool stops.
inline result plan(const std::vector<input>& inputs, const plan_options& o = {}) {
    if (inputs.empty())
        throw error(errc::usage, "no input");
    dedup::plan_query q;
    try {
        q.by = dedup::parse_plan_keys(o.by);
        q.in_transit = dedup::parse_in_transit_rule(o.in_transit);
    } catch (const error& e) {
        throw error(errc::usage, e.detail());
    }
    if (q.by.empty())
        throw error(errc::usage, "by needs at least one key");
    const auto scope = sector_of(o.sector);
    dedup::add_sector_key(q.by, scope);
    io::validation_report rep;
    std::optional<geography> geo;
    if (!o.geography.empty())
        geo = geography_of(o.geography, rep.notices);
    q.geo = geo ? &*geo : nullptr;
    q.check_lines = false; // the plan reader reports each line whose target is above its PiN

    plan_table t;
    io::plan_read_options rd;
    rd.geo = q.geo;
    rd.country = o.country;
    rd.columns = column_map_of(o.columns, "columns");
    if (std::find(q.by.begin(), q.by.end(), dedup::reach_key::admin1) != q.by.end())
        rd.level = io::hno_level::admin1;
    rd.breakdowns_as_groups = o.breakdowns;
    if (o.breakdowns &&
        std::find(q.by.begin(), q.by.end(), dedup::reach_key::population_group) == q.by.end())
        throw error(errc::usage, "breakdowns needs population_group in by: the breakdowns of one "
                                 "place overlap, so adding them would count people several times");
    result out;
    read_inputs(inputs, {io::file_kind::plan}, rd.columns, o.keep_going, out.not_read,
                [&](input_text& in, const std::string& source, io::file_kind) {
                    rep.merge(io::read_plan_text(in.take(), source, t, rd));
                });
    check_strict(o.strict, rep);
    if (!scope.whole())
        t = select_sector(t, scope);
    auto r = dedup::aggregate_plan(t, q);
    for (auto& row : r.rows) {
        dedup::note_sector(row.pin, scope);
        dedup::note_sector(row.target, scope);
    }

    const std::size_t n = add_key_columns(out.rows, r);
    for (auto h : {"pin", "target", "pin_upper", "target_upper"})
        out.rows.add(h, column_type::integer);
    out.rows.add("scope", column_type::text);
    out.rows.add("note", column_type::text);
    auto& c = out.rows.columns;
    for (const auto& row : r.rows) {
        add_key_values(out.rows, r, row);
        c[n].integer.push_back(row.pin.value().value());
        c[n + 1].integer.push_back(row.target.value().value());
        c[n + 2].integer.push_back(row.pin.upper().value());
        c[n + 3].integer.push_back(row.target.upper().value());
        c[n + 4].text.emplace_back(row.intersector ? "intersector" : "sector");
        c[n + 5].text.push_back(row.pin.how().footnote());
    }
    finish_query(out, c[n + 5].text, rep, r.notices);
    return out;
}

} // namespace tally::facade
