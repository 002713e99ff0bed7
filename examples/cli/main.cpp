// tally — the command-line tool built on the tally library.

#include "cli.hpp"
#include "exceptions.hpp"
#include <tally/version.hpp>

namespace {

void print_help(std::ostream& out) {
    out << "tally " << tally::version_string
        << " - de-duplication-aware figures for humanitarian response plans\n\n"
           "Usage: tally COMMAND [OPTIONS] [FILE...]\n"
           "       tally COMMAND --help\n"
           "       tally --help | --version\n\n"
           "Commands:\n";
    for (const auto& c : tally::cli::commands()) {
        out << "  " << c.name;
        for (std::size_t i = c.name.size(); i < 12; ++i)
            out << ' ';
        out << c.summary << "\n";
    }
    out << "\nExit status: 0 success; 1 rejected rows (check, or --strict); 2 usage error or "
           "unreadable input.\n";
}

} // namespace

int main(int argc, char** argv) {
    using namespace tally::cli;
    std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty()) {
        print_help(std::cerr);
        return exit_usage;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        print_help(std::cout);
        return exit_ok;
    }
    if (args[0] == "--version") {
        std::cout << "tally " << tally::version_string << "\n";
        return exit_ok;
    }
    for (const auto& c : commands()) {
        if (c.name != args[0])
            continue;
        const auto rest = args_t(args).subspan(1);
        for (auto a : rest)
            if (a == "--help" || a == "-h") {
                std::cout << c.usage;
                return exit_ok;
            }
        try {
            return c.run(rest, std::cout, std::cerr);
        } catch (...) {
            const tally::error e = current_exception_as_error();
            std::cerr << "tally " << c.name << ": " << e.what() << "\n";
            if (e.code() == tally::errc::usage)
                std::cerr << "Run 'tally " << c.name << " --help' for usage.\n";
            return e.code() == tally::errc::validation ? exit_data : exit_usage;
        }
    }
    std::cerr << "tally: unknown command '" << args[0] << "'\nRun 'tally --help' for usage.\n";
    return exit_usage;
}
