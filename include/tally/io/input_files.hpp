#pragma once
// What a command does with each input file before reading rows: notice the same content given
// twice, and decide the file's kind. One function per rule, used by every
// command (check, reach, plan, funding), so a file is never read as one kind by one command and
// as another by the next.

#include <algorithm>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/io/column_map.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/encoding.hpp>
#include <tally/io/file.hpp>
#include <tally/io/fts_plans.hpp>
#include <tally/io/hno.hpp>
#include <tally/io/hxl.hpp>
#include <tally/io/layouts.hpp>
#include <tally/io/presence_reader.hpp>
#include <vector>

namespace tally::io {

/// The kinds of input tally reads.
enum class file_kind : std::uint8_t {
    activities,   ///< 5W activity rows (tally reach)
    plan,         ///< PiN / target rows (tally plan)
    fts_json,     ///< an FTS API response
    fts_csv,      ///< an HDX FTS flow export
    flow_csv,     ///< plain flows: country, sector, amount_usd
    requirements, ///< country, sector, requirements_usd (or an FTS requirements export, HAPI)
    fts_plans,    ///< an FTS plan overview (requirements, funding and caseloads per plan)
    presence,     ///< a 3W operational presence table (who works where, no figures)
};

constexpr std::string_view name_of(file_kind k) noexcept {
    switch (k) {
    case file_kind::activities:
        return "activities";
    case file_kind::plan:
        return "plan";
    case file_kind::fts_json:
        return "FTS JSON";
    case file_kind::fts_csv:
        return "FTS flow export";
    case file_kind::flow_csv:
        return "flow CSV";
    case file_kind::requirements:
        return "requirements";
    case file_kind::fts_plans:
        return "FTS plan overview";
    case file_kind::presence:
        return "3W operational presence";
    }
    return "?";
}

/// A file kind with its article, as messages name it: "an activities file", "a plan file".
inline std::string kind_phrase(file_kind k) {
    switch (k) {
    case file_kind::activities:
        return "an activities file";
    case file_kind::fts_json:
        return "an FTS JSON file";
    case file_kind::fts_csv:
        return "an FTS flow export";
    case file_kind::fts_plans:
        return "an FTS plan overview";
    case file_kind::flow_csv:
        return "a flow CSV file";
    case file_kind::presence:
        return "a 3W operational presence file";
    default:
        return "a " + std::string(name_of(k)) + " file";
    }
}

/// The column names of CSV text: its first record, up to the first line end outside quotes
/// (CR, LF or CRLF), after a byte order mark and blank lines (which the CSV reader skips too,
/// and which stand for the title rows above a workbook sheet's header).
inline header_index header_of(std::string_view text, const std::string& source) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    while (!text.empty() && (text.front() == '\n' || text.front() == '\r'))
        text.remove_prefix(1);
    bool quoted = false;
    std::size_t end = 0;
    while (end < text.size() && (quoted || (text[end] != '\n' && text[end] != '\r'))) {
        if (text[end] == '"')
            quoted = !quoted;
        ++end;
    }
    csv_reader rd(std::string(text.substr(0, end)), source);
    csv_record rec;
    if (!rd.next(rec))
        return {};
    return header_index(rec); // copies the names out of the reader's text
}

/// The tags of the HXL hashtag row within the first rows of text (its first 64 KiB), or
/// std::nullopt when it has none.
inline std::optional<hxl_columns> hxl_tags_of(std::string_view text, const std::string& source) {
    try {
        csv_reader rd(std::string(text.substr(0, std::min<std::size_t>(text.size(), 1 << 16))),
                      source);
        if (const auto row = detail::hxl_row_of(rd))
            return hxl_columns(row->first);
    } catch (const error&) {
        // an unclosed quote in the first 64 KiB: the reader of the file reports it
    }
    return std::nullopt;
}

