#pragma once
// Reading whole files into memory.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>
#include <tally/core/error.hpp>

namespace tally::io {

/// The whole content of the file at path. Throws errc::io naming the file and the reason;
/// `PATH: is a directory` for a directory (which fopen opens on Linux, and whose size ftell
/// gives as 2^63 - 1, an allocation failure).
inline std::string read_file(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw error(errc::io, source_position{path, 0, 0}, "is a directory");
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
        throw error(errc::io, source_position{path, 0, 0},
                    std::string("cannot open: ") + std::strerror(errno));
    std::string out;
    // Read in one piece when the size is known (regular files), in chunks otherwise (pipes).
    if (std::fseek(f, 0, SEEK_END) == 0) {
        const long size = std::ftell(f);
        if (size > 0 && std::fseek(f, 0, SEEK_SET) == 0) {
            out.resize(static_cast<std::size_t>(size));
            out.resize(std::fread(out.data(), 1, out.size(), f));
        }
    }
    char buf[1 << 16];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
        out.append(buf, n);
    const bool bad = std::ferror(f) != 0;
    std::fclose(f);
    if (bad)
        throw error(errc::io, source_position{path, 0, 0}, "read error");
    return out;
}

} // namespace tally::io
