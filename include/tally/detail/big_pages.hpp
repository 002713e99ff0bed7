#pragma once
// An allocator for the large columns: blocks of 2 MiB and more are mapped on their own and
// asked to be backed by 2 MiB pages (Linux transparent huge pages, `madvise`), so that filling a
// column of ten million lines takes a few hundred page faults instead of a hundred thousand.
// Where the kernel keeps small pages (THP off) nothing changes but the fault count; below
// 2 MiB, and on systems other than Linux, it is std::allocator.

#include <tally/version.hpp> // first: the C++20 check

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace tally::detail {

template <class T>
struct big_page_allocator {
    using value_type = T;

    /// Blocks from this size up are mapped with huge pages.
    static constexpr std::size_t huge = std::size_t{2} << 20;

    big_page_allocator() noexcept = default;
    template <class U>
    big_page_allocator(const big_page_allocator<U>&) noexcept {}

    T* allocate(std::size_t n) {
        if (n > static_cast<std::size_t>(-1) / sizeof(T))
            throw std::bad_array_new_length();
        const std::size_t bytes = n * sizeof(T);
#if defined(__linux__)
        if (bytes >= huge)
            return static_cast<T*>(map(rounded(bytes)));
#endif
        return std::allocator<T>().allocate(n);
    }

    void deallocate(T* p, std::size_t n) noexcept {
        const std::size_t bytes = n * sizeof(T);
#if defined(__linux__)
        if (bytes >= huge) {
            ::munmap(p, rounded(bytes));
            return;
        }
#endif
        std::allocator<T>().deallocate(p, n);
    }

    template <class U>
    bool operator==(const big_page_allocator<U>&) const noexcept {
        return true;
    }

  private:
    static std::size_t rounded(std::size_t bytes) noexcept {
        return (bytes + huge - 1) & ~(huge - 1);
    }

#if defined(__linux__)
    /// size bytes (a multiple of 2 MiB) aligned to 2 MiB: mapped with one page of slack, the
    /// unaligned head and the tail unmapped again.
    static void* map(std::size_t size) {
        void* const raw = ::mmap(nullptr, size + huge, PROT_READ | PROT_WRITE,
                                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (raw == MAP_FAILED)
            throw std::bad_alloc();
        const auto at = reinterpret_cast<std::uintptr_t>(raw);
        const auto aligned = (at + huge - 1) & ~(std::uintptr_t{huge} - 1);
        if (aligned > at)
            ::munmap(raw, aligned - at);
        if (const auto tail = at + size + huge - (aligned + size); tail > 0)
            ::munmap(reinterpret_cast<void*>(aligned + size), tail);
        void* const p = reinterpret_cast<void*>(aligned);
#if defined(MADV_HUGEPAGE)
        ::madvise(p, size, MADV_HUGEPAGE); // a hint: without it the block is still usable
#endif
        return p;
    }
#endif
};

/// A vector whose large buffers come from big_page_allocator.
template <class T>
using big_vector = std::vector<T, big_page_allocator<T>>;

} // namespace tally::detail
