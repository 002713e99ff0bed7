// Reading and writing whole files (io/file.hpp): write_file replaces a file whole, keeps a link a
// link, leaves nothing behind when it cannot write, and read_file reads back every byte.

#include "cli_support.hpp"
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <doctest/doctest.h>
#include <filesystem>
#include <string>
#include <tally/core/error.hpp>
#include <tally/io/file.hpp>
#include <vector>

#if defined(__unix__)
#include <csignal>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

namespace fs = std::filesystem;

namespace {

// The names in dir, sorted: what a write left behind.
std::string names_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    std::string out;
    for (const auto& n : names)
        out += n + ";";
    return out;
}

tally::errc code_of_write(const std::string& path, const std::string& bytes) {
    try {
        tally::io::write_file(path, bytes);
    } catch (const tally::error& e) {
        CHECK(e.what() != std::string());
        return e.code();
    }
    return tally::errc{};
}

} // namespace

TEST_CASE("write_file makes a file and replaces one whole, with no file of its own left") {
    tally_test::scratch s("io_file_replace");
    const auto path = s.path("out.csv");
    std::string bytes("a,b\n1,2\n");
    bytes.push_back('\0');
    bytes += "\xff\r\n";
    tally::io::write_file(path, bytes);
    CHECK(tally::io::read_file(path) == bytes);
    tally::io::write_file(path, "short\n"); // shorter than before: nothing of the old is left
    CHECK(tally::io::read_file(path) == "short\n");
    tally::io::write_file(path, "");
    CHECK(tally::io::read_file(path).empty());
    CHECK(names_in(s.dir) == "out.csv;");
}

TEST_CASE("write_file keeps the earlier file's permissions") {
    tally_test::scratch s("io_file_permissions");
    const auto path = s.file("report.html", "old");
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    tally::io::write_file(path, "new");
    CHECK(fs::status(path).permissions() ==
          (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
    CHECK(tally::io::read_file(path) == "new");
}

TEST_CASE("write_file replaces a symbolic link's target and keeps the link") {
    tally_test::scratch s("io_file_link");
    const auto target = s.file("real.json", "{}");
    const auto link = s.path("latest.json");
    fs::create_symlink("real.json", link);
    tally::io::write_file(link, "[1]");
    CHECK(fs::is_symlink(link));
    CHECK(tally::io::read_file(target) == "[1]");
    CHECK(names_in(s.dir) == "latest.json;real.json;");
}

TEST_CASE("write_file refuses what it cannot write with errc::io, leaving nothing behind") {
    tally_test::scratch s("io_file_refused");
    fs::create_directory(s.dir / "a directory");
    CHECK(code_of_write(s.path("a directory"), "x") == tally::errc::io);
    CHECK(fs::is_directory(s.dir / "a directory"));
    CHECK(code_of_write(s.path("missing/out.csv"), "x") == tally::errc::io);
    CHECK(names_in(s.dir) == "a directory;");
}

TEST_CASE("write_file does not take the name of a file that is in the way") {
    tally_test::scratch s("io_file_in_the_way");
    const auto path = s.path("out.txt");
    s.file("out.txt.tmp-0", "someone else's");
    tally::io::write_file(path, "mine");
    CHECK(tally::io::read_file(path) == "mine");
    CHECK(tally::io::read_file(s.path("out.txt.tmp-0")) == "someone else's");
    CHECK(names_in(s.dir) == "out.txt;out.txt.tmp-0;");
}

#if defined(__linux__)
TEST_CASE("write_file says why it cannot write to a device") {
    // /dev/full takes no byte (ENOSPC): a device is written to directly, and its error told.
    if (!fs::exists("/dev/full")) {
        MESSAGE("skipped: this system has no /dev/full");
        return;
    }
    try {
        tally::io::write_file("/dev/full", "x");
        FAIL("write_file wrote to /dev/full");
    } catch (const tally::error& e) {
        CHECK(e.code() == tally::errc::io);
        CHECK(std::string(e.what()).find(std::string("cannot write: ") + std::strerror(ENOSPC)) !=
              std::string::npos);
    }
}
#endif

#if defined(__unix__)
TEST_CASE("write_file that fails half-way leaves the earlier file as it was") {
    // A child process may write 4 bytes a file (RLIMIT_FSIZE): its write of more fails (EFBIG),
    // as on a full disk. It exits 0 when write_file threw errc::io.
    tally_test::scratch s("io_file_half_way");
    const auto path = s.file("figures.csv", "earlier figures\n");
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        std::signal(SIGXFSZ, SIG_IGN);
        const rlimit four{4, 4};
        ::setrlimit(RLIMIT_FSIZE, &four);
        ::_exit(code_of_write(path, std::string(10000, 'x')) == tally::errc::io ? 0 : 1);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(tally::io::read_file(path) == "earlier figures\n");
    CHECK(names_in(s.dir) == "figures.csv;");
}
#endif

TEST_CASE("read_file refuses a directory and a missing file with errc::io") {
    tally_test::scratch s("io_file_read");
    for (const auto& p : {s.dir.string(), s.path("none.csv")}) {
        try {
            (void)tally::io::read_file(p);
            FAIL("read_file read " << p);
        } catch (const tally::error& e) {
            CHECK(e.code() == tally::errc::io);
        }
    }
}
