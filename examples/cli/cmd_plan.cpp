// tally plan — people in need and targets from plan files, with the mosaic intersector rule.

#include "cli.hpp"
#include "column_input.hpp"
#include "figure_output.hpp"
#include "geography_input.hpp"
#include "inputs.hpp"
#include "output.hpp"
#include "query_rows.hpp"
#include "sector_input.hpp"
#include <tally/core/geography.hpp>
#include <tally/dedup/plan.hpp>
#include <tally/io/geography_csv.hpp>
#include <tally/io/plan_reader.hpp>

namespace tally::cli {

extern const std::string_view plan_usage;
const std::string_view plan_usage =
    "Usage: tally plan FILE... [--by KEYS] [--in-transit exclude|include|separate]\n"
    "                  [--geography GEO.csv] [--country ISO3] [--breakdowns]\n"
    "                  [--format csv|json] [-o FILE] [--strict] [--columns MAP]\n"
    "                  [--sector NAME] [--keep-going]\n\n"
    "People in need (PiN) and targets from plan files (CSV: country, admin1, sector,\n"
    "population_group, pin, target). Sector rows add; without `sector` in KEYS the figures are\n"
    "intersector figures: per place and population group the precomputed `Intersector` row when\n"
    "the plan has one (never added to sector rows), else the highest sector PiN and the highest\n"
    "sector target (mosaic). Admin1 areas and countries add; platform and region rows leave\n"
    "people in transit out unless --in-transit says otherwise. Targets above PiN are reported.\n"
    "A needs table (an HNO with HXL, the HPC needs table by its header names, the HDX HAPI\n"
    "humanitarian-needs table) gives its national total rows, or its admin1 total rows when\n"
    "KEYS has admin1 (admin2 rows added up by the admin1 area of their P-codes, or the country's\n"
    "national figures at country level, said); the total category is the figure, the others\n"
    "are checked against it; --country names its country when it has no country column (else\n"
    "the P-codes do); --geography gives the admin1 areas admin2 P-codes roll up to.\n"
    "  --breakdowns   the breakdowns by category or population group of a needs table as\n"
    "                 population groups too (KEYS must have population_group).\n"
    "  --sector NAME  only the sector rows of this sector or sub-sector (a sector's include\n"
    "                 its sub-sectors; Intersector rows are all-sector figures and are left\n"
    "                 out): sector rows only, `sector` added to KEYS when missing, each note\n"
    "                 saying the figure is one sector's.\n\n"
    "KEYS: comma list of region, platform, country, admin1, sector, population_group (default\n"
    "country,sector). Output columns: the keys, pin, target, pin_upper, target_upper, scope,\n"
    "note. Exit 0, or 1 with --strict when rows were rejected. When a FILE cannot be read nothing\n"
    "is written and the exit status is 2.\n" TALLY_CLI_OUTPUT_HELP TALLY_CLI_KEEP_GOING_HELP "\n"
    "R4V's planning workbook is read whole: `tally plan BOOK.xlsx` reads its PiN sheet and its\n"
    "Target sheet (each population-group block a group, with its age/gender cells) and joins\n"
    "them on country, admin1, sector and group; its sheets of proportions are not figures and\n"
    "are not read. Its `Country level` rows are the countries' figures: above admin1 they stand\n"
    "for the admin1 rows. --columns MAP says how to read a layout tally does not know: every\n"
    "FILE is read with it, plan files and needs tables alike (`tally layouts` prints the\n"
    "layouts tally knows as maps to start from).\n";

int run_plan(args_t args, std::ostream& out, std::ostream& err) {
    options opt(
        args, {"by", "in-transit", "format", "geography", "country", "columns", "output", "sector"},
        {"strict", "breakdowns", "keep-going"});
    if (opt.positional().empty())
        throw error(errc::usage, "no input FILE");
    const auto fmt = opt.choice("format", {"csv", "json"}, "csv");
    const auto scope = sector_input(opt);
    dedup::plan_query q;
    try {
        q.by = dedup::parse_plan_keys(opt.value_or("by", "country,sector"));
        q.in_transit = dedup::parse_in_transit_rule(opt.value_or("in-transit", "exclude"));
    } catch (const error& e) {
        throw error(errc::usage, e.detail());
    }
    if (q.by.empty())
        throw error(errc::usage, "--by needs at least one key");
    add_sector_key(q.by, scope);
    std::optional<geography> geo;
    if (auto g = opt.value("geography"))
        geo = read_geography_input(*g, err);
    q.geo = geo ? &*geo : nullptr;
    q.check_lines = false; // the plan reader reports each line whose target is above its PiN

    plan_table table;
    io::validation_report rep;
    io::plan_read_options rd;
    rd.geo = q.geo;
    rd.country = opt.value_or("country", "");
    rd.columns = column_map_input(opt);
    if (std::find(q.by.begin(), q.by.end(), dedup::reach_key::admin1) != q.by.end())
        rd.level = io::hno_level::admin1;
    rd.breakdowns_as_groups = opt.flag("breakdowns");
    if (rd.breakdowns_as_groups &&
        std::find(q.by.begin(), q.by.end(), dedup::reach_key::population_group) == q.by.end())
        throw error(errc::usage, "--breakdowns needs population_group in --by: the breakdowns "
                                 "of one place overlap, so adding them would count people "
                                 "several times");
    const auto failures =
        read_inputs(opt.positional(), {io::file_kind::plan}, "plan", err, rd.columns,
                    [&](input_text& in, const std::string& path, io::file_kind) {
                        rep.merge(io::read_plan_text(in.take(), path, table, rd));
                    });
    if (refuses(opt, failures)) {
        report_problems(rep, {}, err);
        return refuse_partial("plan", failures, err);
    }

    if (!scope.whole())
        table = select_sector(table, scope);
    auto r = [&] {
        try {
            return dedup::aggregate_plan(table, q);
        } catch (const error& e) { // a sum beyond 64 bits: over every file read
            throw naming_inputs(e, opt.positional());
        }
    }();
    for (auto& row : r.rows) {
        note_sector(row.pin, scope);
        note_sector(row.target, scope);
    }
    auto header = dedup::key_columns(r);
    for (auto h : {"pin", "target", "pin_upper", "target_upper", "scope", "note"})
        header.emplace_back(h);
    output_target target(opt, out);
    record_writer w(target.stream(), fmt == "json", header, failures.not_read);
    for (const auto& row : r.rows) {
        auto fs = key_fields(r, row);
        fs.push_back(number_field("pin", row.pin.value().value()));
        fs.push_back(number_field("target", row.target.value().value()));
        fs.push_back(number_field("pin_upper", row.pin.upper().value()));
        fs.push_back(number_field("target_upper", row.target.upper().value()));
        fs.push_back(text_field("scope", row.intersector ? "intersector" : "sector"));
        fs.push_back(text_field("note", row.pin.how().footnote()));
        w.write(fs, {{"provenance", "", json_provenance(row.pin.how())}});
    }
    w.finish();
    target.commit();
    report_problems(rep, r.notices, err);
    return exit_status(opt, failures, !rep.rejected.empty());
}

} // namespace tally::cli
