#pragma once
// A funding flow as FTS records it (docs/rules.md#funding-as-fts-counts-it): an amount in US
// dollars moving from source objects to destination objects, with the status, type and boundary
// that decide whether it counts towards a total.
//
// The boundary of a flow is relative to the query that returned it: a flow is "incoming" when
// it enters the queried country (or plan, ...) from outside, "internal" when it moves inside it
// (for example from a pooled fund to an NGO: counting it as well would count the same money
// twice), "outgoing" when it leaves. onBoundary is "shared" when one flow touches several
// countries, years or sectors without a breakdown: it is listed for each but added to none.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/core/money.hpp>
#include <tally/core/period.hpp>
#include <vector>

namespace tally::funding {

enum class flow_status : std::uint8_t { paid, commitment, pledge };
enum class flow_type : std::uint8_t { standard, parked, pass_through, carryover };
enum class flow_boundary : std::uint8_t { incoming, internal, outgoing };
enum class boundary_share : std::uint8_t { single, shared };
/// How an object takes part in a flow: alone, shared with others of its type without a
/// breakdown, or overlapping (the flow is counted in full for each).
enum class object_behavior : std::uint8_t { single, shared, overlap };
enum class object_type : std::uint8_t {
    organization,
    location,
    plan,
    cluster,
    global_cluster,
    usage_year,
    emergency,
    project,
};

/// FTS spellings ("pledge", "Pass through", "GlobalCluster", ...).
constexpr std::string_view name_of(flow_status s) noexcept {
    constexpr std::string_view n[] = {"paid", "commitment", "pledge"};
    return n[static_cast<int>(s)];
}
constexpr std::string_view name_of(flow_type t) noexcept {
    constexpr std::string_view n[] = {"Standard", "Parked", "Pass through", "Carryover"};
    return n[static_cast<int>(t)];
}
constexpr std::string_view name_of(flow_boundary b) noexcept {
    constexpr std::string_view n[] = {"incoming", "internal", "outgoing"};
    return n[static_cast<int>(b)];
}
constexpr std::string_view name_of(boundary_share b) noexcept {
    constexpr std::string_view n[] = {"single", "shared"};
    return n[static_cast<int>(b)];
}
constexpr std::string_view name_of(object_behavior b) noexcept {
    constexpr std::string_view n[] = {"single", "shared", "overlap"};
    return n[static_cast<int>(b)];
}
constexpr std::string_view name_of(object_type t) noexcept {
    constexpr std::string_view n[] = {"Organization",  "Location",  "Plan",      "Cluster",
                                      "GlobalCluster", "UsageYear", "Emergency", "Project"};
    return n[static_cast<int>(t)];
}

namespace detail {
template <class E, std::size_t N>
std::optional<E> parse_enum(std::string_view s, const std::string_view (&names)[N]) {
    for (std::size_t i = 0; i < N; ++i)
        if (s == names[i])
            return static_cast<E>(i);
    return std::nullopt;
}
} // namespace detail

/// Parsers of the FTS spellings; std::nullopt for anything else.
inline std::optional<flow_status> parse_flow_status(std::string_view s) {
    static const std::string_view n[] = {"paid", "commitment", "pledge"};
    return detail::parse_enum<flow_status>(s, n);
}
inline std::optional<flow_type> parse_flow_type(std::string_view s) {
    static const std::string_view n[] = {"Standard", "Parked", "Pass through", "Carryover"};
    return detail::parse_enum<flow_type>(s, n);
}
inline std::optional<flow_boundary> parse_flow_boundary(std::string_view s) {
    static const std::string_view n[] = {"incoming", "internal", "outgoing"};
    return detail::parse_enum<flow_boundary>(s, n);
}
inline std::optional<boundary_share> parse_boundary_share(std::string_view s) {
    static const std::string_view n[] = {"single", "shared"};
    return detail::parse_enum<boundary_share>(s, n);
}
inline std::optional<object_behavior> parse_object_behavior(std::string_view s) {
    static const std::string_view n[] = {"single", "shared", "overlap"};
    return detail::parse_enum<object_behavior>(s, n);
}
inline std::optional<object_type> parse_object_type(std::string_view s) {
    static const std::string_view n[] = {"Organization",  "Location",  "Plan",      "Cluster",
                                         "GlobalCluster", "UsageYear", "Emergency", "Project"};
    return detail::parse_enum<object_type>(s, n);
}

/// A source or destination object of a flow. id is FTS's id as text (may be empty where the
/// input, such as the HXL export, gives names only).
struct flow_object {
    object_type type = object_type::organization;
    std::string id;
    std::string name;
    object_behavior behavior = object_behavior::single;

    friend bool operator==(const flow_object&, const flow_object&) = default;
};

/// One FTS flow. amount is amountUSD: for a parked parent it is the residual not yet split
/// into children (0 when fully split), so parents and children never count the same dollar.
template <Amount A = usd_amount>
struct flow {
    std::string id; ///< FTS gives it as a string
    std::int64_t version = 1;
    A amount{};
    std::optional<double> original_amount; ///< in original_currency; absent in many records
    std::string original_currency;
    flow_status status = flow_status::paid;
    flow_type type = flow_type::standard;
    flow_boundary boundary = flow_boundary::incoming;
    boundary_share on_boundary = boundary_share::single;
    std::optional<std::int64_t> parent_id; ///< an integer in FTS, unlike id
    std::vector<std::int64_t> child_ids;
    std::optional<date> flow_date;
    std::optional<date> decision_date;
    std::string description;
    std::vector<flow_object> sources;
    std::vector<flow_object> destinations;

    /// True when the flow adds to the boundary's funding total: incoming, not a pledge, and
    /// single on the boundary.
    bool counts_as_funding() const noexcept {
        return boundary == flow_boundary::incoming && status != flow_status::pledge &&
               on_boundary == boundary_share::single;
    }
    /// True when the flow adds to the boundary's pledge total (same rule with status pledge).
    bool counts_as_pledge() const noexcept {
        return boundary == flow_boundary::incoming && status == flow_status::pledge &&
               on_boundary == boundary_share::single;
    }

    /// The destination objects of type t, in input order.
    std::vector<const flow_object*> destinations_of(object_type t) const {
        std::vector<const flow_object*> out;
        for (const auto& o : destinations)
            if (o.type == t)
                out.push_back(&o);
        return out;
    }

    friend bool operator==(const flow&, const flow&) = default;
};

} // namespace tally::funding
