// tally check — validates 5W activity files and plan files without computing anything.

#include "cli.hpp"
#include <algorithm>
#include <optional>
#include <tally/core/geography.hpp>
#include <tally/io/activity_reader.hpp>
#include <tally/io/geography_csv.hpp>
#include <tally/io/input_files.hpp>
#include <tally/io/plan_reader.hpp>

namespace tally::cli {

extern const std::string_view check_usage;
const std::string_view check_usage =
    "Usage: tally check [--geography GEOGRAPHY.csv] FILE...\n\n"
    "Reads each activity (5W) or plan file as `tally reach` and `tally plan` would, and prints\n"
    "one line per problem, `FILE:LINE: reason` for a rejected row and `FILE:LINE: notice: ...`\n"
    "for a problem that does not reject the row, then the counts of rows read, used and\n"
    "rejected per file and in total. A file whose header has a `pin` or `target` column and\n"
    "no column only activity files have (month, indicator, partner, ...) is a plan file; any\n"
    "other is read as an activity file, as `tally reach` and `tally plan` decide. The same\n"
    "content given twice is checked once.\n\n"
    "  --geography FILE  also report country and admin1 codes not in this geography\n"
    "                    (columns level,code,name,parent)\n\n"
    "Exit status: 0 no row rejected; 1 some rows rejected; 2 a file cannot be read or is\n"
    "not an activity or plan file (the other files are still checked).\n";

namespace {

struct problem {
    std::size_t line;
    std::string text;
};

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

int run_check(args_t args, std::ostream& out, std::ostream& err) {
    options opt(args, {"geography"}, {});
    if (opt.positional().empty())
        throw error(errc::usage, "no file to check");
    std::optional<geography> geo;
    if (auto g = opt.value("geography"))
        geo = io::read_geography_csv(*g);

    int status = exit_ok;
    io::validation_report total;
    std::size_t files = 0;
    io::input_registry inputs;
    for (const auto& path : opt.positional()) {
        io::validation_report rep;
        bool plan = false;
        try {
            std::string text = io::read_file(path);
            if (auto earlier = inputs.repeat_of(path, text)) {
                out << path << ": same content as " << *earlier << ": not checked again\n";
                continue;
            }
            const auto kind = io::detect_file_kind(text, path);
            if (kind != io::file_kind::activities && kind != io::file_kind::plan)
                throw error(errc::parse, source_position{path, 1, 0},
                            "a " + std::string(io::name_of(kind)) +
                                " file; tally check reads activity and plan files");
            plan = kind == io::file_kind::plan;
            if (plan) {
                plan_table t;
                rep = io::read_plan_text(std::move(text), path, t, {geo ? &*geo : nullptr});
            } else {
                activity_table t;
                rep = io::read_activities_text(std::move(text), path, t, {geo ? &*geo : nullptr});
            }
        } catch (const error& e) {
            err << "tally check: " << e.what() << "\n";
            status = exit_usage;
            continue;
        }
        ++files;
        std::vector<problem> problems;
        for (const auto& r : rep.rejected)
            problems.push_back({r.where.line, r.where.to_string() + ": " + r.reason});
        for (const auto& n : rep.notices)
            problems.push_back({n.where.line, n.where.to_string() + ": notice: " + n.message});
        std::stable_sort(problems.begin(), problems.end(),
                         [](const problem& a, const problem& b) { return a.line < b.line; });
        for (const auto& p : problems)
            out << p.text << "\n";
        out << path << ": " << (plan ? "plan" : "activities") << ": "
            << plural(rep.rows_read, "row", "rows") << " read, " << rep.rows_used << " used, "
            << rep.rejected.size() << " rejected; "
            << plural(rep.notices.size(), "notice", "notices") << "\n";
        if (!rep.rejected.empty() && status == exit_ok)
            status = exit_data;
        total.merge(rep);
    }
    out << "total: " << plural(files, "file", "files") << ", "
        << plural(total.rows_read, "row", "rows") << " read, " << total.rows_used << " used, "
        << total.rejected.size() << " rejected; "
        << plural(total.notices.size(), "notice", "notices") << "\n";
    return status;
}

} // namespace tally::cli
