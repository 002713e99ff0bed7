// tally presence — distinct organisations from 3W operational presence files.

#include "cli.hpp"
#include "figure_output.hpp"
#include "inputs.hpp"
#include "output.hpp"
#include <tally/dedup/presence.hpp>
#include <tally/io/presence_reader.hpp>

namespace tally::cli {

extern const std::string_view presence_usage;
const std::string_view presence_usage =
    "Usage: tally presence FILE... [--by KEYS] [--country ISO3] [--format csv|json] [-o FILE]\n"
    "                      [--strict]\n\n"
    "Distinct organisations from 3W operational presence files (who works where: an\n"
    "organisation, a place and a sector per row, no figures of people), as OCHA publishes them\n"
    "on HDX: columns ORG_NAME (or the acronym), ORG_TYPE, admin1/admin2 P-codes and the\n"
    "cluster, by name or by HXL tag (#org+name, #org+acronym, #org+type, #adm1+code,\n"
    "#adm2+code, #sector+cluster+code). Each organisation counts once per group, however many\n"
    "rows name it there; counts are never added (the rule of partners in tally reach).\n\n"
    "  --by KEYS       comma list of country, admin1, admin2, sector, organisation_type\n"
    "                  (default country).\n"
    "  --country ISO3  the country of a file without a country column and without "
    "P-codes.\n" TALLY_CLI_OUTPUT_HELP "\n"
    "Output columns: the keys, organisations (distinct), organisations_upper (the sum of the\n"
    "distinct counts of the group's places and sectors: what adding counts would give), rows,\n"
    "note. Exit 0, or 1 with --strict when rows were rejected.\n";

int run_presence(args_t args, std::ostream& out, std::ostream& err) {
    options opt(args, {"by", "country", "format", "output"}, {"strict"});
    if (opt.positional().empty())
        throw error(errc::usage, "no input FILE");
    const auto fmt = opt.choice("format", {"csv", "json"}, "csv");
    std::vector<dedup::presence_key> keys;
    try {
        keys = dedup::parse_presence_keys(opt.value_or("by", "country"));
    } catch (const error& e) {
        throw error(errc::usage, "--by: " + e.detail());
    }
    presence_table table;
    io::validation_report rep;
    io::presence_read_options ro;
    ro.country = opt.value_or("country", "");
    const auto failures =
        read_inputs(opt.positional(), {io::file_kind::presence}, "presence", err,
                    [&](input_text& in, const std::string& path, io::file_kind) {
                        rep.merge(io::read_presence_text(in.take(), path, table, ro));
                    });
    if (!failures.complete()) {
        report_problems(rep, {}, err);
        return refuse_partial("presence", failures, err);
    }
    std::vector<std::string> header;
    for (auto k : keys)
        header.emplace_back(dedup::to_string(k));
    for (auto h : {"organisations", "organisations_upper", "rows", "note"})
        header.emplace_back(h);
    output_target target(opt, out);
    record_writer w(target.stream(), fmt == "json", header);
    const std::string note =
        "Distinct organisations: each counts once in the group. Do not sum partner counts.";
    for (const auto& r : dedup::count_presence(table, keys)) {
        std::vector<field> fs;
        for (std::size_t i = 0; i < keys.size(); ++i)
            fs.push_back(text_field(header[i], r.keys[i]));
        fs.push_back(number_field("organisations", r.organisations.value()));
        fs.push_back(number_field("organisations_upper", r.organisations_upper));
        fs.push_back(number_field("rows", r.rows));
        fs.push_back(text_field("note", note));
        w.write(fs);
    }
    w.finish();
    target.commit();
    report_problems(rep, {}, err);
    return opt.flag("strict") && !rep.rejected.empty() ? exit_data : exit_ok;
}

} // namespace tally::cli
