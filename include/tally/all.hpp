#pragma once
// Everything tally offers but the optional components: <tally/tally.hpp>, the misalignment
// statistics, the report and the identifier sketches (<tally/sketch/keyed_hash.hpp> needs
// libsodium: link tally::sodium; <tally/io/xlsx.hpp> needs libzip and pugixml: link tally::xlsx). A
// program that uses only a part compiles faster with <tally/tally.hpp> and the headers of that part
// (docs/speed.md).

#include <tally/metrics/distribution.hpp>
#include <tally/metrics/misalignment.hpp>
#include <tally/metrics/outliers.hpp>
#include <tally/report/format.hpp>
#include <tally/report/html.hpp>
#include <tally/report/json.hpp>
#include <tally/report/model.hpp>
#include <tally/report/prose.hpp>
#include <tally/report/svg.hpp>
#include <tally/report/text.hpp>
#include <tally/sketch/byte_io.hpp>
#include <tally/sketch/estimate.hpp>
#include <tally/sketch/hll.hpp>
#include <tally/sketch/identifier_sketch.hpp>
#include <tally/sketch/in_transit.hpp>
#include <tally/sketch/normalize.hpp>
#include <tally/sketch/theta.hpp>
#include <tally/tally.hpp>
