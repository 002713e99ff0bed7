#pragma once
// Reading 5W activity reports (CSV, RFC 4180) into an activity_table, with validation.
//
// Two layouts are read, told apart by the header:
// - wide: one column per population group (any code, label or alias of the table's
//   population_groups registry, e.g. `in_destination` or the R4V export's `IN_DESTINATION`,
//   `Host_Communities`, `PENDULARS`), plus `new_beneficiaries` and optionally `total_monthly`;
// - long: a `population_group` column and a `reached` column (one row per group); reached is the
//   row's new beneficiaries, and total_monthly is "not reported" (-1) when the column is absent.
// Header names are matched without regard to case, blanks, spaces or hyphens, and the R4V 5W
// export names map to the canonical columns (see the alias lists below). The organisation may be
// given as `appealing_org` and/or `implementing_org`, or as one `partner` column (the benchmark
// files), which then fills both roles.
//
// Validation: a bad row is not used; it is listed in the report with its file, the line its
// record starts on, and every reason found (joined by "; "). rows_read == rows_used + rejected.
// A row is rejected for
//   - a wrong number of fields;
//   - a missing key: country, month, sector, indicator, organisation (long form: also
//     population_group);
//   - a month that is not YYYY-MM (YYYY-MM-DD is accepted and keeps the month);
//   - an indicator type that is not known (an empty cell or no column means direct assistance);
//   - an unknown population group (long form);
//   - a number cell that is not a whole number, is negative or does not fit in 64 bits;
//   - population-group cells (wide form, when the header has group columns) that do not add up
//     to new beneficiaries;
//   - age/gender cells that do not add up to new beneficiaries, when any of them is given;
//   - new beneficiaries above total monthly, when total monthly is given.
// Empty number cells: a group or age/gender cell counts as 0; new beneficiaries counts as 0
// (activities of other indicator types often leave it blank); total monthly is "not reported"
// (-1) and then is not compared. In the wide form without a new_beneficiaries column, new
// beneficiaries are the sum of the group cells.
// Notices (the row is still used): beneficiaries on an indicator that is not direct assistance
// (they never count as reached; told once per indicator), an unreadable CVA flag (kept as
// unknown), columns that match no field, and, when options.geo is set, country and admin1 codes
// that do not resolve against it (told once per code, at its first line, with the row count).

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/geography.hpp>
#include <tally/core/period.hpp>
#include <tally/core/sector.hpp>
#include <tally/detail/row_reading.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/encoding.hpp>
#include <tally/io/file.hpp>
#include <tally/io/hxl.hpp>
#include <tally/io/repeated_lines.hpp>
#include <tally/io/validation.hpp>
#include <tally/table/activity_table.hpp>
#include <thread>
#include <utility>
#include <vector>

namespace tally::io {

struct activity_read_options {
    /// When set: country/admin1 codes that do not resolve are reported as notices (row still
    /// used).
    const geography* geo = nullptr;
    /// Threads that parse at once; 0: one per core. The result does not depend on it.
    unsigned threads = 0;
    /// Bytes per slice of the input; 0: the input split evenly among the threads, in slices of
    /// at least 4 MiB (so small inputs are read by one thread). Small values are for tests.
    std::size_t chunk_bytes = 0;
    /// Show progress on stderr (megabytes read, rows per second) while reading an input of
    /// 64 MiB or more on several threads, and only when stderr is a terminal.
    bool progress = false;
};

} // namespace tally::io

