#pragma once
// Geography: region -> platform -> country -> admin1.
//
// The R4V preset has the 17 RMRP countries (ISO3 codes) under five national platforms (Brazil,
// Chile, Colombia, Ecuador, Peru) and three sub-regional ones (Caribbean, Central America and
// Mexico, Southern Cone). A user can replace it with their own, loaded from a CSV with columns
// `level,code,name,parent` (io/geography_csv.hpp) (level = region | platform | country | admin1;
// the parent of a platform is the region, of a country its platform, of an admin1 its country).
//
// Admin areas are joined by code only, never by free-text name: names differ in accents and
// spelling ("Manabi"/"Manabí").

#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/dictionary.hpp>
#include <tally/core/error.hpp>
#include <utility>
#include <vector>

namespace tally {

enum class platform_kind { national, sub_regional };

struct platform_info {
    std::string code;
    std::string name;
    platform_kind kind = platform_kind::national;
};

struct country_info {
    std::string code; ///< ISO3
    std::string name;
    code_id platform = no_code;
};

struct admin1_info {
    std::string code;
    std::string name;
    code_id country = no_code;
};

class geography {
  public:
    geography() = default;
    explicit geography(std::string region_code, std::string region_name = {})
        : region_code_(std::move(region_code)), region_name_(std::move(region_name)) {}

    /// The RMRP/R4V geography: 17 countries, 8 platforms, no admin1 (load those from a CSV or
    /// add them with add_admin1).
    static geography r4v() {
        geography g("R4V", "R4V region (17 countries)");
        for (auto [code, name] : {std::pair{"BRA", "Brazil"},
                                  {"CHL", "Chile"},
                                  {"COL", "Colombia"},
                                  {"ECU", "Ecuador"},
                                  {"PER", "Peru"}})
            g.add_platform(code, name, platform_kind::national);
        g.add_platform("CAR", "Caribbean", platform_kind::sub_regional);
        g.add_platform("CAM", "Central America and Mexico", platform_kind::sub_regional);
        g.add_platform("SCO", "Southern Cone", platform_kind::sub_regional);
        struct row {
            const char *iso3, *name, *platform;
        };
        for (auto r : {row{"BRA", "Brazil", "BRA"},
                       {"CHL", "Chile", "CHL"},
                       {"COL", "Colombia", "COL"},
                       {"ECU", "Ecuador", "ECU"},
                       {"PER", "Peru", "PER"},
                       {"ABW", "Aruba", "CAR"},
                       {"CUW", "Curaçao", "CAR"},
                       {"DOM", "Dominican Republic", "CAR"},
                       {"GUY", "Guyana", "CAR"},
                       {"TTO", "Trinidad and Tobago", "CAR"},
                       {"CRI", "Costa Rica", "CAM"},
                       {"MEX", "Mexico", "CAM"},
                       {"PAN", "Panama", "CAM"},
                       {"ARG", "Argentina", "SCO"},
                       {"BOL", "Bolivia", "SCO"},
                       {"PRY", "Paraguay", "SCO"},
                       {"URY", "Uruguay", "SCO"}})
            g.add_country(r.iso3, r.name, r.platform);
        // Spanish names, and the names FTS uses where they differ from the English ones, so that
        // resolve_country() reads the FTS API (location names) and Spanish-language 5W exports.
        for (auto [iso3, spelling] : {std::pair{"BRA", "Brasil"},
                                      {"PER", "Perú"},
                                      {"CUW", "Curazao"},
                                      {"DOM", "República Dominicana"},
                                      {"TTO", "Trinidad y Tobago"},
                                      {"MEX", "México"},
                                      {"PAN", "Panamá"},
                                      {"BOL", "Bolivia (Plurinational State of)"},
                                      {"BOL", "Bolivia (Estado Plurinacional de)"}})
            g.add_country_alias(iso3, spelling);
        return g;
    }

    /// Names the region (the root of the tree); io::read_geography_csv sets it from the file.
    void set_region(std::string_view code, std::string_view name) {
        region_code_ = std::string(code);
        region_name_ = std::string(name);
    }

    const std::string& region_code() const noexcept { return region_code_; }
    const std::string& region_name() const noexcept { return region_name_; }