/// The kind of the file with content text, from its first character and its header (whatever
/// its encoding and delimiter):
///  - '{' first (after blanks and a byte order mark): an FTS plan overview when it has "plans"
///    and no "flows" (io::is_fts_plan_overview), else FTS JSON (flows);
///  - an HXL hashtag row with #sector and #inneed or #targeted (or their breakdown) and no
///    #indicator: a plan (an HNO table, or a 3W of targets);
///  - amountUSD and boundary columns: an FTS flow export;
///  - amount_usd (amountUSD, funding_usd) and country: a flow CSV;
///  - requirements_usd (requirements) and country (countryCode, location_code): requirements;
///  - an HXL hashtag row with #country and #value+required+usd: requirements; with #country and
///    #value+funding+usd: a flow CSV; with #org and a place or sector and no figure: a 3W
///    operational presence table (io::is_presence_table); any other hashtag row: activities;
///  - a header that one of R4V's own layouts (io/layouts.hpp) reads: a plan (the planning
///    workbook's sheets) or activities (the 5W exports and templates);
///  - an organisation column (ORG_NAME, partner), a sector or admin code column and no column
///    of figures or months: a 3W operational presence table;
///  - pin or target (people_in_need, targeted, people_targeted) and none of the columns only
///    an activity file has (month, indicator, partner, appealing/implementing organisation,
///    reached, new_beneficiaries): a plan, so a 5W file with an extra target column stays an
///    activity file;
///  - anything else: activities (whose reader then names what is missing).
inline file_kind detect_file_kind(std::string_view text, const std::string& source) {
    // UTF-16 ("Unicode text"): the kind is that of its first 64 KiB decoded to UTF-8. Other
    // encodings need no decoding here: the names tally looks for are ASCII.
    if (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF") {
        const auto d =
            decode_input(text.substr(0, std::min<std::size_t>(text.size(), 1 << 16)), source);
        return detect_file_kind(*d.text, source);
    }
    std::string_view t = text;
    if (t.substr(0, 3) == "\xEF\xBB\xBF")
        t.remove_prefix(3);
    for (char c : t) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        if (c == '{')
            return is_fts_plan_overview(t) ? file_kind::fts_plans : file_kind::fts_json;
        break;
    }
    if (is_hno_table(text, source))
        return file_kind::plan;
    const header_index h = header_of(text, source);
    if (h.find("amountUSD") && h.find("boundary"))
        return file_kind::fts_csv;
    if (h.find({"amount_usd", "amountUSD", "funding_usd"}) && h.find("country"))
        return file_kind::flow_csv;
    if (h.find({"requirements_usd", "requirements"}) &&
        h.find({"country", "countryCode", "location_code"}))
        return file_kind::requirements;
    if (const auto tags = hxl_tags_of(text, source)) {
        if (!tags->all("#country").empty() && !tags->all("#value+required+usd").empty())
            return file_kind::requirements;
        if (!tags->all("#country").empty() &&
            !tags->all("#value+funding+usd", {"required"}).empty())
            return file_kind::flow_csv;
        if (is_presence_table(text, source))
            return file_kind::presence;
        return file_kind::activities;
    }
    // A layout of R4V's own (the planning workbook's sheets, the 5W exports) says it at once.
    {
        std::vector<std::string> names;
        for (std::size_t i = 0; i < h.size(); ++i)
            names.push_back(h.name(i));
        const auto groups = population_groups::r4v();
        const auto& plans = plan_layouts();
        if (const auto k = fitting_layout(names, plan_roles(groups), plans);
            k && plans[*k].name != "tally")
            return file_kind::plan;
        const auto& acts = activity_layouts();
        if (const auto k = fitting_layout(names, activity_roles(groups), acts);
            k && acts[*k].name != "tally")
            return file_kind::activities;
    }
    if (is_presence_table(text, source))
        return file_kind::presence;
    const bool plan_figures =
        h.find({"pin", "people_in_need", "target", "targeted", "people_targeted"}).has_value();
    const bool activity_only =
        h.find({"month", "reporting_month", "report_month", "indicator", "indicator_code",
                "partner", "appealing_org", "appealing_organisation", "appealing_organization",
                "implementing_org", "implementing_organisation", "implementing_organization",
                "reached", "people_reached", "new_beneficiaries", "new_beneficiaries_of_the_month"})
            .has_value();
    return plan_figures && !activity_only ? file_kind::plan : file_kind::activities;
}

