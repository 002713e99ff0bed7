#pragma once
// Reader of the FTS API v2 plan overview (api.hpc.tools /v2/public/fts/flow/plan/overview/
// progress/YEAR): `data.plans`, one object per plan of the year with its code ("HAFG20"; the
// RMRP is RREG22 in 2022), name, type (planType.name), countries (each with its FTS location id
// and iso3), usage years, requirements (origRequirements, revisedRequirements), funding
// (totalFunding) and caseloads (caseLoads[].totals[]: inNeed, target, ...).
//
// Each plan becomes one requirements row (funding/requirements.hpp): the revised requirements
// (the current figure; the original one when no revision is given), FTS's funding figure, the
// plan's year (its one usage year; several are joined by '+', so they never match a single
// year), and its country: the one country's ISO3 code, or multi_country for a plan over several
// countries (the overview gives no country split: such a plan fits no country group, and its
// countries are kept in `countries`). The caseload is the plan's largest (by in need) when it
// has several (a plan's caseloads overlap: the largest is the plan-wide one, as the mosaic rule
// takes the highest), told as a notice naming the others.
//
// Malformed JSON throws errc::parse naming the line and column; a JSON document without
// data.plans throws errc::parse; a plan that cannot be read (no code, a requirement that is not a
// number) is rejected into the report with its index and id, not thrown.

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/core/iso3166.hpp>
#include <tally/funding/grouping.hpp>
#include <tally/funding/requirements.hpp>
#include <tally/io/file.hpp>
#include <tally/io/fts_json.hpp>
#include <tally/io/validation.hpp>
#include <vector>

namespace tally::io {

/// Whether text looks like an FTS plan overview: a JSON object whose first 64 KiB name a
/// "plans" member and no "flows" member (a flow search). The reader checks the structure.
inline bool is_fts_plan_overview(std::string_view text) {
    const auto head = text.substr(0, std::min<std::size_t>(text.size(), 1 << 16));
    return head.find("\"plans\"") != std::string_view::npos &&
           head.find("\"flows\"") == std::string_view::npos;
}

namespace detail {
/// One plan of the overview as a requirements row. Throws std::invalid_argument naming the field
/// when the plan has no code or a number is malformed.
inline funding::plan_requirement plan_from_fts_json(const nlohmann::json& p,
                                                    const std::string& source,
                                                    std::vector<std::string>& caseload_notes) {
    if (!p.is_object())
        throw std::invalid_argument("a plan is not a JSON object");
    funding::plan_requirement r;
    r.plan_code = json_text(p, "code");
    if (r.plan_code.empty())
        throw std::invalid_argument("'code' is missing");
    r.plan_id = json_text(p, "id");
    r.plan_name = json_text(p, "name");
    if (auto t = p.find("planType"); t != p.end() && t->is_object())
        r.plan_type = json_text(*t, "name");
    if (auto y = p.find("usageYears"); y != p.end() && y->is_array())
        for (const auto& u : *y)
            r.year += (r.year.empty() ? "" : "+") + json_text(u, "year");
    if (auto req = p.find("requirements"); req != p.end() && req->is_object()) {
        auto v = json_int(*req, "revisedRequirements");
        if (!v)
            v = json_int(*req, "origRequirements");
        if (v) {
            if (*v < 0)
                throw std::invalid_argument("'revisedRequirements' is negative");
            r.requirements = usd_amount(*v);
        }
    }
    if (auto f = p.find("funding"); f != p.end() && f->is_object())
        if (auto v = json_int(*f, "totalFunding"))
            r.funding = usd_amount(*v);
    if (auto cs = p.find("countries"); cs != p.end() && cs->is_array())
        for (const auto& c : *cs) {
            std::string iso3 = json_text(c, "iso3");
            if (iso3.empty())
                iso3 = json_text(c, "name"); // "Global" (FTS location 251) has no iso3
            else if (auto known = iso3_of_country(iso3))
                iso3 = *known;
            r.countries.push_back(iso3);
        }
    if (r.countries.size() == 1 && iso3_of_country(r.countries.front()))
        r.country = r.countries.front();
    else
        r.country = std::string(funding::multi_country);
    // Caseloads: the largest in need.
    std::vector<std::pair<std::int64_t, std::optional<std::int64_t>>> loads;
    if (auto cl = p.find("caseLoads"); cl != p.end() && cl->is_array())
        for (const auto& c : *cl) {
            std::optional<std::int64_t> in_need, target;
            if (auto ts = c.find("totals"); ts != c.end() && ts->is_array())
                for (const auto& t : *ts) {
                    const auto type = json_text(t, "type");
                    if (type == "inNeed")
                        in_need = json_int(t, "value");
                    else if (type == "target")
                        target = json_int(t, "value");
                }
            if (in_need)
                loads.emplace_back(*in_need, target);
        }
    if (!loads.empty()) {
        const auto top = std::max_element(loads.begin(), loads.end(),
                                          [](auto& a, auto& b) { return a.first < b.first; });
        r.in_need = top->first;
        r.targeted = top->second;
        if (loads.size() > 1) {
            std::string others;
            for (const auto& l : loads)
                if (&l != &*top)
                    others += (others.empty() ? "" : ", ") + std::to_string(l.first);
            caseload_notes.push_back(
                "plan " + r.plan_code + " has " + std::to_string(loads.size()) +
                " caseloads: the largest in need (" + std::to_string(r.in_need.value()) +
                ") is taken as the plan's, not the others (" + others + ")");
        }
    }
    r.source = source;
    return r;
}
} // namespace detail

/// Parses an FTS plan overview into a requirements table (see the top of this header). Throws
/// errc::parse when text is not JSON (naming line and column) or has no data.plans array; a
/// plan that cannot be read is rejected into report.
inline funding::requirements_table parse_fts_plan_overview(std::string_view text,
                                                           const std::string& source,
                                                           validation_report& report) {
    const nlohmann::json j = detail::parse_json_text(text, source);
    if (!j.is_object() || !j.contains("data") || !j["data"].is_object() ||
        !j["data"].contains("plans") || !j["data"]["plans"].is_array())
        throw error(errc::parse, source_position{source, 0, 0},
                    "not an FTS plan overview (no data.plans array)");
    funding::requirements_table out;
    const auto& plans = j["data"]["plans"];
    for (std::size_t i = 0; i < plans.size(); ++i) {
        std::vector<std::string> notes;
        try {
            out.add(detail::plan_from_fts_json(plans[i], source, notes));
            report.use();
            for (auto& n : notes)
                report.tell({source, 0, 0}, std::move(n));
        } catch (const std::exception& e) {
            std::string id;
            if (plans[i].is_object())
                try {
                    id = detail::json_text(plans[i], "id");
                } catch (const std::exception&) {
                }
            report.reject({source, 0, 0}, "plan " + std::to_string(i + 1) +
                                              (id.empty() ? "" : " (id " + id + ")") + ": " +
                                              e.what());
        }
    }
    return out;
}

/// Reads the FTS plan overview in the file at path. Throws errc::io when it cannot be read,
/// errc::parse as parse_fts_plan_overview.
inline funding::requirements_table read_fts_plan_overview(const std::string& path,
                                                          validation_report& report) {
    return parse_fts_plan_overview(read_file(path), path, report);
}

} // namespace tally::io