    /// Throws errc::duplicate_code when the code is defined twice, or when the code or the name
    /// is (up to case, accents, blanks and punctuation) another platform's code or name: rows
    /// are keyed by platform name, so two platforms of one name would be added into one row.
    code_id add_platform(std::string_view code, std::string_view name, platform_kind kind) {
        const std::string shown(name.empty() ? code : name);
        for (const auto& p : platforms_)
            for (const auto& mine : {fold_name(code), fold_name(shown)})
                if (!mine.empty() && (mine == fold_name(p.code) || mine == fold_name(p.name)))
                    throw error(errc::duplicate_code, "platform '" + std::string(code) + "' (" +
                                                          shown +
                                                          ") has the name or code of platform '" +
                                                          p.code + "' (" + p.name + ")");
        const auto id = define(platform_codes_, code, "platform");
        platforms_.push_back({std::string(code), shown, kind});
        return id;
    }
    /// Throws errc::unknown_code when the platform is not defined; errc::duplicate_code when the
    /// code is defined twice, or when the code or the name is (folded as resolve_country folds)
    /// another country's code or name, so that every spelling resolves to one country.
    code_id add_country(std::string_view iso3, std::string_view name, std::string_view platform) {
        const auto p = lookup(platform_codes_, platform, "platform");
        if (country_codes_.contains(iso3))
            throw error(errc::duplicate_code,
                        "country '" + std::string(iso3) + "' is defined twice");
        const auto fc = fold_name(iso3), fn = fold_name(name);
        for (const auto& c : countries_) {
            const auto other = fold_name(c.code);
            if (fc == other)
                throw error(errc::duplicate_code, "country '" + std::string(iso3) +
                                                      "' is defined twice (as '" + c.code + "')");
            if (!fn.empty() && fn == other)
                throw error(errc::duplicate_code, "the name '" + std::string(name) +
                                                      "' of country " + std::string(iso3) +
                                                      " is the code of country " + c.code);
        }
        for (const auto& [folded, c] : country_names_) {
            if (fc == folded)
                throw error(errc::duplicate_code, "country code '" + std::string(iso3) +
                                                      "' is the name of country " +
                                                      countries_[c].code);
            if (!fn.empty() && fn == folded)
                throw error(errc::duplicate_code,
                            "the name '" + std::string(name) + "' is given to two countries (" +
                                countries_[c].code + " and " + std::string(iso3) + ")");
        }
        const auto id = define(country_codes_, iso3, "country");
        countries_.push_back({std::string(iso3), std::string(name), p});
        if (!fn.empty())
            country_names_.emplace_back(fn, id);
        return id;
    }
    /// Throws errc::unknown_code when the country is not defined.
    code_id add_admin1(std::string_view code, std::string_view name, std::string_view country) {
        const auto c = lookup(country_codes_, country, "country");
        const auto id = define(admin1_codes_, code, "admin1");
        admin1s_.push_back({std::string(code), std::string(name), c});
        return id;
    }

    /// Makes another spelling of a country's name resolve to it (resolve_country). Throws
    /// errc::unknown_code when the country is not defined, errc::duplicate_code when the spelling
    /// already names another country.
    void add_country_alias(std::string_view iso3, std::string_view spelling) {
        const auto c = lookup(country_codes_, iso3, "country");
        bind_country_name(fold_name(spelling), c);
    }

    /// The country given as its ISO3 code, its name or an alias (the R4V preset knows the
    /// English and Spanish names). Case, accents, blanks and punctuation do not matter: "Perú",
    /// "PERU", "peru" and "PER" all give Peru. std::nullopt when nothing matches: the caller
    /// reports the spelling (names are never guessed).
    std::optional<code_id> resolve_country(std::string_view s) const {
        const auto folded = fold_name(s);
        if (folded.empty())
            return std::nullopt;
        for (code_id c = 0; c < countries_.size(); ++c)
            if (fold_name(countries_[c].code) == folded)
                return c;
        for (const auto& [name, c] : country_names_)
            if (name == folded)
                return c;
        return std::nullopt;
    }

