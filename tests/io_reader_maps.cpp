// Column maps for the readers of flows, FTS flow exports, requirements and needs tables
// (io/column_map.hpp, io/layouts.hpp): a user's map renames a column and the figures are those of
// the file with tally's names; a map naming a column the file lacks, a role twice, or leaving a
// required role unbound is an error naming the file, the column and the roles; a column whose
// name is close to one a layout reads stops the file.
#include <doctest/doctest.h>
#include <string>
#include <tally/funding/flow_set.hpp>
#include <tally/io/column_map.hpp>
#include <tally/io/file.hpp>
#include <tally/io/flow_csv.hpp>
#include <tally/io/fts_csv.hpp>
#include <tally/io/hno.hpp>
#include <tally/io/input_files.hpp>
#include <tally/io/layouts.hpp>
#include <tally/io/plan_reader.hpp>
#include <tally/io/requirements_csv.hpp>
#include <vector>

namespace test_io_reader_maps {

using namespace tally;

namespace {

const std::string data = std::string(TALLY_SOURCE_DIR) + "/tests/data/";

io::column_map map(const std::string& entries) {
    return io::column_map::parse(entries, "--columns");
}

/// text with the first occurrence of from (in its header) replaced by to.
std::string renamed(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    REQUIRE(at < text.find('\n'));
    return text.replace(at, from.size(), to);
}

/// The message of the error f throws ("" when it throws none).
template <class F>
std::string error_of(F f) {
    try {
        f();
    } catch (const error& e) {
        return e.what();
    }
    return {};
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// ---- flow CSV ----

std::int64_t flow_total(const std::string& text, const io::column_map& m = {}) {
    io::validation_report rep;
    const auto t = io::parse_flow_csv(text, "f.csv", rep, {m});
    std::int64_t sum = 0;
    for (auto a : t.amount_usd)
        sum += a;
    return sum;
}

} // namespace

TEST_CASE("a flow CSV whose amount column is 'Monto USD' reads with a map as the canonical file") {
    const auto canonical = io::read_file(data + "funding/flows.csv");
    const auto spanish = renamed(canonical, "amount_usd", "Monto USD");
    CHECK(flow_total(spanish, map("Monto USD=amount_usd")) == flow_total(canonical));
    CHECK(flow_total(canonical) == 1000 + 500 + 300 + 4'000'000'001 + 700);
    // Per (country, sector) as well.
    io::validation_report a, b;
    CHECK(io::parse_flow_csv(spanish, "s.csv", a, {map("Monto USD=amount_usd")})
              .funding_by_country_sector()
              .result() ==
          io::parse_flow_csv(canonical, "c.csv", b).funding_by_country_sector().result());
    // The binding is recorded, as tally check prints it.
    REQUIRE(a.layouts.size() == 1);
    CHECK(a.layouts[0].layout == "flow CSV");
    CHECK(has(a.layouts[0].map, "Monto USD = amount_usd\n"));
    // Without the map the file is no flow CSV, and the error says what is missing.
    CHECK(error_of([&] { (void)flow_total(spanish); }) ==
          "[tally.parse.101] f.csv:1: not a flow CSV: missing column(s) amount_usd (the closest "
          "layout is 'flow CSV')");
}

TEST_CASE("a flow CSV map naming a column not in the file, a role twice, or leaving a required "
          "role unbound is an error naming file, column and roles") {
    const std::string text = "country,sector,Monto USD\nCOL,HEALTH,5\n";
    CHECK(error_of([&] { (void)flow_total(text, map("Monto=amount_usd")); }) ==
          "[tally.parse.101] f.csv:1: the column map (--columns) names column 'Monto', which is "
          "not in the file (its columns: country, sector, Monto USD)");
    CHECK(
        error_of([&] { (void)flow_total(text, map("Monto USD=amount_usd,sector=amount_usd")); }) ==
        "[tally.parse.101] f.csv:1: the column map (--columns) maps role 'amount_usd' twice "
        "(columns 'Monto USD' and 'sector')");
    CHECK(error_of([&] { (void)flow_total(text, map("Monto USD=ignore")); }) ==
          "[tally.parse.101] f.csv:1: not a flow CSV: missing column(s) amount_usd (the closest "
          "layout is 'flow CSV')");
    CHECK(error_of([&] { (void)flow_total(text, map("Monto USD=dollars")); }) ==
          "[tally.parse.101] f.csv:1: the column map (--columns) maps 'Monto USD' to 'dollars', "
          "which is not a role of flow CSV files (roles: country, sector, amount_usd, donor, "
          "recipient, ignore)");
}

TEST_CASE("a flow CSV column close to a role's name stops the file with the role named") {
    CHECK(error_of([&] { (void)flow_total("country,sector,amountUS\nCOL,HEALTH,5\n"); }) ==
          "[tally.parse.101] f.csv:1: not a flow CSV: missing column(s) amount_usd (the closest "
          "layout is 'flow CSV'); 'amountUS' looks like amount_usd: map it with --columns "
          "'amountUS=amount_usd'");
    // Beside the amount it would be left out, and only make a figure smaller.
    const std::string extra = "country,sector,amount_usd,recipent\nCOL,HEALTH,5,P\n";
    CHECK(error_of([&] { (void)flow_total(extra); }) ==
          "[tally.parse.101] f.csv:1: column 'recipent' is not read, but its name is close to "
          "'recipient' (recipient in layout 'flow CSV'): a column left out can only make figures "
          "smaller. Map it (--columns 'recipent=recipient') or ignore it (--columns "
          "'recipent=ignore')");
    CHECK(flow_total(extra, map("recipent=ignore")) == 5);
    CHECK(flow_total(extra, map("recipent=recipient")) == 5);
    // Other columns are told as not used.
    io::validation_report rep;
    (void)io::parse_flow_csv("country,sector,amount_usd,notes\nCOL,HEALTH,5,x\n", "n.csv", rep);
    REQUIRE(rep.notices.size() == 1);
    CHECK(rep.notices[0].message == "column 'notes' is not used");
}

TEST_CASE("a flow CSV map may name a column by its HXL tag, tags fill in what names do not give") {
    const std::string text = "País,Sector,Monto\n"
                             "#country+code,#sector,#value+usd\n"
                             "PER,Health,1000\n";
    // #value+usd is no funding tag: the map says it is the amount.
    CHECK(flow_total(text, map("#value+usd=amount_usd")) == 1000);
    io::validation_report rep;
    (void)io::parse_flow_csv(text, "t.csv", rep, {map("Monto=amount_usd")});
    REQUIRE(rep.layouts.size() == 1);
    CHECK(rep.layouts[0].layout == "flow CSV, with HXL flows"); // Sector by name, País by tag
}

// ---- HDX FTS flow export ----

TEST_CASE("an FTS flow export with a renamed amount column reads with a map as the original") {
    const auto original = io::read_file(data + "funding/hxl_flows.csv");
    const auto renamed_text = renamed(original, "amountUSD", "Monto USD");
    funding::flow_set<> a, b;
    io::validation_report ra, rb;
    io::parse_fts_csv(original, "o.csv", a, ra);
    io::parse_fts_csv(renamed_text, "r.csv", b, rb, {map("Monto USD=amount_usd")});
    CHECK(a.result().funding == usd_amount(3000));
    CHECK(b.result().funding == a.result().funding);
    CHECK(b.result().pledges == a.result().pledges);
    CHECK(rb.rejected.size() == ra.rejected.size());
    REQUIRE(rb.layouts.size() == 1);
    CHECK(rb.layouts[0].layout == "HDX FTS flow export");
}

TEST_CASE("FTS flow export map errors and near misses name the file, the column and the roles") {
    const std::string head = "id,Monto USD,boundary,onBoundary,status\n";
    const std::string row = "1,5,incoming,single,paid\n";
    auto read = [&](const std::string& text, const io::column_map& m = {}) {
        funding::flow_set<> s;
        io::validation_report rep;
        io::parse_fts_csv(text, "x.csv", s, rep, {m});
        return s.result().funding.value();
    };
    CHECK(read(head + row, map("Monto USD=amount_usd")) == 5);
    CHECK(error_of([&] { (void)read(head + row, map("Monto=amount_usd")); }) ==
          "[tally.parse.101] x.csv:1: the column map (--columns) names column 'Monto', which is "
          "not in the file (its columns: id, Monto USD, boundary, onBoundary, status)");
    CHECK(error_of([&] { (void)read(head + row, map("Monto USD=amount_usd,id=amount_usd")); }) ==
          "[tally.parse.101] x.csv:1: the column map (--columns) maps role 'amount_usd' twice "
          "(columns 'Monto USD' and 'id')");
    CHECK(error_of([&] { (void)read(head + row); }) ==
          "[tally.parse.101] x.csv:1: not an FTS flow export: missing column(s) amount_usd (the "
          "closest layout is 'HDX FTS flow export')");
    CHECK(has(error_of([&] { (void)read("id,amountUS,boundary,onBoundary,status\n" + row); }),
              "'amountUS' looks like amount_usd: map it with --columns 'amountUS=amount_usd'"));
    // The export's own columns that tally does not read go without a word.
    funding::flow_set<> s;
    io::validation_report rep;
    io::parse_fts_csv<usd_amount>("id,amountUSD,boundary,onBoundary,status,refCode,exchangeRate\n"
                                  "1,5,incoming,single,paid,R,1\n",
                                  "k.csv", s, rep);
    CHECK(rep.notices.empty());
}

// ---- requirements ----

TEST_CASE("requirements with Spanish names read with a map as the canonical file") {
    const auto canonical = io::read_file(data + "funding/requirements.csv");
    auto spanish = renamed(canonical, "requirements_usd", "Necesidades USD");
    spanish = renamed(spanish, "country", "País");
    io::validation_report a, b;
    const auto r = io::parse_requirements_csv(
        spanish, "s.csv", a, {map("País=country,Necesidades USD=requirements_usd")});
    const auto c = io::parse_requirements_csv(canonical, "c.csv", b);
    CHECK(r.result() == c.result());
    CHECK(r.at({"COL", "HEALTH"}) == usd_amount(3000));
    // Errors: a column not in the file, a role twice, a required role left unbound.
    CHECK(error_of([&] {
              (void)io::parse_requirements_csv(spanish, "s.csv", a,
                                               {map("Pais ISO=country,Necesidades "
                                                    "USD=requirements_usd")});
          }) == "[tally.parse.101] s.csv:1: the column map (--columns) names column 'Pais ISO', "
                "which is not in the file (its columns: País, sector, Necesidades USD)");
    CHECK(error_of([&] {
              (void)io::parse_requirements_csv(
                  spanish, "s.csv", a,
                  {map("País=country,Necesidades USD=requirements_usd,sector=requirements_usd")});
          }) == "[tally.parse.101] s.csv:1: the column map (--columns) maps role "
                "'requirements_usd' twice (columns 'Necesidades USD' and 'sector')");
    CHECK(error_of([&] {
              (void)io::parse_requirements_csv(spanish, "s.csv", a, {map("País=country")});
          }) == "[tally.parse.101] s.csv:1: not a requirements file: missing column(s) "
                "requirements_usd (the closest layout is 'requirements CSV')");
}

TEST_CASE("a requirements column close to a role's name stops the file with the role named") {
    io::validation_report rep;
    CHECK(error_of([&] {
              (void)io::parse_requirements_csv("country,sector,requirments\nCOL,HEALTH,5\n",
                                               "q.csv", rep);
          }) == "[tally.parse.101] q.csv:1: not a requirements file: missing column(s) "
                "requirements_usd (the closest layout is 'requirements CSV'); 'requirments' "
                "looks like requirements_usd: map it with --columns "
                "'requirments=requirements_usd'");
    CHECK(has(error_of([&] {
                  (void)io::parse_requirements_csv(
                      "country,sector,requirements_usd,fundng_usd\nCOL,HEALTH,5,2\n", "q.csv", rep);
              }),
              "column 'fundng_usd' is not read, but its name is close to 'funding_usd' "
              "(funding_usd in layout 'requirements CSV')"));
}

TEST_CASE("the HDX requirements layouts are told apart, and a map names a column by its tag") {
    io::validation_report rep;
    (void)io::read_requirements_table(data + "ocha/hapi_funding.csv", rep);
    (void)io::read_requirements_table(data + "ocha/hdx_fts_requirements_funding_col.csv", rep);
    REQUIRE(rep.layouts.size() == 2);
    CHECK(rep.layouts[0].layout == "HDX HAPI funding");
    CHECK(rep.layouts[1].layout == "HDX FTS requirements and funding");
    // A hashtag row whose figure tag tally does not know: the map names it by its tag.
    io::validation_report tagged;
    const auto t =
        io::parse_requirements_table("pais,sector,necesidades\n"
                                     "#country+code,#sector,#value+needed+usd\n"
                                     "ECU,HEA,50\n",
                                     "h.csv", tagged, {map("#value+needed+usd=requirements_usd")});
    REQUIRE(t.rows().size() == 1);
    CHECK(t.rows()[0].requirements == usd_amount(50));
    CHECK(t.rows()[0].country == "ECU");
}

// ---- needs tables (HPC, HNO with HXL, HDX HAPI) ----

namespace {

/// The plan lines of a needs table read through the plan reader (as tally plan reads it).
std::vector<std::tuple<std::string, std::string, bool, std::int64_t, std::int64_t>>
needs_lines(const std::string& text, const io::column_map& m = {},
            io::validation_report* report = nullptr) {
    plan_table t;
    io::plan_read_options o;
    o.columns = m;
    const auto rep = io::read_plan_text(text, "n.csv", t, o);
    if (report)
        *report = rep;
    std::vector<std::tuple<std::string, std::string, bool, std::int64_t, std::int64_t>> out;
    for (std::size_t i = 0; i < t.size(); ++i)
        out.emplace_back(t.countries[t[i].country],
                         t[i].intersector ? std::string("*") : t.sectors[t[i].sector],
                         t[i].intersector, t[i].pin, t[i].target);
    return out;
}

} // namespace

TEST_CASE("an HPC needs table with Spanish names reads with a map as the original") {
    const auto original = io::read_file(data + "ocha/hpc_needs.csv");
    auto spanish = renamed(original, "Cluster", "Grupo");
    spanish = renamed(spanish, "In Need", "Personas en necesidad");
    spanish = renamed(spanish, "Targeted", "Meta");
    const auto m = map("Grupo=sector,Personas en necesidad=pin,Meta=target");
    io::validation_report rep;
    const auto lines = needs_lines(spanish, m, &rep);
    CHECK(lines == needs_lines(original));
    CHECK(!lines.empty());
    REQUIRE(rep.layouts.size() == 1);
    CHECK(rep.layouts[0].layout == "HPC needs table");
    CHECK(has(rep.layouts[0].map, "Personas en necesidad = pin\n"));
    // Without the map it is no needs table, nor a plan file.
    CHECK(has(error_of([&] { (void)needs_lines(spanish); }), "not a plan file"));
    // The map's errors.
    CHECK(error_of([&] { (void)needs_lines(original, map("In Need=pin,Targeted=pin")); }) ==
          "[tally.parse.101] n.csv:1: the column map (--columns) maps role 'pin' twice (columns "
          "'In Need' and 'Targeted')");
    CHECK(has(error_of([&] { (void)needs_lines(original, map("Personas=pin")); }),
              "the column map (--columns) names column 'Personas', which is not in the file"));
    CHECK(error_of([&] {
              (void)needs_lines(original, map("Cluster=ignore,In Need=ignore,Targeted=ignore"));
          }) == "[tally.parse.101] n.csv:1: not a needs table: missing column(s) sector; pin or "
                "target (the closest layout is 'HPC needs table')");
}

TEST_CASE("an HPC needs table column close to a role's name stops the file with the role named") {
    const auto original = io::read_file(data + "ocha/hpc_needs.csv");
    const auto typo = renamed(original, "Targeted", "Targetted");
    CHECK(error_of([&] { (void)needs_lines(typo); }) ==
          "[tally.parse.101] n.csv:1: column 'Targetted' is not read, but its name is close to "
          "'Targeted' (target in layout 'HPC needs table'): a column left out can only make "
          "figures smaller. Map it (--columns 'Targetted=target') or ignore it (--columns "
          "'Targetted=ignore')");
    CHECK(needs_lines(typo, map("Targetted=target")) == needs_lines(original));
}

TEST_CASE("an HNO with HXL names its columns by their tags in a map") {
    const auto original = io::read_file(data + "hxl/hno_small.csv");
    // The hashtag row is the third line, under a title and the names.
    std::string text = original;
    text.replace(text.find("#inneed"), 7, "#people+need");
    io::validation_report rep;
    CHECK(needs_lines(text, map("#people+need=pin"), &rep) == needs_lines(original));
    REQUIRE(rep.layouts.size() == 1);
    CHECK(rep.layouts[0].layout == "HNO with HXL, with the column map");
    CHECK(has(rep.layouts[0].map, "#people+need = pin\n"));
    CHECK(has(error_of([&] { (void)needs_lines(original, map("#people+need=pin")); }),
              "the column map (--columns) names column '#people+need', which is not in the file"));
    CHECK(has(error_of([&] { (void)needs_lines(original, map("#inneed=pin,#targeted=pin")); }),
              "maps role 'pin' twice"));
}

TEST_CASE("the HDX HAPI needs table with a renamed column reads with a map as the original") {
    const auto original = io::read_file(data + "ocha/hapi_needs.csv");
    const auto renamed_text = renamed(original, "population_status", "estado");
    CHECK(needs_lines(renamed_text, map("estado=population_status")) == needs_lines(original));
    io::validation_report rep;
    (void)needs_lines(original, {}, &rep);
    REQUIRE(rep.layouts.size() == 1);
    CHECK(rep.layouts[0].layout == "HDX HAPI humanitarian needs");
}

// ---- kinds and layouts ----

TEST_CASE("a file's kind is told with the user's map, what a reader needs is said without it") {
    const std::string flows = "country,sector,Monto USD\nCOL,HEALTH,5\n";
    CHECK(io::detect_file_kind(flows, "f.csv") == io::file_kind::activities);
    CHECK(io::detect_file_kind(flows, "f.csv", map("Monto USD=amount_usd")) ==
          io::file_kind::flow_csv);
    const std::string req = "País,sector,Necesidades\nCOL,HEALTH,5\n";
    CHECK(io::detect_file_kind(req, "r.csv", map("País=country,Necesidades=requirements_usd")) ==
          io::file_kind::requirements);
    const auto p = io::header_problem("country,sector,amountUS\nCOL,HEALTH,5\n", "n.csv",
                                      io::file_kind::flow_csv);
    CHECK(has(p.problem, "'amountUS' looks like amount_usd"));
    CHECK(p.missing == 1);
    CHECK(io::header_problem(flows, "f.csv", io::file_kind::flow_csv, map("Monto USD=amount_usd"))
              .problem.empty());
}

TEST_CASE("every built-in layout is a map that reads back to its own binding") {
    std::vector<std::string> names;
    for (const auto* set : io::all_layouts())
        for (const auto& l : *set)
            names.push_back(l.name);
    for (const char* want :
         {"HPC needs table", "HNO with HXL", "HDX HAPI humanitarian needs", "flow CSV", "HXL flows",
          "HDX FTS flow export", "requirements CSV", "HDX FTS requirements and funding",
          "HDX FTS requirements and funding, by cluster", "HDX HAPI funding", "HXL requirements"})
        CHECK(std::find(names.begin(), names.end(), want) != names.end());
    // A layout of names, given as the header of a file, binds each name as its entry says.
    struct reader {
        io::reader_roles roles;
        const std::vector<io::layout>* layouts;
    };
    for (const auto& [roles, layouts] :
         {reader{io::flow_roles(), &io::flow_layouts()},
          reader{io::fts_flow_roles(), &io::fts_flow_layouts()},
          reader{io::requirements_roles(), &io::requirements_layouts()},
          reader{io::needs_roles(), &io::needs_layouts()},
          reader{io::hapi_needs_roles(), &io::hapi_needs_layouts()}})
        for (const auto& l : *layouts) {
            if (l.by_tags)
                continue;
            std::vector<std::string> header;
            for (const auto& e : l.entries)
                header.push_back(e.names.front());
            CAPTURE(l.name);
            const auto b = io::resolve_columns(header, roles, *layouts, {}, "l.csv", 1);
            CHECK(b.layout == l.name);
            const auto again =
                io::resolve_columns(header, roles, *layouts,
                                    io::column_map::parse(b.map_text(), "printed"), "l.csv", 1);
            CHECK(again.role == b.role);
        }
}

} // namespace test_io_reader_maps
