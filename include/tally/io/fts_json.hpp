#pragma once
// Reader of FTS API responses (api.hpc.tools /v1/public/fts/flow): `data.flows`, the boundary
// summaries `data.incoming` / `data.outgoing` / `data.internal`, and `meta` (count, nextLink).
//
// Several files may be the pages of one query (chained by meta.nextLink, each repeating the
// query's summaries) or the answers to several queries; either way their flows go into one
// flow_set, which keeps the highest versionId of each id.
//
// Quirks handled: `id` is a string but parentFlowId / childFlowIds are integers (an integer id
// is accepted too); originalAmount and refCode may be absent rather than null; totals exceed
// 2^31 (all amounts are 64-bit); amounts given as decimals are rounded to whole dollars (with
// a notice). Malformed JSON throws; a malformed flow is rejected into the validation report.

#include <charconv>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/funding/flow.hpp>
#include <tally/funding/flow_set.hpp>
#include <tally/io/file.hpp>
#include <tally/io/validation.hpp>
#include <vector>

namespace tally::io {

/// FTS's own summary of one boundary of a query (data.incoming, ...); absent fields stay empty.
struct fts_boundary_summary {
    std::optional<std::int64_t> flow_count;
    std::optional<std::int64_t> funding_total;
    std::optional<std::int64_t> pledge_total;
    friend bool operator==(const fts_boundary_summary&, const fts_boundary_summary&) = default;
};

/// What one page says about itself and its query.
struct fts_page {
    std::string source;
    std::size_t flows = 0; ///< entries of data.flows on this page
    fts_boundary_summary incoming;
    fts_boundary_summary outgoing;
    fts_boundary_summary internal;
    std::optional<std::int64_t> count; ///< meta.count: flows in the whole query
    std::optional<std::string> next_link;
};

/// Where the JSON parser stopped, as line and column (1-based) of text.
inline source_position position_of_byte(std::string_view text, std::size_t byte,
                                        std::string source) {
    std::size_t line = 1, col = 1;
    const std::size_t end = std::min(byte, text.size());
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    return {std::move(source), line, col};
}

namespace detail {
/// The one conversion of a JSON number (or a string of digits) to a 64-bit integer, used for
/// every number taken from FTS JSON. An integer above 2^63 - 1 (nlohmann keeps it unsigned),
/// a float outside [-2^63, 2^63), NaN or infinite is an error, never a wrap; a float with a
/// fraction is rounded to the nearest whole number (half away from zero) when whole is false
/// and is an error when whole is true (ids). what names the field in the message.
inline std::int64_t json_to_int64(const nlohmann::json& v, const std::string& what,
                                  bool whole = false) {
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(INT64_MAX))
            throw std::invalid_argument("'" + what + "' " + std::to_string(u) +
                                        " is above 2^63 - 1");
        return static_cast<std::int64_t>(u);
    }
    if (v.is_number_integer())
        return v.get<std::int64_t>();
    if (v.is_number_float()) {
        const double d = v.get<double>();
        // 2^63 is exactly representable; every double in [-2^63, 2^63) fits after rounding
        // except those that round up to 2^63, which llround leaves below it.
        constexpr double limit = 9223372036854775808.0;
        if (!std::isfinite(d) || !(d >= -limit && d < limit))
            throw std::invalid_argument("'" + what + "' " + v.dump() +
                                        " is out of the 64-bit range");
        if (whole && std::trunc(d) != d)
            throw std::invalid_argument("'" + what + "' " + v.dump() + " is not a whole number");
        const double r = std::round(d);
        if (!(r >= -limit && r < limit))
            throw std::invalid_argument("'" + what + "' " + v.dump() +
                                        " is out of the 64-bit range");
        return static_cast<std::int64_t>(r);
    }
    if (v.is_string()) {
        const auto& s = v.get_ref<const std::string&>();
        std::int64_t n = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
        if (ec == std::errc() && p == s.data() + s.size() && !s.empty())
            return n;
        if (ec == std::errc::result_out_of_range)
            throw std::invalid_argument("'" + what + "' '" + s + "' is out of the 64-bit range");
    }
    throw std::invalid_argument("'" + what + "' is not an integer");
}
/// The number at key (see json_to_int64 for whole), std::nullopt when absent or null.
inline std::optional<std::int64_t> json_int(const nlohmann::json& j, const char* key,
                                            bool whole = false) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return std::nullopt;
    return json_to_int64(*it, key, whole);
}
inline std::string json_text(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return {};
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_number_integer())
        return it->dump(); // exact digits, also above 2^63 - 1
    throw std::invalid_argument(std::string("'") + key + "' is not text");
}
template <class E>
E json_enum(const nlohmann::json& j, const char* key, std::optional<E> (*parse)(std::string_view),
            std::optional<E> fallback = std::nullopt) {
    auto s = json_text(j, key);
    if (s.empty() && fallback)
        return *fallback;
    if (auto e = parse(s))
        return *e;
    throw std::invalid_argument(std::string("unknown ") + key + " '" + s + "'");
}
inline std::vector<funding::flow_object> json_objects(const nlohmann::json& j, const char* key) {
    std::vector<funding::flow_object> out;
    auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return out;
    for (const auto& o : *it) {
        auto t = funding::parse_object_type(json_text(o, "type"));
        if (!t)
            continue; // object kinds tally does not model (none in current FTS responses)
        funding::flow_object fo;
        fo.type = *t;
        fo.id = json_text(o, "id");
        fo.name = json_text(o, "name");
        fo.behavior = json_enum(o, "behavior", &funding::parse_object_behavior,
                                std::optional(funding::object_behavior::single));
        out.push_back(std::move(fo));
    }
    return out;
}
inline std::optional<date> json_date(const nlohmann::json& j, const char* key) {
    auto s = json_text(j, key);
    if (s.empty())
        return std::nullopt;
    if (auto d = date::try_parse(s))
        return d;
    throw std::invalid_argument(std::string("'") + key + "' is not a date: '" + s + "'");
}
/// A summary number tally only compares against (never adds up): a malformed one is left
/// empty with a notice instead of stopping the run.
inline std::optional<std::int64_t> json_summary_int(const nlohmann::json& j, const char* key,
                                                    const std::string& source,
                                                    validation_report& report) {
    try {
        return json_int(j, key);
    } catch (const std::invalid_argument& e) {
        report.tell(source_position{source, 0, 0},
                    std::string(e.what()) + ": summary field ignored");
        return std::nullopt;
    }
}
inline fts_boundary_summary json_summary(const nlohmann::json& data, const char* key,
                                         const std::string& source, validation_report& report) {
    fts_boundary_summary s;
    auto it = data.find(key);
    if (it == data.end() || !it->is_object())
        return s;
    s.flow_count = json_summary_int(*it, "flowCount", source, report);
    s.funding_total = json_summary_int(*it, "fundingTotal", source, report);
    s.pledge_total = json_summary_int(*it, "pledgeTotal", source, report);
    return s;
}
} // namespace detail

