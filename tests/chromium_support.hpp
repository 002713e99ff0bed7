#pragma once
// Headless Chromium for the tests of the HTML report: where it is, how to run it without
// network or state, and what to read from what it writes (PNG size, PDF page count). Tests that
// need it skip with a message when it is not installed (`scripts/dev test` installs it).

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <utility>

namespace chromium_support {

/// Runs a shell command, returning its exit status (-1 when it did not exit normally).
inline int run(const std::string& cmd) {
    const int st = std::system(cmd.c_str());
    return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

/// The installed Chromium, or "" when there is none.
inline std::string chromium_path() {
    for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
        if (std::filesystem::exists(p))
            return p;
    return {};
}

/// Headless Chromium with nothing that reaches the network or keeps state; a fresh profile
/// directory per run. --no-sandbox because CI runs as root.
inline std::string chromium_command(const std::string& exe, const std::filesystem::path& profile) {
    return exe +
           " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
           " --disable-background-networking --disable-component-update --disable-sync"
           " --user-data-dir=" +
           profile.string();
}

/// Width and height from a PNG's IHDR chunk (0, 0 when the file is not a PNG).
inline std::pair<std::uint32_t, std::uint32_t> png_size(const std::string& png) {
    static const std::string sig = "\x89PNG\r\n\x1a\n";
    if (png.size() < 24 || png.compare(0, 8, sig) != 0 || png.compare(12, 4, "IHDR") != 0)
        return {0, 0};
    auto be32 = [&](std::size_t at) {
        std::uint32_t v = 0;
        for (std::size_t i = 0; i < 4; ++i)
            v = (v << 8) | static_cast<unsigned char>(png[at + i]);
        return v;
    };
    return {be32(16), be32(20)};
}

/// The pages of a PDF: its page objects ("/Type /Page", not "/Type /Pages"). Chromium writes
/// them uncompressed.
inline std::size_t pdf_pages(const std::string& pdf) {
    std::size_t n = 0;
    for (auto p = pdf.find("/Type"); p != std::string::npos; p = pdf.find("/Type", p + 1)) {
        auto q = p + 5;
        while (q < pdf.size() && (pdf[q] == ' ' || pdf[q] == '\n' || pdf[q] == '\r'))
            ++q;
        if (pdf.compare(q, 5, "/Page") == 0 && (q + 5 >= pdf.size() || pdf[q + 5] != 's'))
            ++n;
    }
    return n;
}

} // namespace chromium_support
