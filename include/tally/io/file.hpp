#pragma once
// Reading whole files into memory, or mapping them; writing a whole file.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <tally/core/error.hpp>
#include <utility>

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#define TALLY_HAS_MMAP 1
#endif

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

namespace detail {

/// Opens a new file beside target for writing, under a name no other file has ("TARGET.tmp-N");
/// its name goes into tmp. Null when none can be made.
inline std::FILE* open_beside(const std::filesystem::path& target, std::filesystem::path& tmp) {
    for (int n = 0; n < 100; ++n) {
        tmp = target;
        tmp += ".tmp-" + std::to_string(n);
        if (std::FILE* f = std::fopen(tmp.c_str(), "wbx"))
            return f;
        if (errno != EEXIST)
            return nullptr;
    }
    return nullptr;
}

/// Writes bytes into f, with sync has the system put them on the storage device (fsync, where
/// there is one), and closes f; whether every step succeeded. When one failed, errno is that of
/// the first that failed.
inline bool write_and_close(std::FILE* f, std::string_view bytes, bool sync) {
    bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size() && std::fflush(f) == 0;
    int failure = ok ? 0 : errno;
#ifdef TALLY_HAS_MMAP
    if (ok && sync && ::fsync(::fileno(f)) != 0) {
        ok = false;
        failure = errno;
    }
#else
    (void)sync;
#endif
    if (std::fclose(f) != 0 && ok) {
        ok = false;
        failure = errno;
    }
    errno = failure;
    return ok;
}

/// The file that write_file replaces: a symbolic link's target (the link stays a link), or path.
inline std::filesystem::path write_target(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_symlink(path, ec))
        return path;
    auto target = std::filesystem::weakly_canonical(path, ec);
    return ec ? std::filesystem::path(path) : target;
}

} // namespace detail

/// Writes bytes to the file at path, replacing the whole file or making it: the bytes go into a
/// new file beside it ("PATH.tmp-N"), which is renamed over it once every byte is written, so a
/// failed write leaves the earlier file as it was and no partial file behind. The new file is
/// synced to the storage device (fsync, on POSIX systems) before the rename, so the replacement
/// is crash-safe for the file's content too: after a crash or power loss the path holds the
/// earlier content or the new one, whole, never a new name with missing bytes (the directory is
/// not synced, so the rename itself may be the part lost). The new file has the earlier file's
/// permissions. A path that exists but is not a regular file (a device such as /dev/stdout, a
/// pipe) is written to directly, and not synced; a symbolic link's target is replaced and the
/// link kept. Throws errc::io naming the file and the system's reason: a directory, a missing
/// directory, no permission, a full disk.
inline void write_file(const std::string& path, std::string_view bytes) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path target = detail::write_target(path);
    const auto status = fs::status(target, ec);
    if (fs::is_directory(status))
        throw error(errc::io, source_position{path, 0, 0}, "is a directory");
    if (fs::exists(status) && !fs::is_regular_file(status)) {
        std::FILE* f = std::fopen(target.c_str(), "wb");
        if (!f || !detail::write_and_close(f, bytes, false))
            throw error(errc::io, source_position{path, 0, 0},
                        std::string("cannot write: ") + std::strerror(errno));
        return;
    }
    fs::path tmp;
    std::FILE* f = detail::open_beside(target, tmp);
    if (!f)
        throw error(errc::io, source_position{path, 0, 0},
                    std::string("cannot write: ") + std::strerror(errno));
    const bool written = detail::write_and_close(f, bytes, true);
    const int write_errno = errno;
    if (written && fs::exists(status))
        fs::permissions(tmp, status.permissions(), ec); // best effort: the bytes matter
    std::error_code renamed;
    if (written)
        fs::rename(tmp, target, renamed);
    if (written && !renamed)
        return;
    fs::remove(tmp, ec);
    throw error(errc::io, source_position{path, 0, 0},
                written ? "cannot replace: " + renamed.message()
                        : std::string("cannot write: ") + std::strerror(write_errno));
}

/// A regular file mapped read-only into memory, so that reading it needs no copy. Pages that have
/// been read can be given back (release), which keeps the resident memory of a long sequential
/// read small: the kernel reads them again from the file if they are touched later.
/// Where mapping is not possible (a pipe, an empty file, a system without mmap) the mapping is
/// empty and ok() is false: read the file with read_file instead.
class mapped_file {
  public:
    mapped_file() = default;
    explicit mapped_file(const std::string& path) {
#ifdef TALLY_HAS_MMAP
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            throw error(errc::io, source_position{path, 0, 0},
                        std::string("cannot open: ") + std::strerror(errno));
        struct stat st {};
        if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
            void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE,
                             fd, 0);
            if (p != MAP_FAILED) {
                data_ = static_cast<const char*>(p);
                size_ = static_cast<std::size_t>(st.st_size);
                ::madvise(p, size_, MADV_SEQUENTIAL);
            }
        }
        ::close(fd);
#else
        (void)path;
#endif
    }
    mapped_file(const mapped_file&) = delete;
    mapped_file& operator=(const mapped_file&) = delete;
    mapped_file(mapped_file&& o) noexcept
        : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}
    mapped_file& operator=(mapped_file&& o) noexcept {
        if (this != &o) {
            unmap();
            data_ = std::exchange(o.data_, nullptr);
            size_ = std::exchange(o.size_, 0);
        }
        return *this;
    }
    ~mapped_file() {
        unmap();
    }

    bool ok() const noexcept {
        return data_ != nullptr;
    }
    const char* data() const noexcept {
        return data_;
    }
    std::size_t size() const noexcept {
        return size_;
    }

    /// Gives back the whole pages inside [from, to): a hint, the bytes stay readable.
    void release(std::size_t from, std::size_t to) const noexcept {
#ifdef TALLY_HAS_MMAP
        if (!data_)
            return;
        const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
        from = (from + page - 1) / page * page;
        to = to / page * page;
        if (to > from)
            ::madvise(const_cast<char*>(data_) + from, to - from, MADV_DONTNEED);
#else
        (void)from;
        (void)to;
#endif
    }

  private:
    void unmap() noexcept {
#ifdef TALLY_HAS_MMAP
        if (data_)
            ::munmap(const_cast<char*>(data_), size_);
#endif
        data_ = nullptr;
        size_ = 0;
    }

    const char* data_ = nullptr;
    std::size_t size_ = 0;
};

} // namespace tally::io
