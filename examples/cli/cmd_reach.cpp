// tally reach — people reached from 5W activity files, de-duplicated by the R4V rules.

#include "cli.hpp"
#include "column_input.hpp"
#include "figure_output.hpp"
#include "geography_input.hpp"
#include "in_transit_rows.hpp"
#include "inputs.hpp"
#include "output.hpp"
#include "query_rows.hpp"
#include "sector_input.hpp"
#include <tally/core/geography.hpp>
#include <tally/dedup/reach.hpp>
#include <tally/io/activity_reader.hpp>
#include <tally/io/geography_csv.hpp>

namespace tally::cli {

extern const std::string_view reach_usage;
const std::string_view reach_usage =
    "Usage: tally reach FILE... [--by KEYS] [--within-sector sum|max-indicator]\n"
    "                   [--intersector sum|max-group|max-cell|max-sector|southern-cone]\n"
    "                   [--country-model ISO3=MODEL,...] [--in-transit exclude|include|separate]\n"
    "                   [--geography GEO.csv] [--format csv|json] [-o FILE] [--strict]\n"
    "                   [--in-transit-sketches DIR --key-file KEY] [--columns MAP]\n"
    "                   [--indicator-types F] [--sector NAME] [--keep-going]\n\n"
    "People reached from 5W activity files (CSV), de-duplicated level by level:\n"
    "  partners and activities within an indicator: sum\n"
    "  indicators within a sector: --within-sector sum (default) or max-indicator\n"
    "    (max over indicators per admin1, month and population group)\n"
    "  sectors -> intersector per admin1 and month (when KEYS has no sector): --intersector\n"
    "    max-group (default: max per population group, then add the groups), max-cell (max per\n"
    "    group x age/gender cell), max-sector (whole sector with the highest total), sum,\n"
    "    southern-cone; --country-model sets it per country, e.g. ARG=southern-cone\n"
    "  admin1 -> country: sum, country-level rows once; months: sum of new beneficiaries\n"
    "  countries -> platform/region: sum; --in-transit exclude (default) leaves people in\n"
    "    transit out, include counts them, separate reports them on their own rows\n"
    "  --in-transit-sketches DIR (with --by region and/or platform): adds rows of the distinct\n"
    "    people in transit, estimated from one keyed sketch per country (DIR/*.sketch, made by\n"
    "    tally sketch build), with scope in_transit_sketch and a 95% interval in the note;\n"
    "    --key-file KEY (the shared key or its authentication key) checks that a holder of the\n"
    "    key made them; not with --sector (a sketch holds people of every sector)\n"
    "Only direct-assistance indicators count. Partners are distinct counts by role.\n"
    "  --sector NAME: only the lines of this sector or sub-sector (a sector's include its\n"
    "    sub-sectors; R4V codes, names or Spanish names; `tally values` lists a file's\n"
    "    sectors): sector rows only, `sector` added to KEYS when missing, each note saying\n"
    "    the figure is one sector's (never added into an intersector figure).\n\n"
    "KEYS: comma list of region, platform, country, admin1, month, sector, population_group\n"
    "(default country,sector). Output columns: the keys, reached, reached_upper,\n"
    "appealing_partners, implementing_partners, scope, note (the figure's footnote).\n"
    "Rejected rows are listed on stderr; exit 0, or 1 with --strict when rows were rejected.\n"
    "When a FILE cannot be read nothing is written and the exit status is "
    "2.\n" TALLY_CLI_OUTPUT_HELP TALLY_CLI_KEEP_GOING_HELP "\n"
    "Files are read by their header: R4V's 5W exports (2022-2024), the 2025 template,\n"
    "ActivityInfo names, tally's own names or HXL hashtags; indicators without a type in the\n"
    "file are typed from tally's list of R4V indicators, else by their wording (a notice names\n"
    "each).\n";

int run_reach(args_t args, std::ostream& out, std::ostream& err) {
    options opt(args,
                {"by", "within-sector", "intersector", "country-model", "in-transit", "format",
                 "geography", "in-transit-sketches", "key-file", "columns", "indicator-types",
                 "output", "sector"},
                {"strict", "keep-going"});
    if (opt.positional().empty())
        throw error(errc::usage, "no input FILE");
    const auto fmt = opt.choice("format", {"csv", "json"}, "csv");
    const auto scope = sector_input(opt);
    dedup::reach_options ro;
    dedup::reach_query q;
    try {
        q.by = dedup::parse_reach_keys(opt.value_or("by", "country,sector"));
        ro.within_sector = dedup::parse_within_sector_rule(opt.value_or("within-sector", "sum"));
        ro.intersector = dedup::parse_intersector_model(opt.value_or("intersector", "max-group"));
        q.in_transit = dedup::parse_in_transit_rule(opt.value_or("in-transit", "exclude"));
        ro.model_by_country =
            dedup::parse_country_models(opt.value_or("country-model", ""), "--country-model");
    } catch (const error& e) {
        throw error(errc::usage, e.detail());
    }
    if (q.by.empty())
        throw error(errc::usage, "--by needs at least one key");
    if (!scope.whole() && opt.value("in-transit-sketches"))
        throw error(errc::usage, "--in-transit-sketches counts people in transit across every "
                                 "sector and does not go with --sector");
    add_sector_key(q.by, scope);
    std::optional<geography> geo;
    if (auto g = opt.value("geography"))
        geo = read_geography_input(*g, err);
    ro.geo = geo ? &*geo : nullptr;

    activity_table table;
    io::validation_report rep;
    io::activity_read_options rd;
    rd.geo = ro.geo;
    rd.progress = true; // shown only for large files, and only when stderr is a terminal
    rd.columns = column_map_input(opt);
    const auto types = indicator_types_input(opt);
    rd.types = types ? &*types : nullptr;
    const auto failures =
        read_inputs(opt.positional(), {io::file_kind::activities}, "reach", err, rd.columns,
                    [&](input_text& in, const std::string& path, io::file_kind) {
                        rep.merge(io::read_activities_span(in.view.data(), in.view.size(), path,
                                                           table, rd, in.map));
                    });
    if (refuses(opt, failures)) {
        report_problems(rep, {}, err);
        return refuse_partial("reach", failures, err);
    }

    std::vector<sketch::in_transit_figure> transit;
    if (auto dir = opt.value("in-transit-sketches")) {
        try {
            transit = in_transit_sketch_figures(*dir, opt.value("key-file"),
                                                geo ? *geo : geography::r4v(), q.by, q.in_transit);
        } catch (const error& e) {
            if (e.code() == errc::usage)
                throw;
            throw naming_input(e, *dir, "--in-transit-sketches");
        }
    } else if (opt.value("key-file"))
        throw error(errc::usage, "--key-file goes with --in-transit-sketches");

    if (!scope.whole())
        table = select_sector(table, scope);
    auto r = [&] {
        try {
            const dedup::reach_pipeline p(table, ro);
            return p.query(q);
        } catch (const error& e) { // a sum beyond 64 bits: over every file read
            throw naming_inputs(e, opt.positional());
        }
    }();
    for (auto& row : r.rows)
        note_sector(row.reached, scope);
    auto header = dedup::key_columns(r);
    for (auto h : {"reached", "reached_upper", "appealing_partners", "implementing_partners",
                   "scope", "note"})
        header.emplace_back(h);
    output_target target(opt, out);
    record_writer w(target.stream(), fmt == "json", header, failures.not_read);
    for (const auto& row : r.rows) {
        auto fs = key_fields(r, row);
        fs.push_back(number_field("reached", row.reached.value().value()));
        fs.push_back(number_field("reached_upper", row.reached.upper().value()));
        fs.push_back(number_field("appealing_partners", row.appealing.value()));
        fs.push_back(number_field("implementing_partners", row.implementing.value()));
        fs.push_back(text_field("scope", row.intersector ? "intersector" : "sector"));
        fs.push_back(text_field("note", row.reached.footnote()));
        w.write(fs, {{"provenance", "", json_provenance(row.reached.how())}});
    }
    write_in_transit_rows(transit, q.by, dedup::in_parts(r), w);
    w.finish();
    target.commit();
    report_problems(rep, r.notices, err);
    return exit_status(opt, failures, !rep.rejected.empty());
}

} // namespace tally::cli
