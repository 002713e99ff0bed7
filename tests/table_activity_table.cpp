#include <algorithm>
#include <doctest/doctest.h>
#include <string>
#include <tally/table/activity_table.hpp>

namespace test_table_activity_table {

using namespace tally;

namespace {
activity_line line_of(activity_table& t, const char* country, const char* org, std::int64_t n) {
    activity_line l;
    l.country = t.countries.intern(country);
    l.when = month(2023, 1);
    l.appealing_org = l.implementing_org = t.orgs.intern(org);
    l.sector = t.sectors.intern("Health");
    l.indicator = t.indicators.intern("HEA-01");
    l.new_beneficiaries = n;
    return l;
}
} // namespace

TEST_CASE("an activity table stores lines and their sparse group breakdown") {
    activity_table t;
    const auto dest = t.groups().id_of("in_destination"), host = t.groups().id_of("host_community");
    const group_value bd[] = {{dest, 7}, {host, 3}};
    t.append(line_of(t, "ECU", "UNHCR", 10), bd);
    t.append(line_of(t, "PER", "IOM", 0), {});
    REQUIRE(t.size() == 2);
    CHECK(t.groups_of(0).size() == 2);
    CHECK(t.group_values_of(0)[1] == 3);
    CHECK(t.groups_of(1).empty());
    CHECK(t.countries.name(t.country()[1]) == "PER");
    CHECK(t.month_index()[0] == month(2023, 1).index());
}

TEST_CASE("an activity table refuses negative values") {
    activity_table t;
    const group_value bad[] = {{0, -1}};
    CHECK_THROWS_AS(t.append(line_of(t, "ECU", "X", 1), bad), tally::error);
    CHECK_THROWS_AS(t.append(line_of(t, "ECU", "X", -1), {}), tally::error);
}

TEST_CASE("merging activity tables re-encodes the other table's ids") {
    activity_table a, b;
    a.append(line_of(a, "ECU", "UNHCR", 1), {});
    const group_value bd[] = {{2, 5}};
    b.append(line_of(b, "PER", "IOM", 5), bd);
    b.append(line_of(b, "ECU", "UNHCR", 2), {});
    a.merge(b);
    REQUIRE(a.size() == 3);
    CHECK(a.countries.size() == 2);
    CHECK(a.countries.name(a.country()[1]) == "PER");
    CHECK(a.country()[2] == a.country()[0]);
    CHECK(a.orgs.name(a.appealing_org()[1]) == "IOM");
    CHECK(a.group_values_of(1)[0] == 5);
    activity_table other_groups(population_groups{});
    CHECK_THROWS_AS(a.merge(other_groups), tally::error);
}

TEST_CASE("line(i) gives back every field of a line as appended, and its breakdown") {
    activity_table t;
    const auto dest = t.groups().id_of("in_destination"), host = t.groups().id_of("host_community");
    activity_line a = line_of(t, "ECU", "UNHCR", 10);
    a.admin1 = t.admin1s.intern("Pichincha");
    a.implementing_org = t.orgs.intern("HIAS");
    a.type = indicator_type::capacity_building;
    a.cva = cva_flag::yes;
    a.total_monthly = 12;
    a.has_cells = true;
    a.age_gender = cells::Zero();
    a.age_gender[2] = 10;
    a.file = t.files.intern("a.csv");
    a.source_line = 41;
    const group_value bd[] = {{dest, 7}, {host, 3}};
    t.append(a, bd);
    t.append(line_of(t, "PER", "IOM", 4), {});
    std::vector<group_value> got;
    const activity_line b = t.line(0, got);
    CHECK(b.country == a.country);
    CHECK(b.admin1 == a.admin1);
    CHECK(b.admin2 == no_code);
    CHECK(b.when == a.when);
    CHECK(b.appealing_org == a.appealing_org);
    CHECK(b.implementing_org == a.implementing_org);
    CHECK(b.sector == a.sector);
    CHECK(b.indicator == a.indicator);
    CHECK(b.type == indicator_type::capacity_building);
    CHECK(b.cva == cva_flag::yes);
    CHECK(b.total_monthly == 12);
    CHECK(b.new_beneficiaries == 10);
    CHECK(b.has_cells);
    CHECK(b.age_gender[2] == 10);
    CHECK(b.file == a.file);
    CHECK(b.source_line == 41);
    REQUIRE(got.size() == 2);
    CHECK(got[0].group == dest);
    CHECK(got[1].value == 3);
    const activity_line c = t.line(1, got); // the breakdown is cleared, not appended to
    CHECK(got.empty());
    CHECK(c.new_beneficiaries == 4);
    CHECK(c.implementing_org == c.appealing_org);
    CHECK_FALSE(c.has_cells);
}

TEST_CASE("empty_like keeps the dictionaries, so a line read by line(i) appends as it is") {
    activity_table t;
    t.append(line_of(t, "ECU", "UNHCR", 10), {});
    t.append(line_of(t, "PER", "IOM", 4), {});
    activity_table copy = t.empty_like();
    CHECK(copy.size() == 0);
    CHECK(copy.countries.size() == 2);
    std::vector<group_value> bd;
    copy.append(t.line(1, bd), bd);
    REQUIRE(copy.size() == 1);
    CHECK(copy.countries.name(copy.country()[0]) == "PER");
    CHECK(copy.orgs.name(copy.appealing_org()[0]) == "IOM");
    CHECK(copy.new_beneficiaries()[0] == 4);
}

TEST_CASE("age/gender cells are kept only for the lines that give them") {
    activity_table t;
    t.append(line_of(t, "ECU", "A", 5), {});
    auto l = line_of(t, "ECU", "A", 10);
    l.has_cells = true;
    l.age_gender = cells::Zero();
    l.age_gender[static_cast<int>(cell::women)] = 6;
    l.age_gender[static_cast<int>(cell::men)] = 4;
    t.append(l, {});
    t.append(line_of(t, "ECU", "A", 1), {});
    REQUIRE(t.cell_lines().size() == 1);
    CHECK(t.cell_lines()[0] == 1);
    CHECK(t.has_cells()[1] == 1);
    CHECK(t.age_gender_of(1)[static_cast<int>(cell::women)] == 6);
    CHECK(t.age_gender_of(1)[static_cast<int>(cell::men)] == 4);
    CHECK((t.age_gender_of(0) == 0).all());
    CHECK((t.age_gender_of(2) == 0).all());
}

TEST_CASE("a uniform column stores one value until a different one arrives") {
    uniform_column<std::int64_t> c;
    c.push_back(-1);
    c.push_back(-1);
    CHECK(c.uniform());
    CHECK(c.size() == 2);
    c.push_back(7);
    CHECK_FALSE(c.uniform());
    CHECK(c[0] == -1);
    CHECK(c[1] == -1);
    CHECK(c[2] == 7);
    uniform_column<std::int64_t> d;
    d.push_back(3);
    c.append(std::move(d));
    CHECK(c.size() == 4);
    CHECK(c[3] == 3);
    CHECK(d.empty());
    // Two uniform columns of one value stay uniform; of two values they are written out.
    uniform_column<std::int64_t> x, y, z;
    x.push_back(-1);
    y.push_back(-1);
    x.append(std::move(y));
    CHECK(x.uniform());
    CHECK(x.size() == 2);
    z.push_back(4);
    x.append(std::move(z));
    CHECK_FALSE(x.uniform());
    CHECK(x[1] == -1);
    CHECK(x[2] == 4);
}

TEST_CASE("a counting column stores nothing while each value is one more than the last") {
    uniform_column<std::uint32_t, true> c;
    for (std::uint32_t l = 2; l < 6; ++l)
        c.push_back(l);
    CHECK(c.uniform());
    CHECK(c[3] == 5);
    // A column counting on from where c stopped is appended without a value stored.
    uniform_column<std::uint32_t, true> d;
    d.push_back(6);
    d.push_back(7);
    c.append(std::move(d));
    CHECK(c.uniform());
    REQUIRE(c.size() == 6);
    CHECK(c[5] == 7);
    // Moved by the same amount (lines of a slice shifted), it still counts.
    c.transform([](std::uint32_t v) { return v + 10; });
    CHECK(c.uniform());
    CHECK(c[0] == 12);
    // A line skipped (a blank or rejected line) writes the values out.
    c.push_back(19);
    CHECK_FALSE(c.uniform());
    CHECK(c[0] == 12);
    CHECK(c[5] == 17);
    CHECK(c[6] == 19);
    // So does a column that starts elsewhere.
    uniform_column<std::uint32_t, true> e, f;
    e.push_back(2);
    f.push_back(2);
    e.append(std::move(f));
    CHECK_FALSE(e.uniform());
    CHECK(e[0] == 2);
    CHECK(e[1] == 2);
}

TEST_CASE("implementing organisations, cell flags and source lines are stored only once needed") {
    activity_table t;
    for (int i = 0; i < 3; ++i) {
        auto l = line_of(t, "ECU", i == 1 ? "IOM" : "UNHCR", 1);
        l.source_line = static_cast<std::uint32_t>(2 + i);
        t.append(l, {});
    }
    CHECK(t.implementing_is_appealing());
    CHECK(t.has_cells().uniform());
    CHECK(t.source_line().uniform());
    CHECK(t.orgs[t.implementing_org()[1]] == "IOM");
    // A line whose implementing organisation is another: the earlier lines keep theirs.
    auto l = line_of(t, "ECU", "UNHCR", 1);
    l.implementing_org = t.orgs.intern("HIAS");
    l.source_line = 9;
    l.has_cells = true;
    l.age_gender[0] = 1;
    t.append(l, {});
    t.append(line_of(t, "PER", "IOM", 1), {});
    CHECK_FALSE(t.implementing_is_appealing());
    CHECK_FALSE(t.has_cells().uniform());
    CHECK_FALSE(t.source_line().uniform());
    const char* implementing[] = {"UNHCR", "IOM", "UNHCR", "HIAS", "IOM"};
    for (std::size_t i = 0; i < 5; ++i)
        CHECK(t.orgs[t.implementing_org()[i]] == implementing[i]);
    CHECK(t.orgs[t.appealing_org()[3]] == "UNHCR");
    CHECK(t.source_line()[2] == 4);
    CHECK(t.source_line()[3] == 9);
    CHECK(t.has_cells()[2] == 0);
    CHECK(t.has_cells()[3] == 1);

    // Moved into a table whose organisations are implicit, and the other way round.
    for (const bool stored_first : {false, true}) {
        activity_table a, b;
        auto la = line_of(a, "ECU", "A", 1), lb = line_of(b, "ECU", "B", 1);
        (stored_first ? la : lb).implementing_org = (stored_first ? a : b).orgs.intern("C");
        a.append(la, {});
        b.append(lb, {});
        CHECK(a.implementing_is_appealing() != stored_first);
        a.merge(std::move(b));
        REQUIRE(a.size() == 2);
        CHECK_FALSE(a.implementing_is_appealing());
        CHECK(a.orgs[a.implementing_org()[0]] == (stored_first ? "C" : "A"));
        CHECK(a.orgs[a.implementing_org()[1]] == (stored_first ? "B" : "C"));
        CHECK(a.orgs[a.appealing_org()[1]] == "B");
    }
}

TEST_CASE("moving a table into another re-encodes its ids and shifts its source lines") {
    activity_table a, b;
    a.files.intern("x.csv");
    auto la = line_of(a, "ECU", "UNHCR", 10);
    la.source_line = 2;
    a.append(la, {});
    auto lb = line_of(b, "PER", "IOM", 3);
    lb.source_line = 2;
    lb.file = b.files.intern("x.csv");
    lb.cva = cva_flag::yes;
    const group_value bd[] = {{b.groups().id_of("in_transit"), 3}};
    b.append(lb, bd);
    auto lc = line_of(b, "ECU", "UNHCR", 4);
    lc.source_line = 5;
    lc.file = lb.file;
    b.append(lc, {});
    a.merge(std::move(b), 40);
    REQUIRE(a.size() == 3);
    CHECK(b.empty());
    CHECK(a.countries.size() == 2);
    CHECK(a.country()[1] == a.countries.at("PER"));
    CHECK(a.country()[2] == a.countries.at("ECU"));
    CHECK(a.orgs[a.appealing_org()[1]] == "IOM");
    CHECK(a.source_line()[0] == 2);
    CHECK(a.source_line()[1] == 42);
    CHECK(a.source_line()[2] == 45);
    CHECK(a.cva()[0] == cva_flag::unknown);
    CHECK(a.cva()[1] == cva_flag::yes);
    CHECK(a.file()[0] == no_code);
    CHECK(a.file()[1] == a.files.at("x.csv"));
    REQUIRE(a.groups_of(1).size() == 1);
    CHECK(a.group_values_of(1)[0] == 3);
    CHECK(a.groups_of(2).empty());
}

TEST_CASE("appending a large table on several threads gives the table of one thread") {
    // 70,000 lines (above the size where threads are used) with every kind of column filled:
    // varied ids, admin2 and activities, cells on some lines, breakdowns of 0 to 2 groups.
    auto fill = [](activity_table& t, int n, int salt) {
        const auto g1 = t.groups().id_of("in_transit"), g2 = t.groups().id_of("in_destination");
        for (int i = 0; i < n; ++i) {
            activity_line l;
            l.country = t.countries.intern(std::string("C") + std::to_string((i * 7 + salt) % 17));
            l.admin1 = i % 5 == 0 ? no_code : t.admin1s.intern("A" + std::to_string(i % 41));
            l.admin2 = i % 9 == 0 ? t.admin2s.intern("B" + std::to_string(i % 13)) : no_code;
            l.when = month(2023, 1 + i % 12);
            l.appealing_org = t.orgs.intern("O" + std::to_string((i + salt) % 97));
            l.implementing_org = t.orgs.intern("O" + std::to_string(i % 89));
            l.sector = t.sectors.intern("S" + std::to_string(i % 9));
            l.indicator = t.indicators.intern("I" + std::to_string(i % 31));
            l.type = i % 11 == 0 ? indicator_type::other : indicator_type::direct_assistance;
            l.activity = i % 3 == 0 ? t.activities.intern("X" + std::to_string(i % 7)) : no_code;
            l.cva = i % 4 == 0 ? cva_flag::yes : cva_flag::unknown;
            l.total_monthly = i % 6 == 0 ? i : -1;
            l.new_beneficiaries = i % 1000;
            l.has_cells = i % 8 == 0;
            if (l.has_cells)
                l.age_gender(0) = i % 10;
            l.file = t.files.intern(salt ? "b.csv" : "a.csv");
            l.source_line = static_cast<std::uint32_t>(i + 2);
            std::vector<group_value> bd;
            if (i % 3 >= 1)
                bd.push_back({g1, i % 50});
            if (i % 3 == 2)
                bd.push_back({g2, i % 70});
            t.append(l, bd);
        }
    };
    activity_table one, many, b1, b2;
    fill(one, 1000, 0);
    fill(many, 1000, 0);
    fill(b1, 70000, 5);
    fill(b2, 70000, 5);
    one.merge(std::move(b1), 7, 1);
    many.merge(std::move(b2), 7, 2);
    REQUIRE(one.size() == 71000);
    REQUIRE(many.size() == one.size());
    CHECK(b2.empty());
    bool same = true;
    for (std::size_t i = 0; i < one.size(); ++i) {
        same = same && one.country()[i] == many.country()[i] &&
               one.admin1()[i] == many.admin1()[i] && one.admin2()[i] == many.admin2()[i] &&
               one.month_index()[i] == many.month_index()[i] &&
               one.appealing_org()[i] == many.appealing_org()[i] &&
               one.implementing_org()[i] == many.implementing_org()[i] &&
               one.sector()[i] == many.sector()[i] && one.indicator()[i] == many.indicator()[i] &&
               one.type()[i] == many.type()[i] && one.activity()[i] == many.activity()[i] &&
               one.cva()[i] == many.cva()[i] && one.total_monthly()[i] == many.total_monthly()[i] &&
               one.new_beneficiaries()[i] == many.new_beneficiaries()[i] &&
               one.has_cells()[i] == many.has_cells()[i] &&
               (one.age_gender_of(i) == many.age_gender_of(i)).all() &&
               one.file()[i] == many.file()[i] && one.source_line()[i] == many.source_line()[i] &&
               std::equal(one.groups_of(i).begin(), one.groups_of(i).end(),
                          many.groups_of(i).begin(), many.groups_of(i).end()) &&
               std::equal(one.group_values_of(i).begin(), one.group_values_of(i).end(),
                          many.group_values_of(i).begin(), many.group_values_of(i).end());
    }
    CHECK(same);
    // And the appended lines are those put in: line 1,000 + i is line i of the second table.
    CHECK(one.source_line()[1000 + 123] == 123 + 2 + 7);
    CHECK(one.groups_of(1000 + 2).size() == 2);
    CHECK(one.group_values_of(1000 + 2)[1] == 2);
    CHECK(one.countries[one.country()[1000]] == "C5");
}

TEST_CASE("one group entry per line worth the line's total is kept implicit until a line differs") {
    // Long-form lines: one entry each, its value the line's new beneficiaries.
    auto long_form = [](activity_table& t, int n, int salt) {
        for (int i = 0; i < n; ++i) {
            const group_value bd[] = {{static_cast<code_id>((i + salt) % 3), i + salt}};
            t.append(line_of(t, "ECU", "UNHCR", i + salt), bd);
        }
    };
    auto breakdown = [](const activity_table& t) {
        std::vector<std::pair<std::size_t, group_value>> out;
        for (std::size_t i = 0; i < t.size(); ++i)
            for (std::size_t k = 0; k < t.groups_of(i).size(); ++k)
                out.push_back({i, {t.groups_of(i)[k], t.group_values_of(i)[k]}});
        return out;
    };
    auto same = [](const auto& a, const auto& b) {
        return a.size() == b.size() &&
               std::equal(a.begin(), a.end(), b.begin(), [](const auto& x, const auto& y) {
                   return x.first == y.first && x.second.group == y.second.group &&
                          x.second.value == y.second.value;
               });
    };
    activity_table t;
    long_form(t, 5, 0);
    CHECK(t.one_entry_per_line());
    REQUIRE(t.groups_of(4).size() == 1);
    CHECK(t.groups_of(4)[0] == 4 % 3);
    CHECK(t.group_values_of(4)[0] == 4);
    // A line whose entry is not its total writes the entries out; the earlier ones stay.
    const auto before = breakdown(t);
    const group_value part[] = {{1, 2}};
    t.append(line_of(t, "ECU", "UNHCR", 9), part);
    CHECK_FALSE(t.one_entry_per_line());
    auto expected = before;
    expected.push_back({5, {1, 2}});
    CHECK(same(breakdown(t), expected));
    // Lines without entries, or with two, do the same.
    for (const int entries : {0, 2}) {
        activity_table u;
        long_form(u, 3, 1);
        std::vector<group_value> bd;
        for (int k = 0; k < entries; ++k)
            bd.push_back({static_cast<code_id>(k), 1});
        u.append(line_of(u, "PER", "IOM", entries), bd);
        CHECK_FALSE(u.one_entry_per_line());
        CHECK(u.groups_of(3).size() == static_cast<std::size_t>(entries));
        CHECK(u.group_values_of(2)[0] == 3);
    }
    // Merging (copied or moved) gives the same breakdown whichever side is implicit.
    for (const bool left_implicit : {true, false})
        for (const bool right_implicit : {true, false})
            for (const bool moved : {true, false}) {
                activity_table a, b;
                long_form(a, 4, 0);
                if (!left_implicit)
                    a.append(line_of(a, "ECU", "UNHCR", 7), part);
                long_form(b, 70000, 2);
                if (!right_implicit)
                    b.append(line_of(b, "ECU", "UNHCR", 7), part);
                auto want = breakdown(a);
                for (auto e : breakdown(b)) {
                    e.first += a.size();
                    want.push_back(e);
                }
                if (moved)
                    a.merge(std::move(b), 0, 2);
                else
                    a.merge(b);
                CHECK(a.one_entry_per_line() == (left_implicit && right_implicit));
                CHECK(same(breakdown(a), want));
                if (moved) {
                    CHECK(b.empty());
                    CHECK(b.one_entry_per_line());
                }
            }
}

} // namespace test_table_activity_table
