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
#include <vector>

namespace tally::cli {

extern const std::string_view values_usage;
const std::string_view values_usage =
    "Usage: tally values FILE... [--geography GEO.csv] [--columns MAP]\n"
    "                    [--format csv|json|text] [-o FILE] [--strict]\n"
    "       tally values --known [--geography GEO.csv] [--format csv|json|text] [-o FILE]\n\n"
    "Lists the countries, platforms and sectors that 5W activity files, plan files (and needs\n"
    "tables) and flow CSVs hold, with the number of rows of each: the values that --sector,\n"
    "--by and a geography can be given. Each value is written as the files write it, with the\n"
    "name tally knows it by (the R4V sector catalog; the geography, the R4V one by default) or\n"
    "nothing when tally does not know it. A platform is that of a country the geography knows.\n"
    "Rows rejected by the readers are listed on stderr and not counted.\n\n"
    "With --known and no FILE, lists what tally knows instead: the countries and platforms of\n"
    "the geography and the sectors and sub-sectors of the R4V catalog, as\n"
    "field,value,name,part_of (a country's platform, a sub-sector's sector).\n\n"
    "  --geography GEO.csv  the geography countries and platforms are named by\n"
    "  --columns MAP        how to read columns no built-in layout names (as tally check)\n"
    "  --format F           csv (default: field,value,name,rows), json ({\"values\": [...]})\n"
    "                       or text (one block per field)\n" TALLY_CLI_OUTPUT_HELP
    "  --strict             exit 1 when rows were rejected.\n"
    "  --known              list the geography and the sector catalog; no FILE\n\n"
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

/// One value tally knows: a country, platform or sector, with what it is part of.
struct known_value {
    int field;
    std::string value, name, part_of;
};

std::vector<known_value> known_values(const geography& geo, const sector_catalog& sectors) {
    std::vector<known_value> v;
    for (code_id c = 0; c < geo.country_count(); ++c) {
        const auto& info = geo.country(c);
        v.push_back({0, info.code, info.name,
                     info.platform == no_code ? "" : geo.platform(info.platform).code});
    }
    for (code_id p = 0; p < geo.platform_count(); ++p)
        v.push_back({1, geo.platform(p).code, geo.platform(p).name, ""});
    for (code_id s = 0; s < sectors.size(); ++s) {
        const auto& info = sectors.info(s);
        v.push_back({2, info.code, info.name,
                     info.parent == no_code ? "" : sectors.info(info.parent).code});
    }
    return v;
}

/// tally values --known: the geography's countries and platforms and the sector catalog.
void write_known(const std::vector<known_value>& known, const std::string& fmt, std::ostream& os) {
    if (fmt == "csv") {
        os << "field,value,name,part_of\n";
        for (const auto& k : known)
            os << field_names[k.field] << "," << csv_field(k.value) << "," << csv_field(k.name)
               << "," << csv_field(k.part_of) << "\n";
    } else if (fmt == "json") {
        nlohmann::ordered_json j;
        auto& arr = j["known"] = nlohmann::ordered_json::array();
        for (const auto& k : known)
            arr.push_back({{"field", field_names[k.field]},
                           {"value", k.value},
                           {"name", k.name},
                           {"part_of", k.part_of.empty() ? nlohmann::ordered_json()
                                                         : nlohmann::ordered_json(k.part_of)}});
        os << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    } else {
        int last = -1;
        for (const auto& k : known) {
            if (k.field != last)
                os << (last < 0 ? "" : "\n") << field_names[k.field] << ":\n";
            last = k.field;
            os << "  " << k.value << " (" << k.name << ")";
            if (!k.part_of.empty())
                os << ", part of " << k.part_of;
            os << "\n";
        }
    }
}

} // namespace

int run_values(args_t args, std::ostream& out, std::ostream& err) {
    options opt(args, {"geography", "columns", "format", "output"}, {"strict", "known"}, {}, err);
    const bool known = opt.flag("known");
    if (known && !opt.positional().empty())
        throw error(errc::usage, "--known lists what tally knows and takes no FILE");
    if (!known && opt.positional().empty())
        throw error(errc::usage, "no input FILE (--known lists the geography and the sectors)");
    const auto fmt = opt.choice("format", {"csv", "json", "text"}, "csv");
    std::optional<geography> given;
    if (auto g = opt.value("geography"))
        given = read_geography_input(*g, err);
    const geography& geo = given ? *given : geography::r4v();
    const sector_catalog sectors = sector_catalog::r4v();
    if (known) {
        output_target target(opt, out);
        write_known(known_values(geo, sectors), fmt, target.stream());
        target.commit();
        return exit_ok;
    }
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