namespace tally::detail {

/// Where each field of an activity file is, resolved once from the header.
struct activity_columns {
    std::size_t country = absent_column, admin1 = absent_column, admin2 = absent_column,
                month = absent_column, appealing = absent_column, implementing = absent_column,
                partner = absent_column, sector = absent_column, indicator = absent_column,
                type = absent_column, activity = absent_column, cva = absent_column,
                total = absent_column, fresh = absent_column, group = absent_column;
    std::array<std::size_t, cell_count> cells{absent_column, absent_column, absent_column,
                                              absent_column, absent_column, absent_column};
    /// Wide form: (column, group id) of each population-group column.
    std::vector<std::pair<std::size_t, code_id>> groups;
    bool long_form = false;
};

/// Finds the columns of an activity file. Throws errc::parse, naming the header line, when a
/// required column is missing, when two columns name the same population group, or when the
/// header mixes the long and the wide form.
inline activity_columns resolve_activity_header(const io::csv_record& header,
                                                const population_groups& groups,
                                                const std::string& source,
                                                std::vector<bool>& used) {
    const io::header_index h(header);
    h.require_distinct(source, header.line);
    used.assign(header.size(), false);
    auto col = [&](std::initializer_list<std::string_view> names) {
        if (auto i = h.find(names); i && !used[*i]) {
            used[*i] = true;
            return *i;
        }
        return absent_column;
    };
    activity_columns c;
    // ActivityInfo exports give the country's name and its code (countryISO): the code first.
    c.country = col({"countryiso", "country_iso", "country", "country_country", "country_code",
                     "country_iso3", "iso3"});
    c.admin1 = col({"admin1", "admin_1", "admin1_code", "admin1_pcode", "adm1", "adm1_pcode",
                    "country_admin1"});
    c.admin2 = col({"admin2", "admin_2", "admin2_code", "admin2_pcode", "adm2", "adm2_pcode",
                    "country_admin2"});
    c.month = col({"month", "reporting_month", "report_month"});
    c.appealing = col(
        {"appealing_org", "appealing_organisation", "appealing_organization", "appealing_partner"});
    c.implementing = col({"implementing_org", "implementing_organisation",
                          "implementing_organization", "implementing_partner"});
    c.partner = col({"partner", "organisation", "organization", "org"});
    c.sector = col({"sector", "indicator_sector"});
    c.indicator = col({"indicator", "indicator_code"});
    c.type = col({"indicator_type", "type_of_indicator"});
    c.activity = col({"rmrp_activity", "activity"});
    c.cva = col({"cva"});
    c.total = col({"total_monthly", "total_monthly_beneficiaries", "total_beneficiaries_monthly",
                   "monthly_total"});
    c.group = col({"population_group", "population_type", "pop_group"});
    if (c.group != absent_column) {
        // Long form: the value column is `reached` (or new_beneficiaries when there is none).
        c.long_form = true;
        c.fresh = col({"reached", "people_reached"});
        if (c.fresh == absent_column)
            c.fresh = col({"new_beneficiaries", "new_beneficiaries_of_the_month"});
    } else {
        c.fresh = col(
            {"new_beneficiaries", "new_beneficiaries_of_the_month", "new_monthly_beneficiaries"});
    }
    // The R4V 2025 template names the cells by sex and age: "Women under 18" are girls.
    c.cells[0] = col({"girls", "women_under_18", "female_under_18"});
    c.cells[1] = col({"boys", "men_under_18", "male_under_18"});
    c.cells[2] = col({"women", "women_above_18", "women_18+", "female_above_18"});
    c.cells[3] = col({"men", "men_above_18", "men_18+", "male_above_18"});
    c.cells[4] = col({"other_under_18", "other_under18", "other_below_18", "other_u18", "other_<18",
                      "other_minors"});
    c.cells[5] =
        col({"other_above_18", "other_above18", "other_over_18", "other_18+", "other_18_plus",
             "other_18_and_above", "other_>18", "other_>=18", "other_adults"});
    // Population-group columns: any remaining header that names a registered group.
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (used[i])
            continue;
        if (auto g = groups.find(header[i])) {
            for (const auto& [other, og] : c.groups)
                if (og == *g)
                    throw error(errc::parse, source_position{source, header.line, 0},
                                "columns '" + std::string(trim(header[other])) + "' and '" +
                                    std::string(trim(header[i])) +
                                    "' both name population group '" + groups.info(*g).code + "'");
            c.groups.emplace_back(i, *g);
            used[i] = true;
        }
    }
    std::string missing;
    auto need = [&](bool ok, std::string_view what) {
        if (!ok)
            add_reason(missing, what);
    };
    need(c.country != absent_column, "country");
    need(c.month != absent_column, "month");
    need(c.sector != absent_column, "sector");
    need(c.indicator != absent_column, "indicator");
    need(c.appealing != absent_column || c.implementing != absent_column ||
             c.partner != absent_column,
         "appealing_org, implementing_org or partner");
    if (c.long_form) {
        if (!c.groups.empty())
            throw error(errc::parse, source_position{source, header.line, 0},
                        "the header has both a population_group column (long form) and "
                        "population-group columns such as '" +
                            std::string(trim(header[c.groups.front().first])) + "' (wide form)");
        need(c.fresh != absent_column, "reached");
    } else {
        need(c.fresh != absent_column || !c.groups.empty(),
             "new_beneficiaries or population-group columns");
    }
    if (!missing.empty())
        throw error(errc::parse, source_position{source, header.line, 0},
                    "not an activity file: missing column(s) " + missing);
    return c;
}

