// libFuzzer target: the sketch deserializers. The input is a sketch file (the seeds are the
// golden files of tests/data/sketch): by its magic a HyperLogLog, a theta sketch or a sketch
// file. The harness seals it again before reading it, so that mutations reach the contents
// rather than stop at the checksum: the last 8 bytes are replaced by the checksum of the rest,
// and for a sketch file the 32-byte tag before them by the tag of an authenticator that accepts
// every tag (authenticity is tested in tests/sketch_identifier_sketch.cpp; here, what follows
// it: the parts, their agreement, the estimates). A sketch that reads must serialize back to the
// same bytes, and every estimate must be a whole count or n/a.
#include "fuzz_support.hpp"
#include <cmath>
#include <tally/sketch/identifier_sketch.hpp>

namespace {

struct trusting_auth {
    std::uint64_t fingerprint = 0;
    tally::sketch::sketch_tag tag(std::string_view) const { return {}; }
    bool verify(std::string_view, const tally::sketch::sketch_tag&) const { return true; }
    std::uint64_t key_fingerprint() const { return fingerprint; }
};

std::string sealed(std::string_view body) {
    tally::detail::le_writer w;
    w.raw(body);
    return std::move(w).finish();
}

void check_estimate(const tally::sketch::estimate& e) {
    using tally::sketch::whole_count;
    (void)whole_count(e.value);
    (void)whole_count(e.lower, tally::sketch::rounding::down);
    (void)whole_count(e.upper, tally::sketch::rounding::up);
    // (Up to rounding: the interval's ends are computed apart from the estimate.)
    const auto slack = [](double v) { return std::abs(v) * 1e-9 + 1e-9; };
    if (std::isfinite(e.upper) &&
        (e.lower > e.value + slack(e.value) || e.value > e.upper + slack(e.upper)))
        tally_fuzz::finding("an estimate outside its own interval");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return tally_fuzz::run(data, size, [](std::string text) {
        using namespace tally::sketch;
        if (text.size() < 8)
            return;
        const std::string_view magic = std::string_view(text).substr(0, 4);
        if (magic == "THLL") {
            const auto bytes = sealed(std::string_view(text).substr(0, text.size() - 8));
            const auto s = hll_sketch::deserialize(bytes);
            if (s.serialize() != bytes)
                tally_fuzz::finding("a HyperLogLog that does not serialize back to its bytes");
            check_estimate(s.estimate());
        } else if (magic == "TTHE") {
            const auto bytes = sealed(std::string_view(text).substr(0, text.size() - 8));
            const auto s = theta_sketch::deserialize(bytes);
            if (s.serialize() != bytes)
                tally_fuzz::finding("a theta sketch that does not serialize back to its bytes");
            check_estimate(s.estimate());
            check_estimate(set_intersection(s, s).estimate());
            check_estimate(jaccard(s, s));
        } else if (magic == "TSKB") {
            if (text.size() < 4 + 2 + 8 + 40)
                return;
            std::string body = text.substr(0, text.size() - 40);
            body.append(32, '\0');
            const auto bytes = sealed(body);
            trusting_auth auth;
            for (int i = 0; i < 8; ++i)
                auth.fingerprint |= std::uint64_t{static_cast<unsigned char>(bytes[6 + i])}
                                    << (8 * i);
            const auto s = identifier_sketch::deserialize(bytes, auth);
            if (s.serialize(auth) != bytes)
                tally_fuzz::finding("a sketch file that does not serialize back to its bytes");
            if (!identifier_sketch::parts_disagree(s.hll(), s.theta()).empty())
                tally_fuzz::finding("a sketch read with parts that disagree");
            check_estimate(s.estimate());
            auto twice = s;
            twice.merge(s);
            if (!(twice == s))
                tally_fuzz::finding("a sketch merged with itself changed");
        }
    });
}
