#include <doctest/doctest.h>
#include <string>
#include <tally/core/population_group.hpp>
#include <tally/io/column_map.hpp>
#include <tally/io/layouts.hpp>
#include <vector>

namespace test_io_column_map {

using namespace tally;

namespace {

const population_groups groups = population_groups::r4v();

/// The error message of resolving header with the activity layouts and map m ("" when none).
std::string message(const std::vector<std::string>& header, const io::column_map& m = {}) {
    try {
        io::resolve_columns(header, io::activity_roles(groups), io::activity_layouts(), m, "f.csv",
                            1);
    } catch (const error& e) {
        return e.what();
    }
    return {};
}

io::resolved_columns resolve(const std::vector<std::string>& header, const io::column_map& m = {}) {
    return io::resolve_columns(header, io::activity_roles(groups), io::activity_layouts(), m,
                               "f.csv", 1);
}

} // namespace

TEST_CASE("a column map is parsed from entries separated by commas or from lines of a file") {
    const auto inline_map = io::column_map::parse("Subsector=sector, Beneficiarios nuevos = "
                                                  "new_beneficiaries",
                                                  "--columns");
    REQUIRE(inline_map.entries.size() == 2);
    CHECK(inline_map.entries[0] == std::pair<std::string, std::string>{"Subsector", "sector"});
    CHECK(inline_map.entries[1].first == "Beneficiarios nuevos");
    CHECK(inline_map.entries[1].second == "new_beneficiaries");
    // A file: one entry per line, a header may hold commas, '# ' lines are comments, a HXL tag
    // is an entry.
    const auto file = io::column_map::parse("# layout: mine\r\nWater, sanitation = sector\r\n\r\n"
                                            "#reached+f+children = girls\r\n",
                                            "map.txt");
    REQUIRE(file.entries.size() == 2);
    CHECK(file.entries[0].first == "Water, sanitation");
    CHECK(file.entries[1].first == "#reached+f+children");
    CHECK_THROWS_WITH_AS(io::column_map::parse("Subsector sector", "--columns"),
                         "[tally.parse.101] --columns: column map entry 'Subsector sector' has no "
                         "'=' (write Header = role)",
                         error);
    CHECK_THROWS_WITH_AS(io::column_map::parse("a=sector\nA = month\n", "m.txt"),
                         "[tally.parse.101] m.txt:2: column 'A' is mapped twice (to 'sector' and "
                         "'month')",
                         error);
    CHECK_THROWS_AS(io::column_map::parse("=sector", "--columns"), error);
}

TEST_CASE("the layout that knows most of a header binds it, whatever its names' case and spaces") {
    const auto b = resolve({"country", "Admin 1", "MONTH", "partner", "sector", "indicator",
                            "New-Beneficiaries", "in_destination", "Host Communities", "notes"});
    CHECK(b.layout == "tally");
    CHECK(b.find("admin1") == 1u);
    CHECK(b.find("new_beneficiaries") == 6u);
    const auto groups_of = b.groups_of("new_beneficiaries");
    REQUIRE(groups_of.size() == 2);
    CHECK(groups_of[0] == std::pair<std::size_t, std::string>{7, "in_destination"});
    CHECK(groups_of[1] == std::pair<std::size_t, std::string>{8, "host_community"});
    CHECK(b.how[9] == io::column_binding::unused);
    // The binding printed as a map reads back to the same roles.
    const auto again = resolve(b.header, io::column_map::parse(b.map_text(), "printed"));
    CHECK(again.role == b.role);
}

TEST_CASE("a user's map binds first, a layout's column for the same role is then not read") {
    const auto b = resolve({"País", "Mes", "Socio", "Sector", "Subsector", "Indicador", "Nuevos"},
                           io::column_map::parse("País=country,Mes=month,Socio=partner,"
                                                 "Subsector=sector,Indicador=indicator,"
                                                 "Nuevos=new_beneficiaries,Sector=ignore",
                                                 "--columns"));
    CHECK(b.find("sector") == 4u);
    CHECK(b.how[3] == io::column_binding::user_ignored);
    CHECK(b.how[0] == io::column_binding::user);
    const auto c = resolve(
        {"country", "month", "partner", "sector", "Subsector", "indicator", "new_beneficiaries"},
        io::column_map::parse("Subsector=sector", "--columns"));
    CHECK(c.find("sector") == 4u);
    CHECK(c.how[3] == io::column_binding::duplicate);
    CHECK(c.instead[3] == 4u);
}

TEST_CASE("a map naming a column not in the file, an unknown role or a role twice is an error") {
    const std::vector<std::string> h = {"country", "month",     "partner",
                                        "sector",  "indicator", "reached_total"};
    CHECK(message(h, io::column_map::parse("Total=new_beneficiaries", "--columns")) ==
          "[tally.parse.101] f.csv:1: the column map (--columns) names column 'Total', which is "
          "not in the file (its columns: country, month, partner, sector, indicator, "
          "reached_total)");
    CHECK(message(h, io::column_map::parse("reached_total=people", "--columns"))
              .find("maps 'reached_total' to 'people', which is not a role of activities files "
                    "(roles: country, admin1,") != std::string::npos);
    CHECK(message(h, io::column_map::parse("reached_total=sector,indicator=sector", "--columns")) ==
          "[tally.parse.101] f.csv:1: the column map (--columns) maps role 'sector' twice "
          "(columns 'reached_total' and 'indicator')");
    // A group figure names a group of the registry, by any of its spellings.
    const auto b =
        resolve(h, io::column_map::parse("reached_total=new_beneficiaries@Host", "--columns"));
    CHECK(b.role[5] == "new_beneficiaries@host_community");
    CHECK(message(h,
                  io::column_map::parse("reached_total=new_beneficiaries@on the moon", "--columns"))
              .find("which is not a role of activities files") != std::string::npos);
}

TEST_CASE("a column close to a name a layout reads, and not read, is an error naming the fix") {
    // 'Other_above' is the R4V export's name of a cell the tally layout reads as other_above_18.
    CHECK(message({"country", "month", "partner", "sector", "indicator", "new_beneficiaries",
                   "girls", "boys", "women", "men", "Other_above"}) ==
          "[tally.parse.101] f.csv:1: column 'Other_above' is not read, but its name is close to "
          "'other_above_18' (other_above_18 in layout 'tally'): a column left out can only make "
          "figures smaller. Map it (--columns 'Other_above=other_above_18') or ignore it "
          "(--columns 'Other_above=ignore')");
    // A misspelling, one swap away.
    CHECK(message({"country", "month", "partner", "sector", "indicator", "new_beneficiaries",
                   "totla_monthly"})
              .find("column 'totla_monthly' is not read, but its name is close to "
                    "'total_monthly' (total_monthly in layout 'tally')") != std::string::npos);
    // Mapped or ignored, it is no error.
    CHECK(message({"country", "month", "partner", "sector", "indicator", "new_beneficiaries",
                   "Other_above"},
                  io::column_map::parse("Other_above=ignore", "--columns"))
              .empty());
    // Names that differ only in digits are other columns, and short names are not guessed at.
    CHECK(message({"country", "admin1", "admin3", "month", "org", "sector", "indicator",
                   "new_beneficiaries", "sex"})
              .empty());
}

TEST_CASE("a header no layout reads names what is missing and the columns that look like it") {
    CHECK(message({"Country", "Admin1", "Appealing_org", "Month", "Sector_name", "Indicator",
                   "New_beneficiaries"}) ==
          "[tally.parse.101] f.csv:1: not an activity file: missing column(s) sector (the "
          "closest layout is 'tally')");
    CHECK(
        message({"Country", "Month", "Appealing_org", "Subsectr", "Indicator", "New_beneficiaries"})
            .find("'Subsectr' looks like sector: map it with --columns") != std::string::npos);
    CHECK(message({"country", "country", "month"}) ==
          "[tally.parse.101] f.csv:1: column 'country' appears twice (columns 1 and 2)");
}

TEST_CASE("fitting_layout tells a header's layout without throwing") {
    const auto& layouts = io::activity_layouts();
    const auto k = io::fitting_layout({"Country", "Admin1", "Admin2", "Appealing_org",
                                       "Implementation", "Implementing_partner", "Month",
                                       "Subsector", "Indicator", "New_beneficiaries"},
                                      io::activity_roles(groups), layouts);
    REQUIRE(k);
    CHECK(layouts[*k].name == "R4V 5W export (2023)");
    CHECK_FALSE(io::fitting_layout({"a", "b"}, io::activity_roles(groups), layouts));
}

TEST_CASE("names are compared without case, blanks, underscores and hyphens, edits are counted") {
    using tally::detail::close_names;
    using tally::detail::squash_name;
    CHECK(squash_name("New Beneficiaries") == squash_name("NEW_BENEFICIARIES"));
    CHECK(squash_name("Other_<18") != squash_name("Other 18+"));
    CHECK(tally::detail::edit_distance("traget", "target", 2) == 1);
    CHECK(tally::detail::edit_distance("abc", "xyz", 1) == 2);
    CHECK(close_names("amountus", "amountusd"));
    CHECK_FALSE(close_names("admin3", "admin2"));
    CHECK_FALSE(close_names("men", "man"));
}

} // namespace test_io_column_map
