// tally geography — prints region, platforms, countries and admin1 areas, as CSV.

#include "cli.hpp"
#include "geography_input.hpp"
#include "output.hpp"
#include <tally/core/geography.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/geography_csv.hpp>

namespace tally::cli {

extern const std::string_view geography_usage;
const std::string_view geography_usage =
    "Usage: tally geography [--geography GEO.csv] [-o FILE]\n\n"
    "Prints the geography as CSV (level,code,name,parent,kind): the R4V preset (17 countries,\n"
    "8 platforms) or the one loaded from --geography, whose columns are level,code,name,parent\n"
    "(--file, the old spelling, is read as --geography for one release).\n" TALLY_CLI_OUTPUT_HELP;

int run_geography(args_t args, std::ostream& out, std::ostream& err) {
    options opt(args, {"geography", "output"}, {}, {{"file", "geography"}}, err);
    if (!opt.positional().empty())
        throw error(errc::usage, "unexpected argument '" + opt.positional().front() + "'");
    const auto g = opt.value("geography") ? read_geography_input(*opt.value("geography"), err)
                                          : geography::r4v();
    output_target target(opt, out);
    std::ostream& os = target.stream();
    auto quote = [](const std::string& s) {
        if (s.find_first_of(",\"\n") == std::string::npos)
            return s;
        std::string q = "\"";
        for (char c : s)
            q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    };
    os << "level,code,name,parent,kind\n";
    os << "region," << quote(g.region_code()) << "," << quote(g.region_name()) << ",,\n";
    for (code_id p = 0; p < g.platform_count(); ++p)
        os << "platform," << quote(g.platform(p).code) << "," << quote(g.platform(p).name) << ","
           << quote(g.region_code()) << ","
           << (g.platform(p).kind == platform_kind::national ? "national" : "sub_regional") << "\n";
    for (code_id c = 0; c < g.country_count(); ++c)
        os << "country," << quote(g.country(c).code) << "," << quote(g.country(c).name) << ","
           << quote(g.platform(g.country(c).platform).code) << ",\n";
    for (code_id a = 0; a < g.admin1_count(); ++a)
        os << "admin1," << quote(g.admin1(a).code) << "," << quote(g.admin1(a).name) << ","
           << quote(g.country(g.admin1(a).country).code) << ",\n";
    target.commit();
    return exit_ok;
}

} // namespace tally::cli
