// tally layouts — prints the file layouts tally knows, each as the column map a user would write.

#include "cli.hpp"
#include <tally/io/column_map.hpp>
#include <tally/io/layouts.hpp>

namespace tally::cli {

extern const std::string_view layouts_usage;
const std::string_view layouts_usage =
    "Usage: tally layouts [NAME]\n\n"
    "Prints the layouts tally recognises by their headers (R4V's 5W exports of 2022-2024, the\n"
    "2025 template, ActivityInfo's names, R4V's planning workbook, tally's own names), each as\n"
    "a column map: one `Header = role` line per name, the first of several names for one role\n"
    "being the one read when a file has more than one. With NAME (or a part of it), only the\n"
    "layouts whose name contains it. A copy, edited, is a map for --columns.\n";

int run_layouts(args_t args, std::ostream& out, std::ostream&) {
    options opt(args, {}, {});
    if (opt.positional().size() > 1)
        throw error(errc::usage, "at most one NAME");
    const std::string want = opt.positional().empty() ? "" : opt.positional().front();
    bool any = false;
    for (const auto* set : {&io::activity_layouts(), &io::plan_layouts()})
        for (const auto& l : *set) {
            if (!want.empty() && l.name.find(want) == std::string::npos)
                continue;
            out << (any ? "\n" : "") << "# layout: " << l.name << " (" << l.reader << ")\n";
            for (const auto& e : l.entries) {
                // Long lists of spellings (one per plan year) are shortened.
                const std::size_t shown = e.names.size() > 4 ? 2 : e.names.size();
                for (std::size_t i = 0; i < shown; ++i)
                    out << e.names[i] << " = " << e.role << "\n";
                if (shown < e.names.size())
                    out << "# ... and " << e.names.size() - shown << " more spellings of " << e.role
                        << ", the last '" << e.names.back() << "'\n";
            }
            if (l.groups_by_name)
                out << "# and a column per population group, named by its code or a spelling of "
                       "it: new_beneficiaries@GROUP\n";
            any = true;
        }
    if (!any)
        throw error(errc::usage, "no layout's name contains '" + want + "'");
    return exit_ok;
}

} // namespace tally::cli
