#pragma once
// A core header that includes a reader: the layering check must refuse it.

#include <tally/io/reader.hpp>
