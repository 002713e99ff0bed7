#pragma once
// The records of a reader's input, counted apart from the reader (shared by the fuzz targets and
// tests/io_validation.cpp): a reader keeps rows read = used + rejected by construction (its report
// counts a row when it uses or rejects it), so the account only proves that no row disappeared
// when rows read is checked against a count taken here.
//
// A count is a plain pass of the CSV reader over the text after the decoding every reader does
// first (io::decode_input): every record the tokenizer yields, blank lines not being records. A
// quoted field that is never closed ends the pass as one last record (the readers reject it as
// one row: "the rest of the file is this one record").

#include <algorithm>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/core/geography.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/encoding.hpp>
#include <tally/io/fts_csv.hpp>
#include <tally/io/hno.hpp>
#include <tally/io/hxl.hpp>
#include <tally/io/presence_reader.hpp>

namespace tally_fuzz {

/// Calls f(record) for every record of text (decoded as the readers decode it, see above);
/// returns whether the pass ended at an unclosed quote. unclosed_lines, when given, is set to
/// the physical lines of that last record (from its first line to the end of the input).
template <class F>
bool each_csv_record(std::string_view text, F&& f, std::size_t* unclosed_lines = nullptr) {
    const auto d = tally::io::decode_input(text, "count");
    tally::io::csv_reader rd(d.text ? *d.text : std::string(text), "count");
    tally::io::csv_record rec;
    try {
        while (rd.next(rec))
            f(rec);
    } catch (const tally::error&) {
        if (unclosed_lines) {
            const std::string_view rest = rd.input().substr(rd.record_start());
            std::size_t n = 0;
            for (std::size_t i = 0; i < rest.size(); ++i)
                n += rest[i] == '\n' ||
                     (rest[i] == '\r' && (i + 1 == rest.size() || rest[i + 1] != '\n'));
            if (!rest.empty() && rest.back() != '\n' && rest.back() != '\r')
                ++n;
            *unclosed_lines = std::max<std::size_t>(n, 1);
        }
        return true;
    }
    return false;
}

/// Which second record a CSV reader takes for an HXL hashtag row and skips: none; the FTS
/// export's rule (every non-empty cell begins with '#', io::is_hxl_row(csv_record)); or that of
/// the readers of names and tags (more than half of the cells valid tags, io::is_hxl_row(cells):
/// flow and requirements CSV).
enum class hashtag_row { none, fts_export, tags };

/// The data rows of a CSV reader's input and the physical lines they take.
struct data_account {
    std::size_t records = 0, lines = 0;
};

/// The data rows of a CSV reader's input: every record after the header (and after a hashtag
/// row right below it, as `second` says), an unclosed quote counting as one; and their lines
/// (what the readers count in validation_report::lines_read).
inline data_account data_rows(std::string_view text, hashtag_row second = hashtag_row::none) {
    std::size_t n = 0, lines = 0, header_lines = 0, second_lines = 0, unclosed_lines = 0;
    bool hxl = false;
    const bool unclosed = each_csv_record(
        text,
        [&](const tally::io::csv_record& rec) {
            if (n == 1 && second == hashtag_row::fts_export && tally::io::is_hxl_row(rec))
                hxl = true;
            // A first record that is itself a hashtag row is the header: no second one skipped.
            if (n == 1 && second == hashtag_row::tags && tally::io::is_hxl_row(rec.fields))
                hxl = true;
            if (n == 0 && second == hashtag_row::tags && tally::io::is_hxl_row(rec.fields))
                second = hashtag_row::none;
            if (n == 0)
                header_lines = rec.lines();
            if (n == 1)
                second_lines = rec.lines();
            lines += rec.lines();
            ++n;
        },
        &unclosed_lines);
    n += unclosed ? 1 : 0;
    lines += unclosed ? unclosed_lines : 0;
    if (unclosed && n == 1)
        header_lines = unclosed_lines;
    if (unclosed && n == 2)
        second_lines = unclosed_lines;
    const std::size_t skipped = (n > 0 ? 1 : 0) + (hxl ? 1 : 0);
    const std::size_t skipped_lines = (n > 0 ? header_lines : 0) + (hxl ? second_lines : 0);
    return {n - std::min(n, skipped), lines - std::min(lines, skipped_lines)};
}

/// The data rows of a CSV reader's input (data_rows).
inline std::size_t data_records(std::string_view text, hashtag_row second = hashtag_row::none) {
    return data_rows(text, second).records;
}

/// The data rows of an HNO table: the records after its HXL hashtag row (std::nullopt when it
/// has none within the rows the reader searches).
inline std::optional<std::size_t> hno_records(std::string_view text) {
    std::optional<std::size_t> after;
    std::size_t seen = 0;
    const bool unclosed = each_csv_record(text, [&](const tally::io::csv_record& rec) {
        ++seen;
        if (after)
            ++*after;
        else if (seen <= tally::io::header_search_rows && tally::io::is_hxl_row(rec.fields))
            after = 0;
    });
    if (after && unclosed)
        ++*after;
    return after;
}

/// The data rows of a needs table read by its header names (HPC, HAPI): the records after the
/// first of the rows the reader searches that is such a header (std::nullopt when none is).
inline std::optional<std::size_t> named_needs_records(std::string_view text) {
    using namespace tally::io;
    std::optional<std::size_t> after;
    std::size_t seen = 0;
    const bool unclosed = each_csv_record(text, [&](const csv_record& rec) {
        ++seen;
        if (after)
            ++*after;
        else if (seen <= header_search_rows) {
            const header_index h(rec);
            if (detail::is_hpc_header(h) || detail::is_hapi_needs_header(h))
                after = 0;
        }
    });
    if (after && unclosed)
        ++*after;
    return after;
}

/// The data rows of a 3W presence table: the records after its header (the first of the rows
/// searched that is a hashtag row or names an organisation column), and after a hashtag row
/// right below a header of names.
inline std::size_t presence_records(std::string_view text) {
    std::optional<std::size_t> after;
    std::size_t seen = 0;
    bool header_is_names = false, second = false;
    const bool unclosed = each_csv_record(text, [&](const tally::io::csv_record& rec) {
        ++seen;
        if (after) {
            if (*after == 0 && header_is_names && !second && tally::io::is_hxl_row(rec.fields)) {
                second = true; // the hashtag row under the names: part of the header
                return;
            }
            second = true;
            ++*after;
        } else if (seen <= tally::io::header_search_rows) {
            const tally::io::header_index h(rec);
            if (tally::io::is_hxl_row(rec.fields))
                after = 0;
            else if (tally::io::detail::find_any(h, tally::io::detail::presence_org_names)) {
                after = 0;
                header_is_names = true;
            }
        }
    });
    if (after && unclosed)
        ++*after;
    return after.value_or(0);
}

/// The data rows the plan reader sees: an HNO table's rows after its hashtag row, or the records
/// after the header of a plain plan file.
inline std::size_t plan_records(std::string_view text) {
    const auto d = tally::io::decode_input(text, "count");
    const std::string_view t = d.text ? std::string_view(*d.text) : text;
    const auto layout = tally::io::detail::needs_layout_of(t, "count");
    if (layout == tally::io::detail::needs_layout::hxl)
        return hno_records(t).value_or(0);
    if (layout != tally::io::detail::needs_layout::none)
        return named_needs_records(t).value_or(0);
    return data_records(t);
}

/// The flows of an FTS response (the size of data.flows), std::nullopt when text is not JSON of
/// that shape.
inline std::optional<std::size_t> fts_json_flows(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("data") || !j["data"].is_object() ||
        !j["data"].contains("flows") || !j["data"]["flows"].is_array())
        return std::nullopt;
    return j["data"]["flows"].size();
}

/// The rows of a geography file that define a platform, country or admin1 (every data record but
/// the region's).
inline std::size_t geography_entry_records(std::string_view text) {
    std::size_t n = 0, regions = 0;
    std::optional<std::size_t> level;
    const bool unclosed = each_csv_record(text, [&](const tally::io::csv_record& rec) {
        if (n++ == 0) {
            level = tally::io::header_index(rec).find("level");
            return;
        }
        if (level && *level < rec.size() && tally::normalize_name(rec[*level]) == "region")
            ++regions;
    });
    n += unclosed ? 1 : 0;
    return n - std::min(n, 1 + regions);
}

/// The entries of a geography (platforms, countries, admin1 areas).
inline std::size_t geography_entries(const tally::geography& g) {
    return g.platform_count() + g.country_count() + g.admin1_count();
}

} // namespace tally_fuzz