    /// s in lower case, without accents (Latin-1 letters of UTF-8 folded to their base letter),
    /// and with every run of characters other than letters and digits made one blank, trimmed.
    static std::string fold_name(std::string_view s) {
        std::string out;
        bool gap = false;
        auto put = [&](char c) {
            if (gap && !out.empty())
                out += ' ';
            gap = false;
            out += c;
        };
        for (std::size_t i = 0; i < s.size(); ++i) {
            const auto b = static_cast<unsigned char>(s[i]);
            if (b < 0x80) {
                if (std::isalnum(b))
                    put(static_cast<char>(std::tolower(b)));
                else
                    gap = true;
                continue;
            }
            // U+00C0..U+00FF are encoded C3 80..C3 BF.
            if (b == 0xC3 && i + 1 < s.size() &&
                (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
                const auto cp = 0xC0 + (static_cast<unsigned char>(s[i + 1]) - 0x80);
                ++i;
                static constexpr char base[] = "aaaaaaaceeeeiiiidnooooo ouuuuyts"
                                               "aaaaaaaceeeeiiiidnooooo ouuuuyty";
                const char c = base[cp - 0xC0];
                if (c == ' ')
                    gap = true;
                else
                    put(c);
                continue;
            }
            put(static_cast<char>(b)); // other non-ASCII bytes are kept as they are
        }
        return out;
    }

    std::optional<code_id> find_platform(std::string_view code) const {
        return platform_codes_.find(code);
    }
    /// The platform given by its code or its name, folded as resolve_country folds ("Southern
    /// Cone", "SCO", "southern cone"); std::nullopt when nothing matches.
    std::optional<code_id> resolve_platform(std::string_view s) const {
        const auto folded = fold_name(s);
        if (folded.empty())
            return std::nullopt;
        for (code_id p = 0; p < platforms_.size(); ++p)
            if (fold_name(platforms_[p].code) == folded || fold_name(platforms_[p].name) == folded)
                return p;
        return std::nullopt;
    }
    std::optional<code_id> find_country(std::string_view iso3) const {
        return country_codes_.find(iso3);
    }
    std::optional<code_id> find_admin1(std::string_view code) const {
        return admin1_codes_.find(code);
    }

    const platform_info& platform(code_id id) const { return platforms_.at(id); }
    const country_info& country(code_id id) const { return countries_.at(id); }
    const admin1_info& admin1(code_id id) const { return admin1s_.at(id); }

    std::size_t platform_count() const noexcept { return platforms_.size(); }
    std::size_t country_count() const noexcept { return countries_.size(); }
    std::size_t admin1_count() const noexcept { return admin1s_.size(); }

    /// The countries of a platform, in definition order.
    std::vector<code_id> countries_of(code_id platform) const {
        std::vector<code_id> out;
        for (code_id i = 0; i < countries_.size(); ++i)
            if (countries_[i].platform == platform)
                out.push_back(i);
        return out;
    }

  private:
    static code_id define(dictionary& d, std::string_view code, const char* what) {
        if (d.contains(code))
            throw error(errc::duplicate_code,
                        std::string(what) + " '" + std::string(code) + "' is defined twice");
        return d.intern(code);
    }
    void bind_country_name(std::string folded, code_id c) {
        for (const auto& [name, other] : country_names_)
            if (name == folded) {
                if (other != c)
                    throw error(errc::duplicate_code,
                                "the name '" + folded + "' is given to two countries (" +
                                    countries_[other].code + " and " + countries_[c].code + ")");
                return;
            }
        for (code_id other = 0; other < countries_.size(); ++other)
            if (other != c && fold_name(countries_[other].code) == folded)
                throw error(errc::duplicate_code,
                            "the name '" + folded + "' of country " + countries_[c].code +
                                " is the code of country " + countries_[other].code);
        country_names_.emplace_back(std::move(folded), c);
    }
    static code_id lookup(const dictionary& d, std::string_view code, const char* what) {
        if (auto id = d.find(code))
            return *id;
        throw error(errc::unknown_code,
                    std::string("unknown ") + what + " '" + std::string(code) + "'");
    }

    std::string region_code_ = "REGION";
    std::string region_name_ = "Region";
    dictionary platform_codes_, country_codes_, admin1_codes_;
    std::vector<platform_info> platforms_;
    std::vector<country_info> countries_;
    std::vector<admin1_info> admin1s_;
    std::vector<std::pair<std::string, code_id>> country_names_; // folded name -> country
};

} // namespace tally
