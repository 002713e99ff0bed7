// The kind of an input file (io/input_files.hpp), and the real HXL files of ../shared read
// through it as a command reads them.
#include <doctest/doctest.h>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <tally/io/activity_reader.hpp>
#include <tally/io/file.hpp>
#include <tally/io/input_files.hpp>
#include <tally/io/plan_reader.hpp>

namespace test_io_input_files {

using tally::io::detect_file_kind;
using tally::io::file_kind;

TEST_CASE("HXL-tagged files are told apart by their tags") {
    // A 3W of targets broken down by sex, under title rows: a plan table.
    CHECK(detect_file_kind("Qué?,,\nSector,Mujeres,Hombres\n#sector,#targeted+f,#targeted+m\n",
                           "a.csv") == file_kind::plan);
    // A 5W with targets beside what it reached: activities.
    CHECK(detect_file_kind("#country,#sector,#indicator,#targeted,#reached\n", "b.csv") ==
          file_kind::activities);
    CHECK(detect_file_kind("#country+code,#sector,#value+funding+usd\nPER,HEA,10\n", "c.csv") ==
          file_kind::flow_csv);
    CHECK(detect_file_kind("Country,Requirements\n#country,#value+required+usd\n", "d.csv") ==
          file_kind::requirements);
    // FTS's requirements export tags its requirements #value+funding+required+usd.
    CHECK(detect_file_kind("countryCode,req\n#country+code,#value+funding+required+usd,"
                           "#value+funding+total+usd\n",
                           "e.csv") == file_kind::requirements);
}

TEST_CASE("every row of the real libhxl files is used or reported, or the file is refused "
          "with a coded reason") {
    const std::string dir = std::string(TALLY_SHARED_DIR) + "/data/hxl/";
    if (!std::filesystem::exists(dir + "libhxl_input-valid.csv")) {
        MESSAGE("skipped: " << dir << " is absent");
        return;
    }
    struct outcome {
        file_kind kind = file_kind::activities;
        std::size_t read = 0, used = 0;
        std::string error;
    };
    auto read = [&](const std::string& name) {
        const std::string path = dir + name;
        const std::string text = tally::io::read_file(path);
        outcome o;
        o.kind = detect_file_kind(text, path);
        try {
            tally::io::validation_report rep;
            if (o.kind == file_kind::plan) {
                tally::plan_table t;
                rep = tally::io::read_plan_text(text, path, t);
            } else {
                tally::activity_table t;
                rep = tally::io::read_activities_text(text, path, t);
            }
            CHECK(rep.balanced());
            o.read = rep.rows_read;
            o.used = rep.rows_used;
        } catch (const tally::error& e) {
            CHECK(e.code() == tally::errc::parse);
            o.error = e.what();
        }
        return o;
    };
    for (const char* name : {"libhxl_input-valid.csv", "libhxl_input-valid-latin1.csv"}) {
        CAPTURE(name);
        const auto o = read(name);
        CHECK(o.kind == file_kind::plan);
        CHECK(o.error == "");
        CHECK(o.read == 4);
        CHECK(o.used == 4);
    }
    const auto fuzzy = read("libhxl_input-fuzzy.csv");
    CHECK(fuzzy.error.find("libhxl_input-fuzzy.csv:3: HXL tag '#targeted+f' appears twice "
                           "(columns 5 and 6)") != std::string::npos);
    const auto multiple = read("libhxl_input-multiple-headers.csv");
    CHECK(multiple.kind == file_kind::activities);
    CHECK(multiple.error.find("libhxl_input-multiple-headers.csv:3: not an activity file: "
                              "missing HXL tag(s) #country; #date; #sector; #indicator") !=
          std::string::npos);
}

TEST_CASE("the same content is found again by a sampled hash and a comparison of the bytes") {
    // 3 MiB texts: a copy, a text that differs in one byte between the sampled pieces (same
    // sampled hash, told apart by the bytes), and one that differs inside a piece.
    std::string a(std::size_t{3} << 20, 'x');
    for (std::size_t i = 0; i < a.size(); i += 97)
        a[i] = static_cast<char>('a' + i % 26);
    std::string between = a, inside = a;
    between[20 << 10] ^= 1; // the first piece is [0, 16 KiB), the second starts past 48 KiB
    inside[100] ^= 1;
    CHECK(tally::io::input_registry::sample_hash(between) ==
          tally::io::input_registry::sample_hash(a));
    CHECK(tally::io::input_registry::sample_hash(inside) !=
          tally::io::input_registry::sample_hash(a));
    int loads = 0;
    auto load = [&](const std::string& path) {
        ++loads;
        CHECK(path == "a.csv");
        return a;
    };
    tally::io::input_registry r;
    CHECK_FALSE(r.repeat_of("a.csv", a, load));
    CHECK_FALSE(r.repeat_of("between.csv", between, load));
    CHECK(loads == 1); // equal sampled hashes: the bytes were compared
    CHECK_FALSE(r.repeat_of("inside.csv", inside, load));
    CHECK(loads == 1);
    CHECK(r.repeat_of("copy.csv", std::string(a), load) == std::optional<std::string>("a.csv"));
    // Small texts are hashed whole.
    tally::io::input_registry small;
    CHECK_FALSE(small.repeat_of("s.csv", "h\n1\n"));
    CHECK(tally::io::input_registry::sample_hash("h\n1\n") ==
          std::hash<std::string_view>{}("h\n1\n"));
}

} // namespace test_io_input_files

