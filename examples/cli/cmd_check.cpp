// tally check — validates 5W activity files and plan files without computing anything.

#include "cli.hpp"
#include "column_input.hpp"
#include "figure_output.hpp"
#include "geography_input.hpp"
#include "inputs.hpp"
#include "output.hpp"
#include "workbook_input.hpp"
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <tally/core/figure.hpp>
#include <tally/core/geography.hpp>
#include <tally/facade/check.hpp>
#include <tally/funding/flow_set.hpp>
#include <tally/io/activity_reader.hpp>
#include <tally/io/flow_csv.hpp>
#include <tally/io/fts_csv.hpp>
#include <tally/io/geography_csv.hpp>
#include <tally/io/input_files.hpp>
#include <tally/io/plan_reader.hpp>
#include <tally/io/presence_reader.hpp>
#include <tally/io/requirements_csv.hpp>
#include <tally/metrics/outliers.hpp>

namespace tally::cli {

extern const std::string_view check_usage;
const std::string_view check_usage =
    "Usage: tally check FILE... [--geography GEO.csv] [--outliers] [--show-map]\n"
    "                   [--columns MAP] [--indicator-types F] [--format text|csv|json]\n"
    "                   [-o FILE] [--strict]\n\n"
    "Reads each activity (5W) or plan file as `tally reach` and `tally plan` would (and each\n"
    "flow CSV, HDX FTS flow export or requirements file as `tally funding` would), and prints\n"
    "the layout it recognised (`FILE: layout 'R4V 5W export (2022)'`) on stdout, on stderr one\n"
    "line per problem, `FILE:LINE: rejected: reason` for a rejected row (as every command does)\n"
    "and `FILE:LINE: notice: ...` for a problem that does not reject the row, then on stdout the\n"
    "counts of rows read (and of the lines they take, when quoted fields run over line ends),\n"
    "used and rejected per file and in total. A file whose header has a `pin` or `target` column\n"
    "and no column only activity files have (month, indicator, partner, ...), or that one of\n"
    "R4V's plan layouts reads, is a plan file (so are OCHA's needs tables: HNO, HPC, HDX HAPI);\n"
    "a 3W operational presence table is read as `tally presence` reads it; any other is read as\n"
    "an activity file, as `tally reach` and `tally plan` decide. Every sheet of a workbook with a\n"
    "header tally knows is checked. The same content given twice is checked once. A column whose\n"
    "name is close to one tally reads but that is not read ('traget', 'Subsector', 'amountUS')\n"
    "stops the file: map or ignore it.\n\n"
    "  --show-map        print each file's columns as a column map (`Header = role` lines), to\n"
    "                    copy and edit for --columns\n"
    "  --columns MAP     how to read columns: `Header=role,...` or a map file; every FILE\n"
    "                    is read with it (`tally layouts` prints the built-in layouts)\n"
    "  --indicator-types F  CSV indicator,type[,sector][,year], over tally's typing\n"
    "  --geography FILE  also report country and admin1 codes not in this geography\n"
    "                    (columns level,code,name,parent)\n"
    "  --outliers        also list activity lines whose new beneficiaries are far out for\n"
    "                    their indicator (`FILE:LINE: outlier: ...`): outside Tukey's fences\n"
    "                    Q1 - 3 IQR, Q3 + 3 IQR of log(1 + people) per indicator with 8 lines\n"
    "                    or more (IQR at least a factor 2). The quartiles are P-square\n"
    "                    estimates from one streaming pass: approximate. Outliers are not\n"
    "                    rejections and do not change the exit status.\n"
    "  --format F        text (default: the lines above), csv (one row per file: file, kind,\n"
    "                    layout, rows_read, lines_read, rows_used, rejected, notices,\n"
    "                    outliers) or json ({\"files\": [...], \"total\": {...}}, with each\n"
    "                    file's column map under --show-map); the problems stay on "
    "stderr.\n" TALLY_CLI_OUTPUT_HELP
    "  --strict          exit 1 on notices too, not only on rejected rows.\n\n"
    "Exit status: 0 no row rejected; 1 some rows rejected (or, with --strict, a notice);\n"
    "2 a file cannot be read or is\n"
    "none of these kinds, or its header cannot be read (a missing column, a column close to\n"
    "one tally reads and not read; the other files are still checked).\n";

namespace {

struct problem {
    std::size_t line;
    std::string text;
};

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string people_text(double v) {
    return format_thousands(static_cast<std::int64_t>(std::llround(v)));
}

/// One problem per far-out activity line (metrics/outliers.hpp).
std::vector<problem> outlier_problems(const activity_table& t, const std::string& path) {
    const auto r = metrics::find_outliers(t);
    std::vector<problem> out;
    for (const auto& o : r.outliers) {
        const auto& f = *std::find_if(r.indicators.begin(), r.indicators.end(),
                                      [&](const auto& x) { return x.indicator == o.indicator; });
        out.push_back(
            {o.source_line, path + ":" + std::to_string(o.source_line) + ": outlier: " +
                                format_thousands(o.people) + " new beneficiaries for indicator '" +
                                t.indicators[o.indicator] + "', " + (o.high ? "above" : "below") +
                                " its fence of " + people_text(o.fence) + " (quartiles about " +
                                people_text(f.q1) + " and " + people_text(f.q3) + " over " +
                                std::to_string(f.lines) + " lines)"});
    }
    return out;
}

} // namespace

namespace {

/// What check found in one file, for the csv and json formats.
struct checked_file {
    std::string file, kind, layout;
    io::validation_report rep;
    std::optional<std::size_t> outliers; ///< activity files under --outliers
};

nlohmann::ordered_json counts_json(const io::validation_report& rep) {
    return {{"rows_read", rep.rows_read},
            {"lines_read", std::max(rep.lines_read, rep.rows_read)},
            {"rows_used", rep.rows_used},
            {"rejected", rep.rejected.size()},
            {"notices", rep.notices.size()}};
}

} // namespace

int run_check(args_t args, std::ostream& out, std::ostream& err) {
    options opt(args, {"geography", "columns", "indicator-types", "format", "output"},
                {"outliers", "show-map", "strict"});
    if (opt.positional().empty())
        throw error(errc::usage, "no file to check");
    const auto fmt = opt.choice("format", {"text", "csv", "json"}, "text");
    if (fmt == "csv" && opt.flag("show-map"))
        throw error(errc::usage, "--show-map prints column maps as text or JSON, not in CSV");
    std::optional<geography> geo;
    if (auto g = opt.value("geography"))
        geo = read_geography_input(*g, err);
    const auto columns = column_map_input(opt);
    const auto types = indicator_types_input(opt);
    output_target target(opt, out);
    std::ostream& os = target.stream();
    const bool text = fmt == "text";
    std::vector<checked_file> checked;

    int status = exit_ok;
    io::validation_report total;
    std::size_t files = 0;
    facade::check_readers readers; // the one per-kind reader setup (facade/check.hpp)
    readers.geo = geo ? &*geo : nullptr;
    readers.columns = columns;
    readers.types = types ? &*types : nullptr;
    const auto failures = read_inputs(
        opt.positional(),
        {io::file_kind::activities, io::file_kind::plan, io::file_kind::presence,
         io::file_kind::flow_csv, io::file_kind::fts_csv, io::file_kind::requirements},
        "check", err, columns, [&](input_text& in, const std::string& path, io::file_kind kind) {
            auto got = facade::check_input(in, path, kind, readers);
            const auto& rep = got.report;
            const bool counts_outliers = opt.flag("outliers") && kind == io::file_kind::activities;
            std::vector<problem> outliers;
            if (counts_outliers)
                outliers = outlier_problems(got.activities, path);
            ++files;
            const std::string& kind_name = got.kind;
            if (text)
                for (const auto& l : rep.layouts) {
                    os << l.source << ": layout "
                       << (l.layout.empty() ? "(the column map)" : "'" + l.layout + "'") << "\n";
                    if (opt.flag("show-map"))
                        os << l.map;
                }
            const std::size_t outlier_count = outliers.size();
            std::vector<problem> problems = std::move(outliers);
            for (const auto& r : rep.rejected)
                problems.push_back({r.where.line, r.to_string()});
            for (const auto& n : rep.notices)
                problems.push_back({n.where.line, n.where.to_string() + ": notice: " + n.message});
            std::stable_sort(problems.begin(), problems.end(),
                             [](const problem& a, const problem& b) { return a.line < b.line; });
            os.flush(); // the lines of the files before, in order
            for (const auto& p : problems)
                err << p.text << "\n";
            if (text) {
                os << path << ": " << kind_name << ": " << plural(rep.rows_read, "row", "rows")
                   << " read"
                   << (rep.lines_read > rep.rows_read
                           ? " from " + std::to_string(rep.lines_read) + " lines"
                           : std::string())
                   << ", " << rep.rows_used << " used, " << rep.rejected.size() << " rejected; "
                   << plural(rep.notices.size(), "notice", "notices");
                if (counts_outliers)
                    os << "; " << plural(outlier_count, "outlier", "outliers");
                os << std::endl; // after the file's problems on stderr, before the next file's
            } else {
                checked_file c{path, kind_name, {}, rep, std::nullopt};
                for (const auto& l : rep.layouts)
                    c.layout += (c.layout.empty() ? "" : ";") +
                                (l.layout.empty() ? std::string("(the column map)") : l.layout);
                if (counts_outliers)
                    c.outliers = outlier_count;
                checked.push_back(std::move(c));
            }
            if ((!rep.rejected.empty() || (opt.flag("strict") && !rep.notices.empty())) &&
                status == exit_ok)
                status = exit_data;
            total.merge(rep);
        });
    if (!failures.complete())
        status = exit_usage;
    if (text) {
        os << "total: " << plural(files, "file", "files") << ", "
           << plural(total.rows_read, "row", "rows") << " read"
           << (total.lines_read > total.rows_read
                   ? " from " + std::to_string(total.lines_read) + " lines"
                   : std::string())
           << ", " << total.rows_used << " used, " << total.rejected.size() << " rejected; "
           << plural(total.notices.size(), "notice", "notices") << "\n";
    } else if (fmt == "csv") {
        write_not_read_lines(os, failures);
        os << "file,kind,layout,rows_read,lines_read,rows_used,rejected,notices,outliers\n";
        for (const auto& c : checked)
            os << csv_field(c.file) << "," << csv_field(c.kind) << "," << csv_field(c.layout) << ","
               << c.rep.rows_read << "," << std::max(c.rep.lines_read, c.rep.rows_read) << ","
               << c.rep.rows_used << "," << c.rep.rejected.size() << "," << c.rep.notices.size()
               << "," << (c.outliers ? std::to_string(*c.outliers) : std::string()) << "\n";
    } else {
        nlohmann::ordered_json j;
        if (!failures.complete())
            j["not_read"] = failures.not_read;
        auto& arr = j["files"] = nlohmann::ordered_json::array();
        for (const auto& c : checked) {
            nlohmann::ordered_json f = {{"file", c.file}, {"kind", c.kind}, {"layout", c.layout}};
            f.update(counts_json(c.rep));
            f["outliers"] = c.outliers ? nlohmann::ordered_json(*c.outliers) : nullptr;
            if (opt.flag("show-map")) {
                std::string maps;
                for (const auto& l : c.rep.layouts)
                    maps += l.map;
                f["map"] = maps;
            }
            arr.push_back(std::move(f));
        }
        j["total"] = counts_json(total);
        j["total"]["files"] = files;
        os << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    }
    target.commit();
    return status;
}

} // namespace tally::cli
