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
inline std::optional<std::int64_t> json_int(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return std::nullopt;
    if (it->is_number_integer())
        return it->get<std::int64_t>();
    if (it->is_number_float())
        return static_cast<std::int64_t>(std::llround(it->get<double>()));
    if (it->is_string()) {
        const auto s = it->get<std::string>();
        std::int64_t v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec == std::errc() && p == s.data() + s.size())
            return v;
    }
    throw std::invalid_argument(std::string("'") + key + "' is not an integer");
}
inline std::string json_text(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return {};
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_number_integer())
        return std::to_string(it->get<std::int64_t>());
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
inline fts_boundary_summary json_summary(const nlohmann::json& data, const char* key) {
    fts_boundary_summary s;
    auto it = data.find(key);
    if (it == data.end() || !it->is_object())
        return s;
    s.flow_count = json_int(*it, "flowCount");
    s.funding_total = json_int(*it, "fundingTotal");
    s.pledge_total = json_int(*it, "pledgeTotal");
    return s;
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
    f.version = detail::json_int(j, "versionId").value_or(1);
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
    f.parent_id = detail::json_int(j, "parentFlowId");
    if (auto it = j.find("childFlowIds"); it != j.end() && it->is_array())
        for (const auto& c : *it)
            f.child_ids.push_back(c.is_string() ? std::stoll(c.get<std::string>())
                                                : c.get<std::int64_t>());
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
    }
    if (!j.is_object() || !j.contains("data") || !j["data"].is_object() ||
        !j["data"].contains("flows") || !j["data"]["flows"].is_array())
        throw error(errc::parse, source_position{source, 0, 0},
                    "not an FTS flow response (no data.flows array)");
    const auto& data = j["data"];
    fts_page page;
    page.source = source;
    page.incoming = detail::json_summary(data, "incoming");
    page.outgoing = detail::json_summary(data, "outgoing");
    page.internal = detail::json_summary(data, "internal");
    if (auto m = j.find("meta"); m != j.end() && m->is_object()) {
        page.count = detail::json_int(*m, "count");
        if (auto s = detail::json_text(*m, "nextLink"); !s.empty())
            page.next_link = s;
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

} // namespace tally::io
