#pragma once
// `tally report --format pdf`: the HTML page printed to PDF by a headless Chromium found on the
// PATH (chromium, chromium-browser, google-chrome or google-chrome-stable), with the page's print
// stylesheet (A4, one page per section: report/html.hpp). Nothing reaches the network: the page
// has no script and fetches nothing, and Chromium runs with a fresh profile in a temporary
// directory, no first-run, no background networking, no component update, no sync; --no-sandbox
// only when running as root (Chromium refuses to start otherwise).
//
// Throws tally::error: errc::not_found when no Chromium is on the PATH, errc::io when the
// temporary files cannot be written or the PDF copied to its place, errc::internal when Chromium
// fails, times out (120 s) or writes no PDF (with the end of its log).

#include "cli.hpp"
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace tally::cli {

inline constexpr const char* chromium_names[] = {"chromium", "chromium-browser", "google-chrome",
                                                 "google-chrome-stable"};

/// The first Chromium executable on the PATH, or std::nullopt.
inline std::optional<std::string> find_chromium() {
    const char* path = std::getenv("PATH");
    if (!path)
        return std::nullopt;
    for (const char* name : chromium_names) {
        std::string dirs = path;
        for (std::size_t start = 0; start <= dirs.size();) {
            const auto end = std::min(dirs.find(':', start), dirs.size());
            const std::string dir = dirs.substr(start, end - start);
            const std::string exe = (dir.empty() ? std::string(".") : dir) + "/" + name;
            if (::access(exe.c_str(), X_OK) == 0 && !std::filesystem::is_directory(exe))
                return exe;
            start = end + 1;
        }
    }
    return std::nullopt;
}

namespace detail {

// Runs argv with stdout and stderr into `log`; the exit status, or -1 when it did not exit
// normally or ran past the timeout (then it is killed).
inline int run_logged(const std::vector<std::string>& argv, const std::string& log,
                      std::chrono::seconds timeout) {
    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (FILE* f = std::freopen(log.c_str(), "w", stdout)) {
            (void)f;
            ::dup2(::fileno(stdout), STDERR_FILENO);
        }
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    const auto until = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    for (;;) {
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        if (r < 0)
            return -1;
        if (std::chrono::steady_clock::now() > until) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

inline std::string tail_of(const std::string& path, std::size_t max_chars) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    auto t = s.str();
    return t.size() > max_chars ? "..." + t.substr(t.size() - max_chars) : t;
}

} // namespace detail

/// Prints `html` to the PDF file `output` with headless Chromium.
inline void print_pdf(const std::string& html, const std::string& output) {
    const auto exe = find_chromium();
    if (!exe)
        throw error(errc::not_found,
                    "--format pdf prints the page with Chromium, and none of chromium, "
                    "chromium-browser, google-chrome or google-chrome-stable is on the PATH: "
                    "install one (Debian: apt-get install chromium), or write --format html and "
                    "print it from a browser");
    char tmpl[] = "/tmp/tally_pdf_XXXXXX";
    if (!::mkdtemp(tmpl))
        throw error(errc::io, "cannot create a temporary directory for the PDF");
    const std::filesystem::path dir = tmpl;
    struct cleanup {
        std::filesystem::path d;
        ~cleanup() {
            std::error_code ec;
            std::filesystem::remove_all(d, ec);
        }
    } remove_dir{dir};
    const auto page = dir / "report.html", pdf = dir / "report.pdf", log = dir / "chromium.log";
    {
        std::ofstream f(page, std::ios::binary);
        if (!f || !(f << html) || !f.flush())
            throw error(errc::io, "cannot write " + page.string());
    }
    std::vector<std::string> argv = {*exe,
                                     "--headless",
                                     "--disable-gpu",
                                     "--no-first-run",
                                     "--disable-background-networking",
                                     "--disable-component-update",
                                     "--disable-sync",
                                     "--user-data-dir=" + (dir / "profile").string(),
                                     "--no-pdf-header-footer",
                                     "--print-to-pdf-no-header",
                                     "--print-to-pdf=" + pdf.string()};
    if (::geteuid() == 0)
        argv.push_back("--no-sandbox");
    argv.push_back("file://" + page.string());
    const int status = detail::run_logged(argv, log.string(), std::chrono::seconds(120));
    std::error_code ec;
    if (status != 0 || !std::filesystem::exists(pdf) || std::filesystem::file_size(pdf, ec) < 5)
        throw error(errc::internal, *exe + " did not print the PDF (exit status " +
                                        std::to_string(status) +
                                        "): " + detail::tail_of(log.string(), 600));
    std::filesystem::copy_file(pdf, output, std::filesystem::copy_options::overwrite_existing, ec);
    if (ec)
        throw error(errc::io, "cannot write " + output + ": " + ec.message());
}

} // namespace tally::cli