namespace detail {
/// The JSON document of text (after a UTF-8 byte order mark, which is skipped as the CSV readers
/// skip it). Throws errc::parse naming the line and column of the first error.
inline nlohmann::json parse_json_text(std::string_view text, const std::string& source) {
    // Parser positions below are relative to the text after the byte order mark, which only
    // shifts columns of line 1.
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        // e.byte is the 1-based position of the offending byte.
        auto where = position_of_byte(text, e.byte == 0 ? 0 : e.byte - 1, source);
        std::string what = e.what();
        if (auto p = what.find("parse error"); p != std::string::npos)
            what = what.substr(p);
        throw error(errc::parse, where,
                    "malformed JSON (byte " + std::to_string(e.byte) + "): " + what);
    } catch (const nlohmann::json::exception& e) {
        // A number beyond the range of a double (1e400) is out_of_range.406, not a parse error.
        std::string what = e.what();
        if (auto p = what.find("] "); p != std::string::npos)
            what = what.substr(p + 2);
        throw error(errc::parse, source_position{source, 0, 0}, "malformed JSON: " + what);
    }
    return j;
}
} // namespace detail

/// One flow of an FTS response. Throws std::invalid_argument or nlohmann::json::exception
/// naming the field when a required field (id, amountUSD, status, boundary, ...) is missing
/// or malformed; parse_fts_json turns that into a rejected row.
template <Amount A = usd_amount>
funding::flow<A> flow_from_fts_json(const nlohmann::json& j) {
    using namespace funding;
    if (!j.is_object())
        throw std::invalid_argument("a flow is not a JSON object");
    flow<A> f;
    f.id = detail::json_text(j, "id");
    if (f.id.empty())
        throw std::invalid_argument("'id' is missing");
    // A version is a count: 2.5 is no version, and rounding it could make it outrank 3.
    f.version = detail::json_int(j, "versionId", true).value_or(1);
    auto amount = detail::json_int(j, "amountUSD");
    if (!amount)
        throw std::invalid_argument("'amountUSD' is missing");
    f.amount = A(*amount);
    if (auto it = j.find("originalAmount"); it != j.end() && it->is_number())
        f.original_amount = it->get<double>();
    f.original_currency = detail::json_text(j, "originalCurrency");
    f.status = detail::json_enum(j, "status", &parse_flow_status);
    f.type = detail::json_enum(j, "flowType", &parse_flow_type,
                               std::optional(funding::flow_type::standard));
    f.boundary = detail::json_enum(j, "boundary", &parse_flow_boundary);
    f.on_boundary = detail::json_enum(j, "onBoundary", &parse_boundary_share);
    if (auto it = j.find("parentFlowId"); it != j.end() && !it->is_null())
        f.parent_id = detail::json_to_int64(*it, "parentFlowId", true);
    if (auto it = j.find("childFlowIds"); it != j.end() && it->is_array())
        for (const auto& c : *it)
            f.child_ids.push_back(detail::json_to_int64(c, "childFlowIds", true));
    f.flow_date = detail::json_date(j, "date");
    f.decision_date = detail::json_date(j, "decisionDate");
    f.description = detail::json_text(j, "description");
    f.sources = detail::json_objects(j, "sourceObjects");
    f.destinations = detail::json_objects(j, "destinationObjects");
    return f;
}

