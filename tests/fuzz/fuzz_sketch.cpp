// libFuzzer target: the sketch deserializers (identifier sketch, HyperLogLog, theta). Bytes are
// refused with tally::error or read into a state that gives its estimate, serializes to bytes
// that read back to the same state, and merges with itself into itself (a union with itself is
// itself).
#include "fuzz_support.hpp"
#include <tally/sketch/identifier_sketch.hpp>

namespace {

/// Reads bytes with deserialize; an accepted state must round-trip and merge into itself.
template <class Sketch>
void try_format(const std::string& bytes) {
    try {
        const Sketch s = Sketch::deserialize(bytes);
        (void)s.estimate();
        if (!(Sketch::deserialize(s.serialize()) == s))
            tally_fuzz::finding("a sketch read back from its own bytes is another sketch");
        Sketch u = s;
        u.merge(s);
        if (!(u == s))
            tally_fuzz::finding("a sketch merged with itself changed");
    } catch (const tally::error& e) {
        if (std::string(e.what()).rfind("[tally.", 0) != 0)
            tally_fuzz::finding("an error without its [tally.] code");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return tally_fuzz::run(data, size, [](std::string bytes) {
        try_format<tally::sketch::identifier_sketch>(bytes);
        try_format<tally::sketch::hll_sketch>(bytes);
        try_format<tally::sketch::theta_sketch>(bytes);
    });
}
