// tally values — the countries, platforms and sectors the files hold: what --sector, --by and
// a geography can be given.

#include "cli.hpp"
#include "column_input.hpp"
#include "figure_output.hpp"
#include "geography_input.hpp"
#include "inputs.hpp"
#include "output.hpp"
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <tally/core/geography.hpp>
#include <tally/core/sector.hpp>
#include <tally/io/activity_reader.hpp>
#include <tally/io/flow_csv.hpp>
#include <tally/io/plan_reader.hpp>
#include <tuple>

namespace tally::cli {

extern const std::string_view values_usage;
const std::string_view values_usage =
    "Usage: tally values FILE... [--geography GEO.csv] [--columns MAP]\n"
    "                    [--format csv|json|text] [-o FILE] [--strict]\n\n"
    "Lists the countries, platforms and sectors that 5W activity files, plan files (and needs\n"
    "tables) and flow CSVs hold, with the number of rows of each: the values that --sector,\n"
    "--by and a geography can be given. Each value is written as the files write it, with the\n"
    "name tally knows it by (the R4V sector catalog; the geography, the R4V one by default) or\n"
    "nothing when tally does not know it. A platform is that of a country the geography knows.\n"
    "Rows rejected by the readers are listed on stderr and not counted.\n\n"
    "  --geography GEO.csv  the geography countries and platforms are named by\n"
    "  --columns MAP        how to read columns no built-in layout names (as tally check)\n"
    "  --format F           csv (default: field,value,name,rows), json ({\"values\": [...]})\n"
    "                       or text (one block per field)\n" TALLY_CLI_OUTPUT_HELP
    "  --strict             exit 1 when rows were rejected.\n\n"
    "Exit 0; 1 with --strict when rows were rejected; 2 when a file cannot be read (nothing is\n"
    "written).\n";

namespace {

/// Rows per value of a field, keyed by (field order, value).
using value_counts = std::map<std::tuple<int, std::string>, std::size_t>;
constexpr const char* field_names[] = {"country", "platform", "sector"};

void count_country(value_counts& v, const std::string& country, const geography& geo) {
    if (country.empty())
        return;
    ++v[{0, country}];
    if (const auto id = geo.resolve_country(country))
        ++v[{1, geo.platform(geo.country(*id).platform).code}];
}

std::string name_of(int field, const std::string& value, const geography& geo,
                    const sector_catalog& sectors) {
    if (field == 0) {
        const auto id = geo.resolve_country(value);
        return id ? geo.country(*id).name : std::string();
    }
    if (field == 1) {
        for (code_id p = 0; p < geo.platform_count(); ++p)
            if (geo.platform(p).code == value)
                return geo.platform(p).name;
        return {};
    }
    const auto id = sectors.find(value);
    return id ? sectors.info(*id).name : std::string();
}

} // namespace

int run_values(args_t args, std::ostream& out, std::ostream& err) {
    options opt(args, {"geography", "columns", "format", "output"}, {"strict"}, {}, err);
    if (opt.positional().empty())
        throw error(errc::usage, "no input FILE");
    const auto fmt = opt.choice("format", {"csv", "json", "text"}, "csv");
    std::optional<geography> given;
    if (auto g = opt.value("geography"))
        given = read_geography_input(*g, err);
    const geography& geo = given ? *given : geography::r4v();
    const sector_catalog sectors = sector_catalog::r4v();
    const auto columns = column_map_input(opt);

    value_counts counts;
    io::validation_report rep;
    const auto failures = read_inputs(
        opt.positional(), {io::file_kind::activities, io::file_kind::plan, io::file_kind::flow_csv},
        "values", err, columns, [&](input_text& in, const std::string& path, io::file_kind kind) {
            if (kind == io::file_kind::flow_csv) {
                const auto t = io::parse_flow_csv(in.take(), path, rep, {columns});
                for (std::size_t i = 0; i < t.size(); ++i) {
                    count_country(counts, t.countries[t.country[i]], geo);
                    ++counts[{2, t.sectors[t.sector[i]]}];
                }
            } else if (kind == io::file_kind::plan) {
                plan_table t;
                io::plan_read_options po;
                po.geo = given ? &*given : nullptr;
                po.columns = columns;
                rep.merge(io::read_plan_text(in.take(), path, t, po));
                for (const auto& l : t.lines()) {
                    if (l.country != no_code)
                        count_country(counts, t.countries[l.country], geo);
                    ++counts[{2, l.intersector ? std::string("Intersector") : t.sectors[l.sector]}];
                }
            } else {
                activity_table t;
                io::activity_read_options ao;
                ao.geo = given ? &*given : nullptr;
                ao.columns = columns;
                rep.merge(
                    io::read_activities_span(in.view.data(), in.view.size(), path, t, ao, in.map));
                const auto country = t.country();
                const auto sector = t.sector();
                for (std::size_t i = 0; i < t.size(); ++i) {
                    count_country(counts, t.countries[country[i]], geo);
                    ++counts[{2, t.sectors[sector[i]]}];
                }
            }
        });
    if (!failures.complete()) {
        report_problems(rep, {}, err);
        return refuse_partial("values", failures, err);
    }

    output_target target(opt, out);
    std::ostream& os = target.stream();
    if (fmt == "csv") {
        os << "field,value,name,rows\n";
        for (const auto& [key, rows] : counts) {
            const auto& [field, value] = key;
            os << field_names[field] << "," << csv_field(value) << ","
               << csv_field(name_of(field, value, geo, sectors)) << "," << rows << "\n";
        }
    } else if (fmt == "json") {
        nlohmann::ordered_json j;
        auto& arr = j["values"] = nlohmann::ordered_json::array();
        for (const auto& [key, rows] : counts) {
            const std::string name = name_of(std::get<0>(key), std::get<1>(key), geo, sectors);
            arr.push_back(
                {{"field", field_names[std::get<0>(key)]},
                 {"value", std::get<1>(key)},
                 {"name", name.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(name)},
                 {"rows", rows}});
        }
        os << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    } else {
        int last = -1;
        for (const auto& [key, rows] : counts) {
            const int field = std::get<0>(key);
            if (field != last) {
                std::size_t n = 0;
                for (const auto& c : counts)
                    n += std::get<0>(c.first) == field ? 1 : 0;
                os << (last < 0 ? "" : "\n") << field_names[field] << " (" << n << "):\n";
                last = field;
            }
            const std::string name = name_of(field, std::get<1>(key), geo, sectors);
            os << "  " << std::get<1>(key);
            if (!name.empty() && name != std::get<1>(key))
                os << " (" << name << ")";
            os << ": " << rows << (rows == 1 ? " row" : " rows") << "\n";
        }
    }
    target.commit();
    report_problems(rep, {}, err);
    return opt.flag("strict") && !rep.rejected.empty() ? exit_data : exit_ok;
}

} // namespace tally::cli
