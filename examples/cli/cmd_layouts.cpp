// tally layouts — prints the file layouts tally knows, each as the column map a user would write.

#include "cli.hpp"
#include "output.hpp"
#include <tally/io/column_map.hpp>
#include <tally/io/layouts.hpp>

namespace tally::cli {

extern const std::string_view layouts_usage;
const std::string_view layouts_usage =
    "Usage: tally layouts [NAME] [-o FILE]\n\n"
    "Prints the layouts tally recognises by their headers, reader by reader: activities (R4V's\n"
    "5W exports of 2022-2024, the 2025 template, ActivityInfo's names, tally's own names), plans\n"
    "(R4V's planning workbook, tally's names), needs tables (HPC, HNO with HXL, HDX HAPI), flows\n"
    "(flow CSV, HXL flows), HDX FTS flow exports and requirements (requirements CSV, HDX FTS\n"
    "requirements and funding, HDX HAPI funding, HXL), each as a column map: one\n"
    "`Header = role` line per name, the first of several names for one role being the one read\n"
    "when a file has more than one. A name that begins with '#' is an HXL tag pattern, matched\n"
    "against a file's hashtag row (`-ATTR`: without that attribute). With NAME (or a part of\n"
    "it), only the layouts whose name or reader contains it. A copy, edited, is a map for\n"
    "--columns.\n" TALLY_CLI_OUTPUT_HELP;

int run_layouts(args_t args, std::ostream& out, std::ostream& err) {
    options opt(args, {"output"}, {}, {}, err);
    output_target target(opt, out);
    std::ostream& os = target.stream();
    if (opt.positional().size() > 1)
        throw error(errc::usage, "at most one NAME");
    const std::string want = opt.positional().empty() ? "" : opt.positional().front();
    bool any = false;
    for (const auto* set : io::all_layouts())
        for (const auto& l : *set) {
            if (!want.empty() && l.name.find(want) == std::string::npos &&
                l.reader.find(want) == std::string::npos)
                continue;
            os << (any ? "\n" : "") << "# layout: " << l.name << " (" << l.reader << ")\n";
            if (l.by_tags)
                os << "# HXL tag patterns, matched against the file's hashtag row" +
                          std::string(l.reader == "needs"
                                          ? ""
                                          : ", for the roles the names of the file do not give") +
                          "\n";
            for (const auto& e : l.entries) {
                // Long lists of spellings (one per plan year) are shortened; the columns a
                // layout knows and does not read are all shown.
                const std::size_t shown =
                    e.names.size() > 4 && e.role != "ignore" ? 2 : e.names.size();
                for (std::size_t i = 0; i < shown; ++i)
                    os << e.names[i] << " = " << e.role << "\n";
                if (shown < e.names.size())
                    os << "# ... and " << e.names.size() - shown << " more spellings of " << e.role
                       << ", the last '" << e.names.back() << "'\n";
            }
            if (l.name == "HNO with HXL")
                os << "# a figure without its total column: the sum of its parts when they "
                      "cover everyone (+f and +m, or +f/+m by +children/+adults)\n";
            if (l.groups_by_name)
                os << "# and a column per population group, named by its code or a spelling of "
                      "it: new_beneficiaries@GROUP\n";
            any = true;
        }
    if (!any)
        throw error(errc::usage, "no layout's name contains '" + want + "'");
    target.commit();
    return exit_ok;
}

} // namespace tally::cli
