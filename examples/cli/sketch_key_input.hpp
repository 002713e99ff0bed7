#pragma once
// The key a command is given to check sketches (--key-file): the shared key, whose
// authentication key is derived, or an authentication key file made by `tally sketch auth-key`
// (sketch/keyed_hash.hpp). Without libsodium no sketch can be checked, so none is read.

#include "cli.hpp"
#include <string>
#include <tally/io/file.hpp>
#if defined(TALLY_HAVE_SODIUM)
#include <tally/sketch/keyed_hash.hpp>
#endif

namespace tally::cli {

#if defined(TALLY_HAVE_SODIUM)
/// The authentication key of the key file at path. Throws errc::io (unreadable) and
/// errc::invalid_argument (not a key), both naming the file.
inline sketch::sketch_auth_key read_sketch_auth_key(const std::string& path) {
    const auto text = io::read_file(path);
    try {
        return sketch::sketch_auth_key::from_text(text);
    } catch (const error& e) {
        if (!e.where().file.empty())
            throw;
        throw error(e.code(), source_position{path, 0, 0}, e.detail());
    }
}
#endif

/// The usage error of a command that reads sketches in a tally built without libsodium.
[[noreturn]] inline void no_sketch_authentication() {
    throw error(errc::usage, "this tally was built without libsodium: sketches cannot be "
                             "authenticated, so none is read");
}

} // namespace tally::cli
