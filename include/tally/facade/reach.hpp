#pragma once
// People reached for bindings: `tally reach` as a function. The inputs (files or in-memory
// tables) are read by io::read_activities_span and reduced by dedup::reach_pipeline with the
// options of the tool, given as the tool spells them; the rows come back as columns: the keys,
// reached, reached_upper, appealing_partners, implementing_partners, scope, note (the footnote)
// and, when in_transit is "separate" across countries, in_transit. A sector option filters the
// lines as `--sector` does (select_sector, the one filter). No rule is applied here.
//
// Cost: that of the reader and the pipeline; an in-memory table is first written as CSV text
// (one copy of the data).

#include <tally/version.hpp>

#include <optional>
#include <string>
#include <tally/core/geography.hpp>
#include <tally/dedup/reach.hpp>
#include <tally/facade/inputs.hpp>
#include <tally/facade/query.hpp>
#include <tally/io/activity_reader.hpp>
#include <vector>

namespace tally::facade {

/// The options of `tally reach`, with its defaults (an empty string is the option not given).
struct reach_options {
    std::string by = "country,sector";
    std::string within_sector = "sum";
    std::string intersector = "max-group";
    std::string country_model; ///< ISO3=MODEL,...
    std::string in_transit = "exclude";
    std::string sector;    ///< one sector or sub-sector (its lines only, `sector` added to by)
    std::string geography; ///< a geography CSV; empty: the R4V preset
    std::string columns;   ///< a column map: Header=role,... or a map file
    std::string indicator_types; ///< a CSV indicator,type[,sector][,year]
    bool strict = false;         ///< errc::validation when rows were rejected
    bool keep_going = false;     ///< inputs that cannot be read go to not_read
};

/// People reached from 5W activity inputs. Throws tally::error as the tool stops: errc::usage
/// for a bad option, the reader's error for an input that cannot be read (unless keep_going).
inline result reach(const std::vector<input>& inputs, const reach_options& o = {}) {
    if (inputs.empty())
        throw error(errc::usage, "no input");
    dedup::reach_options ro;
    dedup::reach_query q;
    try {
        q.by = dedup::parse_reach_keys(o.by);
        ro.within_sector = dedup::parse_within_sector_rule(o.within_sector);
        ro.intersector = dedup::parse_intersector_model(o.intersector);
        q.in_transit = dedup::parse_in_transit_rule(o.in_transit);
        ro.model_by_country = dedup::parse_country_models(o.country_model, "country_model");
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
    ro.geo = geo ? &*geo : nullptr;

    activity_table t;
    io::activity_read_options rd;
    rd.geo = ro.geo;
    rd.columns = column_map_of(o.columns, "columns");
    const auto types = indicator_types_of(o.indicator_types);
    rd.types = types ? &*types : nullptr;
    result out;
    read_inputs(inputs, {io::file_kind::activities}, rd.columns, o.keep_going, out.not_read,
                [&](input_text& in, const std::string& source, io::file_kind) {
                    rep.merge(io::read_activities_span(in.view.data(), in.view.size(), source, t,
                                                       rd, in.map));
                });
    check_strict(o.strict, rep);
    if (!scope.whole())
        t = select_sector(t, scope);
    const dedup::reach_pipeline p(t, ro);
    auto r = p.query(q);
    for (auto& row : r.rows)
        dedup::note_sector(row.reached, scope);

    const std::size_t n = add_key_columns(out.rows, r);
    for (auto h : {"reached", "reached_upper", "appealing_partners", "implementing_partners"})
        out.rows.add(h, column_type::integer);
    out.rows.add("scope", column_type::text);
    out.rows.add("note", column_type::text);
    auto& c = out.rows.columns;
    for (const auto& row : r.rows) {
        add_key_values(out.rows, r, row);
        c[n].integer.push_back(row.reached.value().value());
        c[n + 1].integer.push_back(row.reached.upper().value());
        c[n + 2].integer.push_back(row.appealing.value());
        c[n + 3].integer.push_back(row.implementing.value());
        c[n + 4].text.emplace_back(row.intersector ? "intersector" : "sector");
        c[n + 5].text.push_back(row.reached.footnote());
    }
    finish_query(out, c[n + 5].text, rep, r.notices);
    return out;
}

} // namespace tally::facade
