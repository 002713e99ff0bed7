#pragma once
// Every error the tool prints starts with a [tally.<area>.<n>] code, also for exceptions that
// are not tally::error: those of the standard library and of nlohmann-json are given a code here.

#include <exception>
#include <filesystem>
#include <new>
#include <nlohmann/json.hpp>
#include <string>
#include <tally/core/error.hpp>

namespace tally::cli {

/// The exception being handled (call from a catch block) as a tally::error:
///  - tally::error: itself;
///  - std::bad_alloc: [tally.internal.110] out of memory;
///  - std::filesystem::filesystem_error: [tally.io.100] PATH: the system's reason;
///  - nlohmann::json::exception: [tally.parse.101] JSON: its message (which keeps its own id);
///  - any other std::exception: [tally.internal.110] its message;
///  - anything else: [tally.internal.110] unknown exception.
inline error current_exception_as_error() {
    try {
        throw;
    } catch (const error& e) {
        return e;
    } catch (const std::bad_alloc&) {
        return error(errc::internal, "out of memory");
    } catch (const std::filesystem::filesystem_error& e) {
        return error(errc::io, source_position{e.path1().string(), 0, 0}, e.code().message());
    } catch (const nlohmann::json::exception& e) {
        return error(errc::parse, std::string("JSON: ") + e.what());
    } catch (const std::exception& e) {
        return error(errc::internal, e.what());
    } catch (...) {
        return error(errc::internal, "unknown exception");
    }
}

} // namespace tally::cli
