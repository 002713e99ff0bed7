// tally report — the end-year report (people reached and funding by platform) as HTML, text or
// JSON, from 5W activities, a plan, funding flows and requirements.

#include "cli.hpp"
#include "figure_output.hpp"
#include "geography_input.hpp"
#include "join_input.hpp"
#include "output.hpp"
#include "pdf_print.hpp"
#include "requirements_input.hpp"
#include "sector_input.hpp"
#include <fstream>
#include <tally/core/geography.hpp>
#include <tally/io/geography_csv.hpp>
#include <tally/report/html.hpp>
#include <tally/report/json.hpp>
#include <tally/report/model.hpp>
#include <tally/report/text.hpp>

namespace tally::cli {

extern const std::string_view report_usage;
const std::string_view report_usage =
    "Usage: tally report --activities F... --plan F... --funding F... --requirements F...\n"
    "                    [--sector NAME] [--as-of DATE] [--title TEXT]\n"
    "                    [--geography GEO.csv] [--format html|text|json|pdf] [-o FILE]\n"
    "                    [--year YEAR] [--plan-code CODE] [--strict] [--keep-going]\n"
    "                    [--activities-columns MAP] [--plan-columns MAP]\n"
    "                    [--funding-columns MAP] [--requirements-columns MAP]\n\n"
    "The end-year report: people reached, target, PiN, funding, requirements and partners for\n"
    "the region, each platform (national, then sub-regional) and each country, with the money\n"
    "that fits no platform on its own line, the spread of coverage, and footnotes generated\n"
    "from the figures' provenance (people in transit, funding as-of date, regional money,\n"
    "partner counts, de-duplication rules, rejected rows).\n\n"
    "  --activities F...  5W activity files\n"
    "  --plan F...        plan files (PiN and targets)\n"
    "  --funding F...     FTS API JSON, HDX FTS flow exports or plain flow CSVs\n"
    "  --requirements F.. country,sector,requirements_usd, FTS/HDX requirements files, the\n"
    "                     HDX HAPI funding table or an FTS plan overview\n"
    "                     (each input option takes the files up to the next option)\n"
    "  --sector NAME      report one sector or sub-sector (default: the whole response,\n"
    "                     intersector figures)\n"
    "  --as-of DATE       funding as of DATE (YYYY-MM-DD): later FTS flows are left out\n"
    "  --format F         html, text or json (default: html with --output, else text);\n"
    "                     pdf: the page printed by headless Chromium from the PATH (A4,\n"
    "                     one page per section; needs --output)\n" TALLY_CLI_OUTPUT_HELP
        TALLY_CLI_KEEP_GOING_HELP TALLY_CLI_JOIN_COLUMNS_HELP TALLY_CLI_REQUIREMENTS_CHOICE_HELP
    "Every input is optional, but at least one is needed. Rejected rows are listed on stderr\n"
    "and counted in the report; exit 0, 1 with --strict when rows were rejected, 2 when a\n"
    "file could not be read (with --keep-going the report says at its top which were not).\n";

int run_report(args_t args, std::ostream& out, std::ostream& err) {
    const auto split = split_inputs(args);
    options opt(split.rest,
                {"sector", "as-of", "title", "geography", "format", "output", "year", "plan-code",
                 TALLY_CLI_JOIN_COLUMN_OPTIONS},
                {"strict", "keep-going"});
    if (!opt.positional().empty())
        throw error(errc::usage, "unexpected argument '" + opt.positional().front() +
                                     "' (inputs go after --activities, --plan, --funding or "
                                     "--requirements)");
    if (split.inputs.empty())
        throw error(errc::usage, "tally report needs at least one of --activities, --plan, "
                                 "--funding, --requirements");
    const auto output = opt.value("output");
    const auto format =
        opt.choice("format", {"html", "text", "json", "pdf"}, output ? "html" : "text");
    if (format == "pdf" && !output)
        throw error(errc::usage, "--format pdf needs --output FILE (a PDF is not written to the "
                                 "terminal)");
    report::report_options ro;
    if (auto s = opt.value("as-of")) {
        ro.as_of = date::try_parse(*s);
        if (!ro.as_of)
            throw error(errc::usage, "--as-of must be a date YYYY-MM-DD, not '" + *s + "'");
    }
    std::optional<geography> geo;
    if (auto g = opt.value("geography"))
        geo = read_geography_input(*g, err);
    ro.title = opt.value_or("title", "");
    ro.scope = opt.value_or("sector", "");
    ro.reach.geo = geo ? &*geo : nullptr;
    sector_input(opt); // an unknown sector is refused before any file is read

    const auto inputs =
        read_join_inputs(split, ro.reach.geo, ro.as_of, "report", err, requirements_choice_of(opt),
                         join_columns_input(opt, split));
    for (const auto& n : inputs->choice_notes)
        err << "note: " << n << "\n";
    ro.flows_after_as_of = inputs->after_as_of;
    const auto& in = inputs->in;
    if (refuses(opt, inputs->failures))
        return refuse_partial("report", inputs->failures, err);
    ro.not_read = inputs->failures.not_read;
    std::vector<std::string> sources;
    for (const char* o : join_input_options)
        for (const auto& f : split.files(o))
            sources.push_back(f);
    const auto model = [&] {
        try {
            return report::build_report(in, ro);
        } catch (const error& e) { // a sum beyond 64 bits: over every file read
            throw naming_inputs(e, sources);
        }
    }();
    const std::string text = format == "html" || format == "pdf" ? report::render_html(model)
                             : format == "json"                  ? report::render_json(model)
                                                                 : report::render_text(model);
    if (format == "pdf") {
        print_pdf(text, *output);
    } else {
        output_target target(opt, out);
        target.stream() << text;
        target.commit();
    }

    std::size_t rejected = 0;
    for (const auto* r : {&in.reports.activities, &in.reports.plan, &in.reports.funding,
                          &in.reports.requirements}) {
        report_problems(*r, {}, err);
        rejected += r->rejected.size();
    }
    for (const auto& n : model.notices)
        err << "notice: " << n << "\n";
    tell_undated(err, inputs->undated);
    if (output)
        err << "report written to " << *output << "\n";
    return exit_status(opt, inputs->failures, rejected != 0);
}

} // namespace tally::cli