/// Parses one FTS response and offers its flows to into. source names the input in messages.
/// Throws errc::parse, naming the line and column, when text is not JSON, and errc::parse when
/// it is JSON without data.flows. A flow that cannot be read is rejected into report (with
/// its index on the page and its id when known), not thrown.
template <Amount A>
fts_page parse_fts_json(std::string_view text, std::string source, funding::flow_set<A>& into,
                        validation_report& report) {
    const nlohmann::json j = detail::parse_json_text(text, source);
    if (!j.is_object() || !j.contains("data") || !j["data"].is_object() ||
        !j["data"].contains("flows") || !j["data"]["flows"].is_array())
        throw error(errc::parse, source_position{source, 0, 0},
                    "not an FTS flow response (no data.flows array)");
    const auto& data = j["data"];
    fts_page page;
    page.source = source;
    page.incoming = detail::json_summary(data, "incoming", source, report);
    page.outgoing = detail::json_summary(data, "outgoing", source, report);
    page.internal = detail::json_summary(data, "internal", source, report);
    if (auto m = j.find("meta"); m != j.end() && m->is_object()) {
        page.count = detail::json_summary_int(*m, "count", source, report);
        if (auto l = m->find("nextLink");
            l != m->end() && l->is_string() && !l->get_ref<const std::string&>().empty())
            page.next_link = l->get<std::string>();
    }
    const auto& flows = data["flows"];
    page.flows = flows.size();
    for (std::size_t i = 0; i < flows.size(); ++i) {
        try {
            into.update(flow_from_fts_json<A>(flows[i]));
            report.use();
        } catch (const std::exception& e) {
            std::string id;
            if (flows[i].is_object())
                try {
                    id = detail::json_text(flows[i], "id");
                } catch (const std::exception&) {
                }
            report.reject(source_position{source, 0, 0},
                          "flow " + std::to_string(i + 1) + (id.empty() ? "" : " (id " + id + ")") +
                              ": " + e.what());
        }
    }
    return page;
}

/// Reads the FTS response in the file at path into into. Throws errc::io when the file cannot
/// be read and errc::parse as parse_fts_json does.
template <Amount A>
fts_page read_fts_json(const std::string& path, funding::flow_set<A>& into,
                       validation_report& report) {
    return parse_fts_json<A>(read_file(path), path, into, report);
}

/// The file name a nextLink points to (the part after the last '/', without a query string),
/// to match pages of one query given as local files.
inline std::string next_link_file(std::string_view link) {
    if (auto q = link.find('?'); q != std::string_view::npos)
        link = link.substr(0, q);
    if (auto s = link.rfind('/'); s != std::string_view::npos)
        link = link.substr(s + 1);
    return std::string(link);
}

#ifdef TALLY_COMPILED
// With the compiled component (docs/packaging.md), the reader for usd_amount is compiled once,
// into tally::compiled (src/fts_json.cpp); other amount types are instantiated here as usual.
extern template fts_page parse_fts_json<usd_amount>(std::string_view, std::string,
                                                    funding::flow_set<usd_amount>&,
                                                    validation_report&);
extern template fts_page
read_fts_json<usd_amount>(const std::string&, funding::flow_set<usd_amount>&, validation_report&);
#endif

} // namespace tally::io
