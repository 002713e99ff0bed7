// touch_pages — what touching fresh memory costs on this machine: maps 1 GiB (or the MiB given)
// four times, writes one byte in every 4 KiB page, and prints the seconds of each round, first
// with the kernel's ordinary pages, then asking for 2 MiB pages (madvise(MADV_HUGEPAGE)), as
// tally's large columns do (detail/big_pages.hpp). Linux only.
//
// Usage: touch_pages [MIB]

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <sys/mman.h>

int main(int argc, char** argv) {
    const std::size_t mib = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1024;
    const std::size_t bytes = mib << 20;
    for (const bool huge : {false, true})
        for (int round = 1; round <= 4; ++round) {
            const auto t0 = std::chrono::steady_clock::now();
            void* const m =
                ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (m == MAP_FAILED) {
                std::perror("mmap");
                return 1;
            }
#if defined(MADV_HUGEPAGE)
            if (huge)
                ::madvise(m, bytes, MADV_HUGEPAGE);
#endif
            auto* const p = static_cast<volatile char*>(m);
            for (std::size_t i = 0; i < bytes; i += 4096)
                p[i] = 1;
            const double s =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            ::munmap(m, bytes);
            std::printf("%s pages, round %d: %zu MiB touched in %.3f s\n", huge ? "2 MiB" : "4 KiB",
                        round, mib, s);
        }
    return 0;
}
