// tally::compiled (built with -DTALLY_COMPILED=ON; docs/packaging.md): the plan reader of
// <tally/io/plan_reader.hpp>, compiled once here instead of in every program that reads plans.
// TALLY_COMPILED is defined for this file and for every program that links the library, so the
// header declares the readers and this file holds their only definitions.
#include <tally/io/plan_reader-inl.hpp>