/// Finds the columns of an activity file from its HXL hashtag row (io/hxl.hpp): the first
/// pattern of a list that matches an unused column is taken (several matching columns: the one
/// with exactly the pattern's attributes, else errc::parse naming them):
///   country `#country+code` (`+iso3`, plain; else `+name`), admin1 and admin2 `#adm1`/`#adm2`
///   likewise, sector `#sector` (+code, plain, +name), month `#date+month` or `#date` (not
///   +start/+end), indicator `#indicator` (+code, plain, +name; not +type), indicator type
///   `#indicator+type`, activity `#activity` (else `#subsector`, the finer line of work under
///   the sector), implementing organisation `#org+impl`, appealing `#org+prog` or a plain `#org`
///   (not +impl, +funder);
///   people reached, `#reached` and its breakdown: the total (`#reached`, or `#reached+new` /
///   `+total`) is new beneficiaries; a part with one sex and one age (`+f+children`,
///   `+m+adults`, `+o+children`…) is that age/gender cell; a part with one attribute naming a
///   population group of the registry (`+in_destination`, `+host`, `+returnees`) is that group's
///   column (wide form); `#population_group` (+code) makes it the long form, `#reached` its value.
/// A part that is neither (a sex without an age, a group by sex) fits no field of the table and
/// is told as not used. Throws errc::parse, naming the line, for a repeated tag, an ambiguous
/// match, two parts for one group or cell, or a missing field (named by its tag).
inline activity_columns resolve_activity_hxl(const io::csv_record& header,
                                             const population_groups& groups,
                                             const std::string& source, std::vector<bool>& used) {
    const io::hxl_columns cols(header.fields);
    const std::size_t line = header.line;
    cols.require_distinct(source, line);
    used.assign(header.size(), false);
    auto fail = [&](const std::string& why) {
        throw error(errc::parse, source_position{source, line, 0}, why);
    };
    auto col = [&](std::initializer_list<std::string_view> patterns,
                   std::initializer_list<std::string_view> without = {}) {
        for (auto p : patterns) {
            std::vector<std::size_t> hits;
            for (auto i : cols.all(p, without))
                if (!used[i])
                    hits.push_back(i);
            if (hits.empty())
                continue;
            std::size_t pick = hits.front();
            if (hits.size() > 1) {
                const auto want = *io::parse_hxl_tag(p);
                const auto exact = std::find_if(hits.begin(), hits.end(),
                                                [&](auto i) { return cols[i]->same_as(want); });
                if (exact == hits.end())
                    fail("HXL tag '" + std::string(p) + "' matches columns " +
                         std::to_string(hits[0] + 1) + " (" + cols.spec(hits[0]) + ") and " +
                         std::to_string(hits[1] + 1) + " (" + cols.spec(hits[1]) +
                         "), and neither exactly");
                pick = *exact;
            }
            used[pick] = true;
            return pick;
        }
        return absent_column;
    };
    auto place = [&](std::string_view tag) {
        const std::string t(tag);
        const auto c = col({t + "+code", t + "+iso3", t}, {"name"});
        return c != absent_column ? c : col({t + "+name"});
    };
    activity_columns c;
    c.country = place("#country");
    c.admin1 = place("#adm1");
    c.admin2 = place("#adm2");
    c.sector = col({"#sector+code", "#sector"}, {"name"});
    if (c.sector == absent_column)
        c.sector = col({"#sector+name"});
    c.month = col({"#date+month", "#date"}, {"start", "end"});
    c.type = col({"#indicator+type"});
    c.indicator = col({"#indicator+code", "#indicator"}, {"name", "type"});
    if (c.indicator == absent_column)
        c.indicator = col({"#indicator+name"}, {"type"});
    c.activity = col({"#activity+code", "#activity"}, {"name"});
    if (c.activity == absent_column)
        c.activity = col({"#activity+name", "#subsector+code", "#subsector"});
    c.implementing = col({"#org+impl"});
    c.appealing = col({"#org+prog", "#org"}, {"impl", "funder"});
    c.group = col({"#population_group+code", "#population_group"});
    c.long_form = c.group != absent_column;
    const auto reached = cols.figure("#reached");
    if (reached.total)
        c.fresh = *reached.total;
    for (const auto& [i, extra] : reached.parts) {
        if (used[i])
            continue;
        if (c.fresh == absent_column && extra.size() == 1 &&
            (extra[0] == "new" || extra[0] == "total")) {
            c.fresh = i;
        } else if (const auto k = io::hxl_sex_age_cell(extra)) {
            if (c.cells[*k] != absent_column)
                fail("columns " + std::to_string(c.cells[*k] + 1) + " (" + cols.spec(c.cells[*k]) +
                     ") and " + std::to_string(i + 1) + " (" + cols.spec(i) +
                     ") are both the cell " + std::string(cell_names[*k]));
            c.cells[*k] = i;
        } else if (const auto g = extra.size() == 1 ? groups.find(extra[0]) : std::nullopt;
                   g && !c.long_form) {
            for (const auto& [other, og] : c.groups)
                if (og == *g)
                    fail("columns " + std::to_string(other + 1) + " (" + cols.spec(other) +
                         ") and " + std::to_string(i + 1) + " (" + cols.spec(i) +
                         ") both name population group '" + groups.info(*g).code + "'");
            c.groups.emplace_back(i, *g);
        } else {
            continue; // fits no field: told as not used
        }
        used[i] = true;
    }
    if (c.fresh != absent_column)
        used[c.fresh] = true;
    std::string missing;
    auto need = [&](bool ok, std::string_view what) {
        if (!ok)
            add_reason(missing, what);
    };
    need(c.country != absent_column, "#country");
    need(c.month != absent_column, "#date");
    need(c.sector != absent_column, "#sector");
    need(c.indicator != absent_column, "#indicator");
    need(c.appealing != absent_column || c.implementing != absent_column, "#org");
    if (c.long_form)
        need(c.fresh != absent_column, "#reached");
    else
        need(c.fresh != absent_column || !c.groups.empty(),
             "#reached (a total, or parts by population group)");
    if (!missing.empty())
        fail("not an activity file: missing HXL tag(s) " + missing);
    return c;
}

