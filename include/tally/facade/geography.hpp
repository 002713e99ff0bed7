#pragma once
// The geography for bindings: `tally geography` as a function, one row per place (level, code,
// name, parent, kind), the R4V preset or one read from a CSV file.
//
// Cost: a few hundred rows.

#include <tally/version.hpp>

#include <string>
#include <tally/core/geography.hpp>
#include <tally/facade/inputs.hpp>
#include <vector>

namespace tally::facade {

/// The places of the geography of path (level,code,name,parent[,kind]); empty: the R4V preset.
inline table geography_table(const std::string& path = {}) {
    std::vector<io::notice> notices;
    const auto g = path.empty() ? geography::r4v() : geography_of(path, notices, "file");
    table t;
    for (auto h : {"level", "code", "name", "parent", "kind"})
        t.add(h, column_type::text);
    auto row = [&t](std::string level, std::string code, std::string name, std::string parent,
                    std::string kind) {
        t.columns[0].text.push_back(std::move(level));
        t.columns[1].text.push_back(std::move(code));
        t.columns[2].text.push_back(std::move(name));
        t.columns[3].text.push_back(std::move(parent));
        t.columns[4].text.push_back(std::move(kind));
    };
    row("region", g.region_code(), g.region_name(), "", "");
    for (code_id p = 0; p < g.platform_count(); ++p)
        row("platform", g.platform(p).code, g.platform(p).name, g.region_code(),
            g.platform(p).kind == platform_kind::national ? "national" : "sub_regional");
    for (code_id c = 0; c < g.country_count(); ++c)
        row("country", g.country(c).code, g.country(c).name, g.platform(g.country(c).platform).code,
            "");
    for (code_id a = 0; a < g.admin1_count(); ++a)
        row("admin1", g.admin1(a).code, g.admin1(a).name, g.country(g.admin1(a).country).code, "");
    return t;
}

} // namespace tally::facade