/// The header of CSV text as the readers of named columns see it: the cells of its first
/// record (after a byte order mark and blank lines; blanks around each trimmed) and, when the
/// record under it is an HXL hashtag row (or it is one itself), that row's cells; line is the
/// first record's line. Empty when the text has no record, or its first 64 KiB cannot be read.
struct header_cells {
    std::vector<std::string> names, tags;
    std::size_t line = 0;
};

inline header_cells header_cells_of(std::string_view text, const std::string& source) {
    header_cells out;
    try {
        if (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF") {
            const auto d =
                decode_input(text.substr(0, std::min<std::size_t>(text.size(), 1 << 16)), source);
            return header_cells_of(*d.text, source);
        }
        csv_reader rd(std::string(text.substr(0, std::min<std::size_t>(text.size(), 1 << 16))),
                      source);
        csv_record rec;
        if (!rd.next(rec))
            return out;
        const tagged_header th(rd, rec, source);
        out.names = th.cells;
        out.tags = th.tag_cells;
        out.line = th.line;
    } catch (const error&) {
        return {};
    }
    return out;
}

/// The roles and layouts the reader of a kind finds a header's columns with, when it is read
/// by named columns: flows, FTS flow exports, requirements, plans (R4V's and tally's; needs
/// tables are told by is_hno_table) and activities; std::nullopt for the others.
inline std::optional<std::pair<reader_roles, const std::vector<layout>*>>
reader_layouts(file_kind k) {
    static const auto groups = population_groups::r4v();
    switch (k) {
    case file_kind::flow_csv:
        return std::pair{flow_roles(), &flow_layouts()};
    case file_kind::fts_csv:
        return std::pair{fts_flow_roles(), &fts_flow_layouts()};
    case file_kind::requirements:
        return std::pair{requirements_roles(), &requirements_layouts()};
    case file_kind::plan:
        return std::pair{plan_roles(groups), &plan_layouts()};
    case file_kind::activities:
        return std::pair{activity_roles(groups), &activity_layouts()};
    default:
        return std::nullopt;
    }
}

/// What the reader of kind k says of the header of a text (header_problem).
struct header_reading {
    std::string problem;     ///< "" when the reader reads the header
    std::size_t missing = 0; ///< the reader's required roles the closest layout leaves unbound
};

/// What the reader of kind k says of the header of text, read with the user's map: an empty
/// problem when it reads it, else its error ("not a flow CSV: missing column(s) amount_usd ...;
/// 'amountUS' looks like amount_usd: map it with --columns 'amountUS=amount_usd'"), with the
/// number of required roles missing. For a command that was given a file of another kind than
/// it reads, to say what it would take to read it. Never throws.
inline header_reading header_problem(std::string_view text, const std::string& source, file_kind k,
                                     const column_map& user = {}) {
    header_reading out;
    const auto r = reader_layouts(k);
    if (!r)
        return out;
    const auto h = header_cells_of(text, source);
    if (h.names.empty())
        return out;
    const auto tags = k == file_kind::fts_csv ? std::vector<std::string>{} : h.tags;
    try {
        (void)resolve_columns(h.names, r->first, *r->second, user, source, h.line, tags);
        return out;
    } catch (const error& e) {
        out.problem = e.detail();
    }
    out.missing = r->first.required.size();
    tally::detail::header_binding b(h.names, source_position{}, tags);
    try {
        tally::detail::bind_user_map(b, r->first, user);
        const auto fits = tally::detail::fit_layouts(b, r->first, *r->second);
        if (const auto closest = tally::detail::chosen_fits(fits, *r->second).second)
            out.missing = fits[*closest].missing.size();
    } catch (const error&) {
        // the map does not suit this reader: as far from it as can be
    }
    return out;
}

