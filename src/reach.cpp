// tally::compiled (built with -DTALLY_COMPILED=ON; docs/packaging.md): the reach pipeline of
// <tally/dedup/reach.hpp> (its pass over the lines and its queries), compiled once here instead of
// in every program that asks for people reached. TALLY_COMPILED is defined for this file and for
// every program that links the library, so the header declares them and this file holds their only
// definitions.
#include <tally/dedup/reach-inl.hpp>