/// Finds the columns of an activity file whose first record is header (read from rd): by
/// name (resolve_activity_header above), or from an HXL hashtag row (resolve_activity_hxl),
/// which may be the first record or come within the first io::header_search_rows records under
/// a row of names and title rows. When it comes later, rd is moved past it and header becomes
/// it, so the rows above it are never data. Throws as the two resolutions do (the error of the
/// names when there is no hashtag row).
inline activity_columns resolve_activity_header(io::csv_reader& rd, io::csv_record& header,
                                                const population_groups& groups,
                                                const std::string& source,
                                                std::vector<bool>& used) {
    if (io::is_hxl_row(header.fields))
        return resolve_activity_hxl(header, groups, source, used);
    // A hashtag row further down: looked for with a copy of the reader (a view of the same
    // text), so that rd stays on the first data row when there is none.
    std::size_t below = 0;
    {
        io::csv_reader look = rd;
        io::csv_record r;
        try {
            for (std::size_t k = 1; k < io::header_search_rows && look.next(r); ++k)
                if (io::is_hxl_row(r.fields)) {
                    below = k;
                    break;
                }
        } catch (const error&) {
            below = 0; // an unclosed quote: the rows are read, and reported, as data
        }
    }
    if (below == 0)
        return resolve_activity_header(header, groups, source, used);
    for (std::size_t k = 0; k < below; ++k)
        rd.next(header);
    return resolve_activity_hxl(header, groups, source, used);
}

/// Parses a CVA flag ("yes"/"no" and the usual spellings); std::nullopt when unreadable.
inline std::optional<cva_flag> parse_cva(std::string_view s) {
    const auto n = io::normalize_name(s);
    if (n == "yes" || n == "y" || n == "true" || n == "1" || n == "si" || n == "sí" || n == "x")
        return cva_flag::yes;
    if (n == "no" || n == "n" || n == "false" || n == "0")
        return cva_flag::no;
    return std::nullopt;
}

} // namespace tally::detail