/// The kind of the file with content text (detect_file_kind), told with the user's column map
/// too: when the map is not empty and the kind detect_file_kind tells is not one whose reader
/// the map and its layouts give every role it needs (every role of the map being one of that
/// reader's), the kind of the reader (flows, FTS flow export, requirements, plan or needs
/// table, activities) that they do give its roles, with the most columns known; else the kind
/// detect_file_kind tells. So a flow CSV whose amount column is `Monto USD` is a flow CSV with
/// `--columns 'Monto USD=amount_usd'`.
inline file_kind detect_file_kind(std::string_view text, const std::string& source,
                                  const column_map& user) {
    const auto k = detect_file_kind(text, source);
    if (user.empty() || k == file_kind::fts_json || k == file_kind::fts_plans)
        return k;
    const auto h = header_cells_of(text, source);
    if (h.names.empty())
        return k;
    auto fit = [&](file_kind kind) -> std::optional<std::size_t> {
        if (kind == file_kind::plan && is_hno_table(text, source, user))
            return h.names.size() + 1; // a needs table the map makes one
        const auto r = reader_layouts(kind);
        if (!r)
            return std::nullopt;
        const auto f = fit_header(h.names, r->first, *r->second, user,
                                  kind == file_kind::fts_csv ? std::vector<std::string>{} : h.tags);
        return f ? std::optional<std::size_t>(f->known) : std::nullopt;
    };
    if (fit(k))
        return k;
    std::optional<file_kind> best;
    std::size_t best_known = 0;
    for (auto kind : {file_kind::flow_csv, file_kind::fts_csv, file_kind::requirements,
                      file_kind::plan, file_kind::activities})
        if (const auto known = fit(kind); known && (!best || *known > best_known)) {
            best = kind;
            best_known = *known;
        }
    return best.value_or(k);
}

/// The inputs of one command, to notice the same content given twice (the same file under two
/// names, or a copy): adding it twice would double every figure in it.
class input_registry {
  public:
    /// The earlier input with the same bytes as text, or std::nullopt (then text is recorded
    /// under path). load(path) gives the text of an earlier input again (the file's content;
    /// a caller that reads other things than whole files, such as a workbook's sheet, says how).
    std::optional<std::string>
    repeat_of(const std::string& path, std::string_view text,
              const std::function<std::string(const std::string&)>& load = read_file) {
        const std::size_t h = sample_hash(text);
        for (const auto& s : seen_)
            if (s.hash == h && s.size == text.size()) {
                // Equal hashes: compare the bytes (the earlier file is read again, which
                // only happens for true repeats or a 64-bit hash collision).
                std::string earlier;
                try {
                    earlier = load(s.path);
                } catch (const error&) {
                    continue;
                }
                if (earlier == text)
                    return s.path;
            }
        seen_.push_back({path, h, text.size()});
        return std::nullopt;
    }

    /// A hash of text that reads at most 1 MiB of it: the whole of a smaller text, else 64
    /// pieces of 16 KiB spread evenly from its start to its end. Equal texts hash equal; texts of
    /// one size that differ only between the pieces are told apart by the comparison of their
    /// bytes that follows equal hashes. (A hash of every byte of a 10 GB file would cost a pass
    /// over it on one core before the parallel read.)
    static std::size_t sample_hash(std::string_view text) noexcept {
        constexpr std::size_t piece = std::size_t{16} << 10, pieces = 64;
        const std::hash<std::string_view> hash;
        if (text.size() <= piece * pieces)
            return hash(text);
        std::size_t h = text.size();
        const std::size_t step = (text.size() - piece) / (pieces - 1);
        for (std::size_t k = 0; k < pieces; ++k)
            h = (h ^ hash(text.substr(k * step, piece))) * 0x9E3779B97F4A7C15ULL;
        return h;
    }

  private:
    struct entry {
        std::string path;
        std::size_t hash;
        std::size_t size;
    };
    std::vector<entry> seen_;
};

} // namespace tally::io
