// tally::compiled (built with -DTALLY_COMPILED=ON; docs/packaging.md): the requirements readers of
// <tally/io/requirements_csv.hpp>, compiled once here instead of in every program that uses them.
// TALLY_COMPILED is defined for this file and for every program that links the library, so the
// header declares them and this file holds their only definitions.
#include <tally/io/requirements_csv-inl.hpp>