namespace test_io_input_files {

TEST_CASE("OCHA's and HDX's own layouts are told apart by their headers") {
    const std::string ocha = std::string(TALLY_SOURCE_DIR) + "/tests/data/ocha/";
    auto kind = [&](const std::string& name) {
        return detect_file_kind(tally::io::read_file(ocha + name), name);
    };
    CHECK(kind("hpc_needs.csv") == file_kind::plan);
    CHECK(kind("hapi_needs.csv") == file_kind::plan);
    CHECK(kind("hapi_funding.csv") == file_kind::requirements);
    CHECK(kind("hdx_fts_requirements_funding_col.csv") == file_kind::requirements);
    CHECK(kind("fts_plan_overview_2024.json") == file_kind::fts_plans);
    CHECK(kind("fts_flows_col.json") == file_kind::fts_json);
    CHECK(kind("afg_3w.csv") == file_kind::presence);
    // A 3W by its names only, and one under a title row with its hashtag row.
    CHECK(detect_file_kind("ORG_NAME,ORG_TYPE,ADM1_CODE,SECTOR\nA,NGO,AF01,EDU\n", "p.csv") ==
          file_kind::presence);
    CHECK(detect_file_kind("3W Q1\nOrganización,Sector,Departamento\n#org+name,#sector,#adm1\n",
                           "q.csv") == file_kind::presence);
    // An organisation with figures of people is no presence table.
    CHECK(detect_file_kind("#org,#sector,#adm1,#reached\n", "r.csv") == file_kind::activities);
    CHECK(detect_file_kind("partner,sector,admin1,month,reached\n", "s.csv") ==
          file_kind::activities);
    CHECK(tally::io::name_of(file_kind::presence) == "3W operational presence");
    CHECK(tally::io::name_of(file_kind::fts_plans) == "FTS plan overview");
}

TEST_CASE("a file kind is named with its article in messages") {
    using tally::io::file_kind;
    CHECK(tally::io::kind_phrase(file_kind::activities) == "an activities file");
    CHECK(tally::io::kind_phrase(file_kind::plan) == "a plan file");
    CHECK(tally::io::kind_phrase(file_kind::requirements) == "a requirements file");
    CHECK(tally::io::kind_phrase(file_kind::fts_csv) == "an FTS flow export");
    CHECK(tally::io::kind_phrase(file_kind::presence) == "a 3W operational presence file");
}

} // namespace test_io_input_files
