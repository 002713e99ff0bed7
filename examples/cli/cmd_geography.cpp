// tally geography — prints region, platforms, countries and admin1 areas, as CSV, JSON or
// an indented tree.

#include "cli.hpp"
#include "figure_output.hpp"
#include "geography_input.hpp"
#include "output.hpp"
#include <array>
#include <string>
#include <tally/core/geography.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/geography_csv.hpp>
#include <vector>

namespace tally::cli {

extern const std::string_view geography_usage;
const std::string_view geography_usage =
    "Usage: tally geography [--geography GEO.csv] [--format csv|json|text] [-o FILE]\n\n"
    "Prints the geography: the R4V preset (17 countries, 8 platforms) or the one loaded from\n"
    "--geography, whose columns are level,code,name,parent (--file, the old spelling, is read as\n"
    "--geography for one release).\n"
    "  --format csv   (default) one row per place: level,code,name,parent,kind\n"
    "  --format json  the same rows as an array of objects\n"
    "  --format text  the tree: the region, its platforms, their countries and admin1 "
    "areas\n" TALLY_CLI_OUTPUT_HELP;

namespace {

// One place of the geography: level, code, name, parent, kind.
using place_row = std::array<std::string, 5>;

// The places in the order of the CSV: the region, the platforms, the countries, the admin1
// areas.
std::vector<place_row> places_of(const geography& g) {
    std::vector<place_row> rows;
    rows.push_back({"region", g.region_code(), g.region_name(), "", ""});
    for (code_id p = 0; p < g.platform_count(); ++p)
        rows.push_back(
            {"platform", g.platform(p).code, g.platform(p).name, g.region_code(),
             g.platform(p).kind == platform_kind::national ? "national" : "sub_regional"});
    for (code_id c = 0; c < g.country_count(); ++c)
        rows.push_back({"country", g.country(c).code, g.country(c).name,
                        g.platform(g.country(c).platform).code, ""});
    for (code_id a = 0; a < g.admin1_count(); ++a)
        rows.push_back({"admin1", g.admin1(a).code, g.admin1(a).name,
                        g.country(g.admin1(a).country).code, ""});
    return rows;
}

void write_csv(std::ostream& os, const std::vector<place_row>& rows) {
    auto quote = [](const std::string& s) {
        if (s.find_first_of(",\"\n") == std::string::npos)
            return s;
        std::string q = "\"";
        for (char c : s)
            q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    };
    os << "level,code,name,parent,kind\n";
    for (const auto& r : rows)
        os << r[0] << "," << quote(r[1]) << "," << quote(r[2]) << "," << quote(r[3]) << "," << r[4]
           << "\n";
}

void write_json(std::ostream& os, const std::vector<place_row>& rows) {
    record_writer w(os, true, {"level", "code", "name", "parent", "kind"});
    for (const auto& r : rows)
        w.write({text_field("level", r[0]), text_field("code", r[1]), text_field("name", r[2]),
                 text_field("parent", r[3]), text_field("kind", r[4])});
    w.finish();
}

// Each place under its parent, two spaces a level: "platform ANDEAN: Andean Platform
// (sub_regional)".
void write_text(std::ostream& os, const std::vector<place_row>& rows) {
    auto children = [&](const std::string& level, const std::string& parent, int depth,
                        auto&& self) -> void {
        static constexpr const char* below[] = {"platform", "country", "admin1", ""};
        for (const auto& r : rows) {
            if (r[0] != level || (depth > 0 && r[3] != parent))
                continue;
            os << std::string(static_cast<std::size_t>(depth) * 2, ' ') << r[0] << " " << r[1]
               << ": " << r[2] << (r[4].empty() ? "" : " (" + r[4] + ")") << "\n";
            if (depth < 3)
                self(below[depth], r[1], depth + 1, self);
        }
    };
    children("region", "", 0, children);
}

} // namespace

int run_geography(args_t args, std::ostream& out, std::ostream& err) {
    options opt(args, {"geography", "output", "format"}, {}, {{"file", "geography"}}, err);
    if (!opt.positional().empty())
        throw error(errc::usage, "unexpected argument '" + opt.positional().front() + "'");
    const auto fmt = opt.choice("format", {"csv", "json", "text"}, "csv");
    const auto g = opt.value("geography") ? read_geography_input(*opt.value("geography"), err)
                                          : geography::r4v();
    const auto rows = places_of(g);
    output_target target(opt, out);
    std::ostream& os = target.stream();
    if (fmt == "json")
        write_json(os, rows);
    else if (fmt == "text")
        write_text(os, rows);
    else
        write_csv(os, rows);
    target.commit();
    return exit_ok;
}

} // namespace tally::cli
