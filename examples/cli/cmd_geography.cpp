// tally geography — prints region, platforms, countries and admin1 areas, as CSV.

#include "cli.hpp"
#include "geography_input.hpp"
#include <tally/core/geography.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/geography_csv.hpp>

namespace tally::cli {

extern const std::string_view geography_usage;
const std::string_view geography_usage =
    "Usage: tally geography [--file GEOGRAPHY.csv]\n\n"
    "Prints the geography as CSV (level,code,name,parent,kind): the R4V preset (17 countries,\n"
    "8 platforms) or the one loaded from --file, whose columns are level,code,name,parent.\n";

int run_geography(args_t args, std::ostream& out, std::ostream& err) {
    options opt(args, {"file"}, {});
    if (!opt.positional().empty())
        throw error(errc::usage, "unexpected argument '" + opt.positional().front() + "'");
    const auto g = opt.value("file") ? read_geography_input(*opt.value("file"), err, "--file")
                                     : geography::r4v();
    auto quote = [](const std::string& s) {
        if (s.find_first_of(",\"\n") == std::string::npos)
            return s;
        std::string q = "\"";
        for (char c : s)
            q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    };
    out << "level,code,name,parent,kind\n";
    out << "region," << quote(g.region_code()) << "," << quote(g.region_name()) << ",,\n";
    for (code_id p = 0; p < g.platform_count(); ++p)
        out << "platform," << quote(g.platform(p).code) << "," << quote(g.platform(p).name) << ","
            << quote(g.region_code()) << ","
            << (g.platform(p).kind == platform_kind::national ? "national" : "sub_regional")
            << "\n";
    for (code_id c = 0; c < g.country_count(); ++c)
        out << "country," << quote(g.country(c).code) << "," << quote(g.country(c).name) << ","
            << quote(g.platform(g.country(c).platform).code) << ",\n";
    for (code_id a = 0; a < g.admin1_count(); ++a)
        out << "admin1," << quote(g.admin1(a).code) << "," << quote(g.admin1(a).name) << ","
            << quote(g.country(g.admin1(a).country).code) << ",\n";
    return exit_ok;
}

} // namespace tally::cli