namespace tally::detail {

/// What the header says about every row: resolved once, shared by the chunk parsers.
struct activity_layout {
    activity_columns c;
    std::size_t width = 0;
    std::vector<std::string> column_name; ///< as written in the header, for messages
    char delimiter = ',';                 ///< of the header line, for every slice
    bool any_cells = false;               ///< whether any age/gender cell has a column
};

/// The result of parsing one slice of an activity file. Lines are counted from the slice's own
/// first line number; the caller shifts them once the line the slice starts on is known.
/// Bytes and rows read so far by every slice, for a progress line.
struct read_progress {
    std::atomic<std::size_t> bytes{0}, rows{0};
};

struct activity_chunk {
    io::validation_report rep; ///< rejected rows and row counts
    /// Unreadable CVA spellings, in order of first sight, with their first line and row count.
    std::vector<std::pair<std::string, notice_count>> cva_notes;
    std::size_t first_start = 0; ///< offset of the first record at or after the slice's start
    std::size_t first_line = 0;  ///< the line of first_start
    std::size_t stop = 0;        ///< offset of the first record at or after the limit (or the end)
    std::size_t stop_line = 0;   ///< the line of stop
    /// The fingerprint of every record of the slice (lines of the slice), sorted at its end, for
    /// the search of lines repeated in every field (io/repeated_lines.hpp).
    io::print_set prints;
    std::exception_ptr failure;
};

/// The offset just after the first line end at or after p (text size when there is none).
inline std::size_t next_line_start(const char* text, std::size_t size, std::size_t p) noexcept {
    while (p < size && text[p] != '\n' && text[p] != '\r')
        ++p;
    if (p < size && text[p] == '\r' && p + 1 < size && text[p + 1] == '\n')
        ++p;
    return p < size ? p + 1 : size;
}

/// About how many lines text[from, to) has, from the line length of its first 256 KiB (a
/// little more, so that the columns are reserved once; reserved pages that are never written
/// cost no memory).
inline std::size_t estimate_lines(const char* text, std::size_t from, std::size_t to) noexcept {
    const std::size_t sample = std::min<std::size_t>(to - from, std::size_t{256} << 10);
    std::size_t ends = 0;
    for (std::size_t i = from; i < from + sample; ++i)
        ends += text[i] == '\n' || (text[i] == '\r' && (i + 1 >= to || text[i + 1] != '\n'));
    if (sample == 0)
        return 0;
    const double per_byte = static_cast<double>(ends + 1) / static_cast<double>(sample);
    return static_cast<std::size_t>(per_byte * static_cast<double>(to - from) * 1.1) + 16;
}

/// Parses the records of text[from, size) that start before limit into t, validating every row
/// (see the file comment). first_line is the line number given to offset `from`. Reading stops
/// at the first record starting at or after limit, or at an unclosed quote (which takes the rest
/// of the input, as a sequential read would: stop is then the end of the input). When map is
/// set, the pages already read are given back as the slice is read.
inline void parse_activity_chunk(const char* text, std::size_t size, std::size_t from,
                                 std::size_t limit, std::size_t first_line,
                                 const std::string& source, const activity_layout& layout,
                                 activity_table& t, activity_chunk& out, const io::mapped_file* map,
                                 read_progress* progress = nullptr) {
    const activity_columns& c = layout.c;
    const std::size_t width = layout.width;
    io::csv_reader rd(text + from, size - from, source, layout.delimiter, first_line);
    io::csv_record rec;
    io::validation_report& rep = out.rep;
    const code_id file = t.files.intern(source);
    spelling_cache<std::optional<indicator_type>> types;
    spelling_cache<code_id> group_spellings;
    spelling_cache<std::optional<cva_flag>> cvas;
    std::vector<notice_count> cva_notes;
    std::vector<group_value> breakdown;
    breakdown.reserve(c.groups.size() + 1);
    const char* const end = text + size; // most cells lie in text: their heads are read ahead
    intern_cache countries(t.countries), admin1s(t.admin1s), admin2s(t.admin2s), orgs(t.orgs),
        sectors(t.sectors), indicators(t.indicators), activities(t.activities);
    constexpr std::size_t release_every = std::size_t{32} << 20;
    std::size_t released = from;
    std::size_t reported = from, rows_since = 0;

    if (const std::size_t to = std::min(limit, size); to > from)
        out.prints.reserve(estimate_lines(text, from, to));
    bool first = true;
    for (;;) {
        const std::size_t start = from + rd.skip_blank_lines();
        if (first) {
            out.first_start = start;
            out.first_line = rd.line();
            first = false;
        }
        out.stop = start;
        out.stop_line = rd.line();
        if (start >= limit || start >= size)
            break;
        if (progress && start - reported >= (std::size_t{4} << 20)) {
            progress->bytes += start - reported;
            progress->rows += rows_since;
            reported = start;
            rows_since = 0;
        }
        ++rows_since;
        if (map && start - released >= release_every) {
            map->release(released, start);
            released = start;
        }
        const auto got = read_record(rd, rec, rep, width);
        if (got == record_read::end) {
            out.stop = size; // an unclosed quote: the rest of the input is that one record
            break;
        }
        const std::size_t line = rec.line;
        // Every record, good or bad, while its bytes are in cache.
        out.prints.add(io::fingerprint(text + start, from + rd.record_end() - start, line));
        if (got == record_read::rejected)
            continue; // a quoted field took lines that look like rows (reject_swallowing)
        if (rec.size() != width) {
            rep.reject({source, line, 0}, "expected " + std::to_string(width) + " fields, found " +
                                              std::to_string(rec.size()));
            continue;
        }
        auto cell = [&](std::size_t i) {
            return i == absent_column ? std::string_view{} : trim(rec[i]);
        };
        std::string why; // stays empty (and unallocated) for a good row

        const auto country = cell(c.country);
        if (country.empty())
            add_reason(why, "missing country");
        const auto month_text = cell(c.month);
        std::optional<month> when;
        if (month_text.empty())
            add_reason(why, "missing month");
        else if (!(when = month::try_parse(month_text)))
            add_reason(why, "month '" + std::string(month_text) + "' is not YYYY-MM");
        const auto sector = cell(c.sector);
        if (sector.empty())
            add_reason(why, "missing sector");
        const auto indicator = cell(c.indicator);
        if (indicator.empty())
            add_reason(why, "missing indicator");
        const auto appealing_cell = cell(c.appealing), implementing_cell = cell(c.implementing),
                   partner_cell = cell(c.partner);
        auto first_given = [](std::string_view a, std::string_view b, std::string_view d) {
            return !a.empty() ? a : !b.empty() ? b : d;
        };
        const auto appealing = first_given(appealing_cell, partner_cell, implementing_cell);
        const auto implementing = first_given(implementing_cell, partner_cell, appealing_cell);
        if (appealing.empty())
            add_reason(why, "missing organisation");

        indicator_type type = indicator_type::direct_assistance;
        if (const auto ty = cell(c.type); !ty.empty()) {
            if (auto parsed =
                    types.get(ty, [](std::string_view s) { return parse_indicator_type(s); }))
                type = *parsed;
            else
                add_reason(why, "indicator type '" + std::string(ty) + "' is not known");
        }

        breakdown.clear();
        code_id long_group = no_code;
        if (c.long_form) {
            const auto g = cell(c.group);
            if (g.empty()) {
                add_reason(why, "missing population_group");
            } else {
                long_group = group_spellings.get(
                    g, [&](std::string_view s) { return t.groups().find(s).value_or(no_code); });
                if (long_group == no_code)
                    add_reason(why, "unknown population group '" + std::string(g) + "'");
            }
        }

        // Numbers. A cell that is not a count makes the sums meaningless, so they are only
        // compared when every number parsed.
        bool numbers_ok = true;
        auto number = [&](std::size_t col, std::int64_t& v) -> bool {
            if (col == absent_column)
                return false;
            const auto st = parse_count(rec[col], v);
            if (st == number_status::ok)
                return true;
            v = 0;
            if (st != number_status::empty) {
                numbers_ok = false;
                add_reason(why, number_problem(st, layout.column_name[col], rec[col]));
            }
            return false;
        };
        std::int64_t fresh = 0, total = -1, v = 0;
        number(c.fresh, fresh);
        if (!number(c.total, total))
            total = -1;
        cells age_gender = cells::Zero();
        bool has_cells = false;
        for (int k = 0; k < cell_count && layout.any_cells; ++k)
            if (number(c.cells[static_cast<std::size_t>(k)], v)) {
                age_gender[k] = v;
                has_cells = true;
            }
        std::int64_t group_sum = 0;
        bool overflow = false;
        for (const auto& [col, g] : c.groups)
            if (number(col, v)) {
                breakdown.push_back({g, v});
                overflow |= __builtin_add_overflow(group_sum, v, &group_sum);
            }
        if (c.long_form && long_group != no_code)
            breakdown.push_back({long_group, fresh});

        if (numbers_ok) {
            if (!c.long_form && c.fresh == absent_column)
                fresh = group_sum;
            std::int64_t cell_sum = 0;
            for (int k = 0; k < cell_count; ++k)
                overflow |= __builtin_add_overflow(cell_sum, age_gender[k], &cell_sum);
            if (overflow)
                add_reason(why, "the breakdown does not fit in 64 bits");
            else {
                if (!c.groups.empty() && group_sum != fresh)
                    add_reason(why, "population groups add up to " + std::to_string(group_sum) +
                                        ", not new beneficiaries " + std::to_string(fresh));
                if (has_cells && cell_sum != fresh)
                    add_reason(why, "age/gender cells add up to " + std::to_string(cell_sum) +
                                        ", not new beneficiaries " + std::to_string(fresh));
            }
            if (total >= 0 && fresh > total)
                add_reason(why, "new beneficiaries " + std::to_string(fresh) +
                                    " exceed total monthly " + std::to_string(total));
        }

        if (!why.empty()) {
            rep.reject({source, line, 0}, std::move(why));
            continue;
        }

        cva_flag cva = cva_flag::unknown;
        if (const auto f = cell(c.cva); !f.empty()) {
            if (auto parsed = cvas.get(f, [](std::string_view s) { return parse_cva(s); })) {
                cva = *parsed;
            } else {
                const auto id = cvas.id_of(f);
                if (id >= cva_notes.size())
                    cva_notes.resize(id + 1);
                cva_notes[id].see(line);
            }
        }

        activity_line l;
        l.country = countries.intern(country, text, end);
        const auto a1 = cell(c.admin1), a2 = cell(c.admin2), act = cell(c.activity);
        l.admin1 = a1.empty() ? no_code : admin1s.intern(a1, text, end);
        l.admin2 = a2.empty() ? no_code : admin2s.intern(a2, text, end);
        l.when = *when;
        l.appealing_org = orgs.intern(appealing, text, end);
        l.implementing_org =
            implementing == appealing ? l.appealing_org : orgs.intern(implementing, text, end);
        l.sector = sectors.intern(sector, text, end);
        l.indicator = indicators.intern(indicator, text, end);
        l.type = type;
        l.activity = act.empty() ? no_code : activities.intern(act, text, end);
        l.cva = cva;
        l.total_monthly = total;
        l.new_beneficiaries = fresh;
        l.has_cells = has_cells;
        l.age_gender = age_gender;
        l.file = file;
        l.source_line = static_cast<std::uint32_t>(line);
        t.append(l, breakdown);
        rep.use();
    }
    for (code_id i = 0; i < cva_notes.size(); ++i)
        if (cva_notes[i].rows)
            out.cva_notes.emplace_back(cvas.spelling(i), cva_notes[i]);
    out.prints.sort();
}

} // namespace tally::detail

