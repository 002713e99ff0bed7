// Links tally::sodium: the keyed hash of an identifier, against the value Python's hashlib gives
// (tests/sketch_keyed_hash.cpp).
#include <iostream>
#include <tally/sketch/keyed_hash.hpp>

#if !defined(TALLY_HAVE_SODIUM)
#error "tally::sodium (or tally-sodium.pc) must define TALLY_HAVE_SODIUM"
#endif

int main() {
    const auto key = tally::sketch::sketch_key::from_hex(
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    const auto h = tally::sketch::keyed_hash(key, "  José  PÉREZ ");
    std::cout << "keyed hash " << std::hex << h << "\n";
    return h == 0x37b29c71f74bcb40ULL ? 0 : 1;
}
