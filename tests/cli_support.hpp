#pragma once
// Runs the built tally tool for the command-line tests (TALLY_CLI_PATH is set by CMake).

#include <array>
#include <cstdio>
#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace tally_test {

struct cli_result {
    int status; ///< the exit status, -1 when the tool did not exit normally
    std::string out, err;
};

/// Runs `tally ARGS` (ARGS is a shell fragment). Standard error is captured in err, or merged
/// into out when merge_stderr is true.
inline cli_result run_cli(const std::string& args, bool merge_stderr = false) {
    std::string err_path;
    std::string cmd = std::string(TALLY_CLI_PATH) + " " + args;
    if (merge_stderr) {
        cmd += " 2>&1";
    } else {
        char err_template[] = "/tmp/tally_cli_err_XXXXXX";
        const int fd = mkstemp(err_template);
        REQUIRE(fd >= 0);
        close(fd);
        err_path = err_template;
        cmd += " 2>" + err_path;
    }
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    cli_result r{-1, {}, {}};
    std::array<char, 4096> buf;
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0)
        r.out.append(buf.data(), n);
    const int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    if (!err_path.empty()) {
        if (FILE* e = std::fopen(err_path.c_str(), "r")) {
            while ((n = fread(buf.data(), 1, buf.size(), e)) > 0)
                r.err.append(buf.data(), n);
            std::fclose(e);
        }
        std::remove(err_path.c_str());
    }
    return r;
}

/// A scratch directory for the files of one test, made empty and removed after it: under the
/// system's temporary directory, named name (prefix it with the test file's name).
struct scratch {
    std::filesystem::path dir;
    explicit scratch(const std::string& name) : dir(std::filesystem::temp_directory_path() / name) {
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
    }
    ~scratch() { std::filesystem::remove_all(dir); }
    /// Writes text, byte for byte, into the file name of the directory; returns its path.
    std::string file(const std::string& name, const std::string& text) const {
        const auto p = path(name);
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }
    std::string path(const std::string& name) const { return (dir / name).string(); }
};

} // namespace tally_test