namespace tally::io {

/// Whether stderr is a terminal (progress lines are shown only there).
inline bool stderr_is_terminal() noexcept {
#ifdef TALLY_HAS_MMAP
    return ::isatty(2) == 1;
#else
    return false;
#endif
}

/// Reads activity rows from the CSV text[0, size) into `into` (appending; its dictionaries grow)
/// and returns the validation report; map, when given, is the mapping text lives in (its pages
/// are given back as they are read). source names the input in the report.
///
/// Large inputs are parsed in parallel: the text after the header is cut into slices at line
/// ends, each slice parsed on its own thread into its own dictionaries, and the slices appended
/// in order with their ids re-encoded, so the table, its ids (in order of first appearance), the
/// report and its line numbers are exactly those of reading the text from start to end. A cut
/// that falls inside a quoted field is found (the slice before it does not end where the next
/// one began) and the slice after it is read again from where the one before really ended.
inline validation_report read_activities_utf8(const char* text, std::size_t size,
                                              std::string source, activity_table& into,
                                              const activity_read_options& options,
                                              const mapped_file* map) {
    using namespace tally::detail;
    csv_reader rd(text, size, source);
    csv_record rec;
    validation_report rep;
    if (!rd.next(rec))
        throw error(errc::parse, source_position{source, 1, 0}, "empty file: no header");
    activity_layout layout;
    std::vector<bool> used;
    layout.c = resolve_activity_header(rd, rec, into.groups(), source, used);
    tell_ignored_columns(rep, source, rec, used);
    layout.width = rec.size();
    layout.delimiter = rd.delimiter();
    layout.any_cells = std::any_of(layout.c.cells.begin(), layout.c.cells.end(),
                                   [](std::size_t col) { return col != absent_column; });
    for (auto f : rec.fields)
        layout.column_name.emplace_back(trim(f));
    const std::size_t body = rd.position(), body_line = rd.line();

    // The slices: [cut[k], cut[k + 1]).
    unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
    threads = std::max(threads, 1u);
    const std::size_t bytes = size - body;
    std::size_t chunk = options.chunk_bytes;
    if (chunk == 0)
        chunk = std::max<std::size_t>((bytes + threads - 1) / threads, std::size_t{4} << 20);
    std::vector<std::size_t> cut{body};
    while (cut.back() < size) {
        const std::size_t want = cut.back() + chunk;
        cut.push_back(want >= size ? size : next_line_start(text, size, want - 1));
    }
    const std::size_t slices = cut.size() - 1;
    const std::size_t start_row = into.size();
    const auto entries_per_line = layout.c.long_form ? 1 : layout.c.groups.size();
    {
        const std::size_t lines = estimate_lines(text, body, size);
        into.reserve(lines, lines * entries_per_line);
    }

    // Slice 0 goes straight into `into`; the others into tables of their own, appended after.
    std::vector<activity_chunk> parts(slices);
    std::vector<std::unique_ptr<activity_table>> tables(slices);
    for (std::size_t k = 1; k < slices; ++k) {
        tables[k] = std::make_unique<activity_table>(into.groups());
        const std::size_t lines = estimate_lines(text, cut[k], cut[k + 1]);
        tables[k]->reserve(lines, lines * entries_per_line);
    }
    auto table_of = [&](std::size_t k) -> activity_table& { return k == 0 ? into : *tables[k]; };
    // Slices after the first number their lines from 2 (never 1, which would skip a byte-order
    // mark); the real numbers are known once the slice before has been read.
    read_progress progress;
    auto parse = [&](std::size_t k, std::size_t from, std::size_t first_line) {
        try {
            // Into a chunk of this thread's own, moved into parts at the end: the counters and
            // the fingerprint list are written on every row, and parts[k] shares cache lines
            // with parts[k + 1], which another thread writes as often.
            activity_chunk own;
            parse_activity_chunk(text, size, from, cut[k + 1], first_line, source, layout,
                                 table_of(k), own, map, &progress);
            parts[k] = std::move(own);
        } catch (...) {
            parts[k].failure = std::current_exception();
        }
    };
    const std::size_t workers = std::min<std::size_t>(threads, slices);
    if (workers <= 1) {
        // One thread: every slice starts where the one before really ended.
        for (std::size_t k = 0; k < slices; ++k) {
            parse(k, k == 0 ? body : parts[k - 1].stop,
                  k == 0 ? body_line : parts[k - 1].stop_line);
            if (parts[k].failure)
                std::rethrow_exception(parts[k].failure);
        }
    } else {
        std::atomic<std::size_t> next{0}, done{0};
        std::vector<std::thread> pool;
        pool.reserve(workers);
        for (std::size_t w = 0; w < workers; ++w)
            pool.emplace_back([&] {
                for (std::size_t k; (k = next.fetch_add(1)) < slices;)
                    parse(k, cut[k], k == 0 ? body_line : 2);
                ++done;
            });
        if (options.progress && size >= (std::size_t{64} << 20) && stderr_is_terminal()) {
            const auto t0 = std::chrono::steady_clock::now();
            while (done < workers) {
                std::this_thread::sleep_for(std::chrono::milliseconds(250));
                const double s =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                std::fprintf(stderr, "\r%s: %zu of %zu MB, %.0f rows/s   ", source.c_str(),
                             progress.bytes.load() >> 20, size >> 20,
                             s > 0 ? static_cast<double>(progress.rows.load()) / s : 0.0);
            }
            std::fprintf(stderr, "\r%*s\r", static_cast<int>(source.size()) + 48, "");
        }
        for (auto& th : pool)
            th.join();
        for (std::size_t k = 0; k < slices; ++k) {
            if (parts[k].failure)
                std::rethrow_exception(parts[k].failure);
            if (k == 0 || parts[k].first_start == parts[k - 1].stop)
                continue;
            // The cut fell inside a record (a quoted field with a line end): read the slice
            // again from where the one before ended, with its line number.
            const std::size_t from = parts[k - 1].stop;
            const std::size_t from_line = parts[k - 1].stop_line;
            parts[k] = activity_chunk{};
            tables[k] = std::make_unique<activity_table>(into.groups());
            parse(k, from, from_line);
            if (parts[k].failure)
                std::rethrow_exception(parts[k].failure);
        }
    }

    // Lines: slice k starts on the line where slice k-1 stopped.
    std::vector<std::int64_t> shift(slices, 0);
    for (std::size_t k = 1; k < slices; ++k) {
        const auto stop_line = static_cast<std::int64_t>(parts[k - 1].stop_line) + shift[k - 1];
        shift[k] = stop_line - static_cast<std::int64_t>(parts[k].first_line);
    }
    // Lines repeated in every field, before the tables are appended: the fingerprints are given
    // back before the appended table grows.
    {
        std::vector<io::print_set> prints(slices);
        for (std::size_t k = 0; k < slices; ++k) {
            parts[k].prints.shift_lines(shift[k]); // the same shift for all: the order stays
            prints[k] = std::move(parts[k].prints);
        }
        io::tell_repeated_lines(rep, source, io::repeats_among(prints));
    }
    std::vector<std::pair<std::string, notice_count>> cva_notes;
    for (std::size_t k = 0; k < slices; ++k) {
        auto& p = parts[k];
        for (auto& r : p.rep.rejected) {
            r.where.line =
                static_cast<std::size_t>(static_cast<std::int64_t>(r.where.line) + shift[k]);
            if (r.through)
                r.through =
                    static_cast<std::size_t>(static_cast<std::int64_t>(r.through) + shift[k]);
        }
        rep.merge(p.rep);
        for (const auto& note : p.cva_notes) {
            const auto& n = note.second;
            const auto first_line =
                static_cast<std::size_t>(static_cast<std::int64_t>(n.first_line) + shift[k]);
            auto it = std::find_if(cva_notes.begin(), cva_notes.end(),
                                   [&](const auto& e) { return e.first == note.first; });
            if (it == cva_notes.end())
                cva_notes.emplace_back(note.first, notice_count{first_line, n.rows});
            else
                it->second.rows += n.rows;
        }
        if (k > 0) {
            into.merge(std::move(*tables[k]), shift[k], threads);
            tables[k].reset();
        }
    }

    // Notices over the lines just read, in order (as if told while reading).
    geography_check geo(options.geo);
    std::vector<notice_count> indicator_notes; // by table indicator id
    std::vector<indicator_type> indicator_type_seen;
    {
        const auto country = into.country(), admin1 = into.admin1(), indicator = into.indicator();
        const auto& type = into.type();
        const auto fresh = into.new_beneficiaries();
        const auto& line = into.source_line();
        // Nothing to tell without a geography when every line is direct assistance (one type
        // on every line: the column stores a single value).
        const bool nothing_to_tell =
            !options.geo && type.uniform() && !type.empty() && counts_as_reached(type[0]);
        for (std::size_t i = nothing_to_tell ? into.size() : start_row; i < into.size(); ++i) {
            geo.row(into.countries, country[i], into.admin1s, admin1[i], line[i]);
            if (!counts_as_reached(type[i]) && fresh[i] > 0) {
                if (indicator[i] >= indicator_notes.size()) {
                    indicator_notes.resize(indicator[i] + 1);
                    indicator_type_seen.resize(indicator[i] + 1);
                }
                indicator_notes[indicator[i]].see(line[i]);
                indicator_type_seen[indicator[i]] = type[i];
            }
        }
    }
    geo.finish(rep, source, into.countries, into.admin1s);
    for (code_id i = 0; i < indicator_notes.size(); ++i)
        if (const auto& n = indicator_notes[i]; n.rows)
            rep.tell({source, n.first_line, 0},
                     "indicator '" + into.indicators[i] + "' is " +
                         std::string(to_string(indicator_type_seen[i])) +
                         ", not direct assistance: its beneficiaries are kept but never count "
                         "as people reached" +
                         rows_suffix(n.rows));
    for (const auto& [spelling, n] : cva_notes)
        rep.tell({source, n.first_line, 0},
                 "CVA '" + spelling + "' is not yes or no; kept as unknown" + rows_suffix(n.rows));
    std::stable_sort(rep.notices.begin(), rep.notices.end(),
                     [](const notice& a, const notice& b) { return a.where.line < b.where.line; });
    return rep;
}

/// Reads the activity rows of the bytes [text, text + size) (see read_activities_utf8): UTF-8 is
/// read in place; other encodings are first decoded to UTF-8 (io/encoding.hpp), with notices.
inline validation_report read_activities_span(const char* text, std::size_t size,
                                              std::string source, activity_table& into,
                                              const activity_read_options& options = {},
                                              const mapped_file* map = nullptr) {
    const decoded_input d = decode_input(std::string_view(text, size), source);
    const std::string_view utf8 = d.text ? std::string_view(*d.text) : std::string_view(text, size);
    // The check of the encoding read every page of a mapped file: give them back (they stay in
    // the page cache), or the whole file would stay resident beside the table.
    if (map && !d.text)
        map->release(0, size);
    validation_report rep = read_activities_utf8(utf8.data(), utf8.size(), source, into, options,
                                                 d.text ? nullptr : map);
    tell_decoding(rep, d);
    std::stable_sort(rep.notices.begin(), rep.notices.end(),
                     [](const notice& a, const notice& b) { return a.where.line < b.where.line; });
    return rep;
}

/// Reads activity rows from CSV text into `into` (appending; its dictionaries grow) and returns
/// the validation report. source names the input in the report (usually the file path).
/// Throws errc::parse when the text is empty or the header is not that of an activity file (see
/// the file comment); never for a bad row.
inline validation_report read_activities_text(std::string text, std::string source,
                                              activity_table& into,
                                              const activity_read_options& options = {}) {
    return read_activities_span(text.data(), text.size(), std::move(source), into, options);
}

/// Reads the activity file at path into `into`, from a memory map of it when it is a regular
/// file (no copy; pages are given back as they are read). Throws errc::io when the file cannot
/// be read, errc::parse when it is empty or its header is not that of an activity file.
inline validation_report read_activities(const std::string& path, activity_table& into,
                                         const activity_read_options& options = {}) {
    const mapped_file map(path);
    if (map.ok())
        return read_activities_span(map.data(), map.size(), path, into, options, &map);
    const std::string text = read_file(path);
    return read_activities_span(text.data(), text.size(), path, into, options);
}

} // namespace tally::io
