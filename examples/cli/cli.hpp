#pragma once
// Shared pieces of the tally command-line tool: the command table and a small option parser.
//
// Exit statuses: 0 success; 1 the data has problems (rejected rows under --strict, or `check`
// found any); 2 usage errors and unreadable input.

#include <initializer_list>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/core/names.hpp>
#include <vector>

namespace tally::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_data = 1;
inline constexpr int exit_usage = 2;

using args_t = std::span<const std::string_view>;

struct command {
    std::string_view name;
    std::string_view summary;
    std::string_view usage; ///< full help text of the subcommand
    int (*run)(args_t args, std::ostream& out, std::ostream& err);
};

/// An old spelling of an option that still works for one release: --from is read as --to, with
/// a notice on standard error ("tally: --scope is deprecated, use --sector").
struct renamed_option {
    std::string_view from, to;
};

/// Parsed options: --name value, --name=value, boolean --flag, and positional arguments. The
/// grammar every command shares (docs/cli.md): `-o FILE` is --output FILE where the command
/// declares "output"; the old spellings in renamed are read as their new names, each with a
/// deprecation notice on err. Throws errc::usage for an unknown option or a missing value.
class options {
  public:
    options(args_t args, std::set<std::string, std::less<>> with_value,
            std::set<std::string, std::less<>> flags,
            std::initializer_list<renamed_option> renamed = {}, std::ostream& err = std::cerr) {
        for (std::size_t i = 0; i < args.size(); ++i) {
            std::string_view a = args[i];
            if (a == "-o" && with_value.contains("output")) {
                if (i + 1 >= args.size())
                    throw error(errc::usage, "option -o needs a value");
                values_["output"] = std::string(args[++i]);
            } else if (a.size() > 2 && a.substr(0, 2) == "--") {
                std::string name(a.substr(2));
                std::optional<std::string> value;
                if (auto eq = name.find('='); eq != std::string::npos) {
                    value = name.substr(eq + 1);
                    name.resize(eq);
                }
                for (const auto& r : renamed)
                    if (name == r.from) {
                        err << "tally: --" << r.from << " is deprecated, use --" << r.to << "\n";
                        name = std::string(r.to);
                        break;
                    }
                if (with_value.contains(name)) {
                    if (!value) {
                        if (i + 1 >= args.size())
                            throw error(errc::usage, "option --" + name + " needs a value");
                        value = std::string(args[++i]);
                    }
                    values_[name] = *value;
                } else if (flags.contains(name) && !value) {
                    flags_.insert(name);
                } else {
                    throw error(errc::usage, "unknown option --" + name);
                }
            } else if (a.size() > 1 && a[0] == '-' && a != "-" &&
                       (a[1] < '0' || a[1] > '9')) { // a short option other than -o
                throw error(errc::usage, "unknown option " + std::string(a));
            } else {
                positional_.emplace_back(a);
            }
        }
    }

    std::optional<std::string> value(std::string_view name) const {
        if (auto it = values_.find(name); it != values_.end())
            return it->second;
        return std::nullopt;
    }
    std::string value_or(std::string_view name, std::string fallback) const {
        return value(name).value_or(std::move(fallback));
    }
    /// The value of name, which must be one of choices. Throws errc::usage otherwise.
    std::string choice(std::string_view name, std::initializer_list<std::string_view> choices,
                       std::string fallback) const {
        auto v = value_or(name, std::move(fallback));
        for (auto c : choices)
            if (v == c)
                return v;
        std::string list;
        for (auto c : choices) {
            // Appended piece by piece: g++ 12 -O3 reports a false -Wrestrict otherwise.
            list += list.empty() ? "" : "|";
            list += std::string(c);
        }
        throw error(errc::usage,
                    "--" + std::string(name) + " must be one of " + list + ", not '" + v + "'");
    }
    bool flag(std::string_view name) const { return flags_.find(name) != flags_.end(); }
    const std::vector<std::string>& positional() const noexcept { return positional_; }

  private:
    std::map<std::string, std::string, std::less<>> values_;
    std::set<std::string, std::less<>> flags_;
    std::vector<std::string> positional_;
};

/// The subcommands, defined in commands.cpp.
std::span<const command> commands();

} // namespace tally::cli
