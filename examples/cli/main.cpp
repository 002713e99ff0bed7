// tally — the command-line tool built on the tally library.

#include "cli.hpp"
#include "exceptions.hpp"
#include "printable_output.hpp"
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

namespace {

/// Runs the command of args with standard output and error through printable buffers (control
/// characters escaped, printable_output.hpp); when any was escaped, says so on standard error.
int run_printable(int (*run)(std::vector<std::string_view>&), std::vector<std::string_view>& args) {
    using tally::cli::printable_buffer;
    printable_buffer out(std::cout.rdbuf()), err(std::cerr.rdbuf());
    std::streambuf* const old_out = std::cout.rdbuf(&out);
    std::streambuf* const old_err = std::cerr.rdbuf(&err);
    const int status = run(args);
    std::cout.flush();
    std::cerr.flush();
    std::cout.rdbuf(old_out);
    std::cerr.rdbuf(old_err);
    if (const std::size_t n = out.escaped() + err.escaped())
        std::cerr << "note: " << n << " control character" << (n == 1 ? "" : "s")
                  << " of the inputs (names, cells) written as \\xHH or \\u00HH\n";
    return status;
}

int run_command(std::vector<std::string_view>& args);

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    return run_printable(run_command, args);
}

namespace {

int run_command(std::vector<std::string_view>& args) {
    using namespace tally::cli;
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

} // namespace
