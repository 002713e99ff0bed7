// tally sketch — keyed sketches of the people in transit each country reached, and their
// distinct count and overlaps across countries (docs/sketch.md).

#include "cli.hpp"
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <tally/detail/row_reading.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/file.hpp>
#include <tally/sketch/identifier_sketch.hpp>
#include <unistd.h>
#if defined(TALLY_HAVE_SODIUM)
#include <tally/sketch/keyed_hash.hpp>
#endif

namespace tally::cli {

extern const std::string_view sketch_usage;
const std::string_view sketch_usage =
    "Usage: tally sketch keygen -o KEY\n"
    "       tally sketch build --key-file KEY --country ISO3 [--precision P] [--strict] IDS.csv\n"
    "                          -o OUT.sketch\n"
    "       tally sketch estimate A.sketch [B.sketch...]\n"
    "       tally sketch overlap A.sketch B.sketch\n"
    "       tally sketch info S.sketch\n\n"
    "keygen    writes a new secret key (64 hexadecimal characters) to KEY, readable only by its\n"
    "          owner; it never overwrites a file. Share it only with the participating offices.\n"
    "build     hashes the column 'id' of IDS.csv with the key (after trimming, lower-casing and\n"
    "          removing accents) into a sketch for one country. Rows with an empty or non-UTF-8\n"
    "          id are listed on standard error; with --strict they make it fail (exit 1).\n"
    "          --precision is the HyperLogLog precision, 4..18 (default 14: 0.81% error).\n"
    "estimate  prints CSV distinct,lower,upper: the distinct people across the sketches, with\n"
    "          a 95% interval.\n"
    "overlap   prints CSV intersection,lower,upper,jaccard: the people in both, with a 95%\n"
    "          interval, and the Jaccard similarity.\n"
    "info      prints the countries, parameters, key fingerprint and estimated count.\n"
    "Sketches made with different keys or parameters are refused.\n";

namespace {

// [[maybe_unused]]: without libsodium only estimate, overlap and info are built.
/// -o is the one short option of this command: it is spelled --output for the parser.
[[maybe_unused]] std::vector<std::string_view> with_long_output(args_t args) {
    std::vector<std::string_view> out;
    for (auto a : args)
        out.push_back(a == "-o" ? std::string_view("--output") : a);
    return out;
}

sketch::identifier_sketch read_sketch(const std::string& path) {
    try {
        return sketch::identifier_sketch::deserialize(io::read_file(path));
    } catch (const error& e) {
        if (e.code() != errc::parse)
            throw;
        throw error(errc::parse, source_position{path, 0, 0}, e.detail());
    }
}

[[maybe_unused]] void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f || !(f << bytes) || !f.flush())
        throw error(errc::io, source_position{path, 0, 0}, "cannot write");
}

/// Distinct counts are whole people: the estimate rounded, the interval widened outwards.
void print_count(std::ostream& out, const sketch::estimate& e) {
    out << std::llround(e.value) << ',' << static_cast<long long>(std::floor(e.lower)) << ','
        << static_cast<long long>(std::ceil(e.upper));
}

std::string one_positional(const options& opt, std::string_view what) {
    if (opt.positional().size() != 1)
        throw error(errc::usage, "expected one " + std::string(what));
    return opt.positional().front();
}

[[maybe_unused]] std::string required(const options& opt, std::string_view name) {
    auto v = opt.value(name);
    if (!v)
        throw error(errc::usage, "--" + std::string(name) + " is required");
    return *v;
}

#if defined(TALLY_HAVE_SODIUM)
int run_keygen(args_t args, std::ostream& out) {
    const auto a = with_long_output(args);
    options opt(a, {"output"}, {});
    if (!opt.positional().empty())
        throw error(errc::usage, "unexpected argument '" + opt.positional().front() + "'");
    const auto path = required(opt, "output");
    const auto key = sketch::sketch_key::generate();
    // O_EXCL: a key is never overwritten by accident; 0600: readable by its owner only.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        throw error(errc::io, source_position{path, 0, 0},
                    std::string("cannot create: ") + std::strerror(errno));
    const auto text = key.to_hex() + "\n";
    const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::close(fd);
    if (!ok)
        throw error(errc::io, source_position{path, 0, 0}, "cannot write");
    out << "key fingerprint " << detail::hex64(sketch::key_fingerprint(key)) << " written to "
        << path << "\n";
    return exit_ok;
}

int run_build(args_t args, std::ostream& out, std::ostream& err) {
    const auto a = with_long_output(args);
    options opt(a, {"output", "key-file", "country", "precision"}, {"strict"});
    const auto input = one_positional(opt, "IDS.csv file");
    const auto output = required(opt, "output");
    const auto key = sketch::sketch_key::from_hex(io::read_file(required(opt, "key-file")));
    int precision = sketch::hll_sketch::default_precision;
    if (auto p = opt.value("precision")) {
        std::size_t used = 0;
        try {
            precision = std::stoi(*p, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != p->size())
            throw error(errc::usage, "--precision must be a whole number, not '" + *p + "'");
    }
    sketch::identifier_sketch s(sketch::key_fingerprint(key), required(opt, "country"), precision);

    auto csv = io::csv_reader::open(input);
    io::csv_record rec;
    if (!csv.next(rec))
        throw error(errc::parse, source_position{input, 1, 0}, "empty file: no header");
    const auto col = io::header_index(rec).find("id");
    if (!col)
        throw error(errc::parse, source_position{input, rec.line, 0}, "no column 'id'");
    // Rows read as every reader reads them: a quoted field that swallows lines looking like rows
    // (a stray quote) or never closes is a rejected row naming its lines.
    io::validation_report rep;
    const std::size_t width = rec.size();
    while (tally::detail::next_record(csv, rec, rep, width)) {
        const auto id = *col < rec.size() ? rec[*col] : std::string_view{};
        std::string reason;
        try {
            if (sketch::normalize_identifier(id).empty())
                reason = "empty id";
            else
                s.update(sketch::keyed_hash(key, id));
        } catch (const error& e) {
            reason = e.detail();
        }
        if (reason.empty())
            rep.use();
        else
            rep.reject({input, rec.line, 0}, reason);
    }
    for (const auto& r : rep.rejected)
        err << r.to_string() << "\n";
    const std::size_t used = rep.rows_used, rejected = rep.rejected.size();
    err << input << ": " << rep.rows_read << " rows, " << used << " used, " << rejected
        << " rejected\n";
    if (rejected > 0 && opt.flag("strict"))
        return exit_data;
    write_file(output, s.serialize());
    out << "sketch of " << used << " ids (";
    print_count(out, s.estimate());
    out << " distinct,lower,upper) written to " << output << "\n";
    return exit_ok;
}
#else
int run_keygen(args_t, std::ostream&) {
    throw error(errc::usage, "this tally was built without libsodium: no keyed hashing");
}
int run_build(args_t, std::ostream&, std::ostream&) {
    throw error(errc::usage, "this tally was built without libsodium: no keyed hashing");
}
#endif

int run_estimate(args_t args, std::ostream& out) {
    options opt(args, {}, {});
    if (opt.positional().empty())
        throw error(errc::usage, "expected at least one sketch file");
    auto all = read_sketch(opt.positional().front());
    for (std::size_t i = 1; i < opt.positional().size(); ++i) {
        const auto& path = opt.positional()[i];
        try {
            all.merge(read_sketch(path));
        } catch (const error& e) {
            if (e.code() != errc::mismatch)
                throw;
            throw error(errc::mismatch, source_position{path, 0, 0}, e.detail());
        }
    }
    out << "distinct,lower,upper\n";
    print_count(out, all.estimate());
    out << "\n";
    return exit_ok;
}

int run_overlap(args_t args, std::ostream& out) {
    options opt(args, {}, {});
    if (opt.positional().size() != 2)
        throw error(errc::usage, "expected two sketch files");
    const auto a = read_sketch(opt.positional()[0]);
    const auto b = read_sketch(opt.positional()[1]);
    sketch::estimate both, j;
    try {
        both = set_intersection(a.theta(), b.theta()).estimate();
        j = jaccard(a.theta(), b.theta());
    } catch (const error& e) {
        if (e.code() != errc::mismatch)
            throw;
        throw error(errc::mismatch, source_position{opt.positional()[1], 0, 0}, e.detail());
    }
    out << "intersection,lower,upper,jaccard\n";
    print_count(out, both);
    out << ',' << std::fixed << std::setprecision(4) << j.value << "\n";
    return exit_ok;
}

int run_info(args_t args, std::ostream& out) {
    options opt(args, {}, {});
    const auto path = one_positional(opt, "sketch file");
    const auto s = read_sketch(path);
    std::string countries;
    for (const auto& c : s.countries())
        countries += (countries.empty() ? "" : " ") + c;
    const auto e = s.estimate();
    out << "field,value\n"
        << "format_version," << sketch::identifier_sketch::format_version << "\n"
        << "countries," << countries << "\n"
        << "key_fingerprint," << detail::hex64(s.key_fingerprint()) << "\n"
        << "hll_precision," << s.hll().precision() << "\n"
        << "hll_mode," << (s.hll().is_sparse() ? "exact" : "estimated") << "\n"
        << "theta_lg_k," << s.theta().lg_k() << "\n"
        << "theta," << std::setprecision(6) << s.theta().theta_fraction() << "\n"
        << "distinct," << std::llround(e.value) << "\n"
        << "lower," << static_cast<long long>(std::floor(e.lower)) << "\n"
        << "upper," << static_cast<long long>(std::ceil(e.upper)) << "\n";
    return exit_ok;
}

} // namespace

int run_sketch(args_t args, std::ostream& out, std::ostream& err) {
    if (args.empty())
        throw error(errc::usage, "expected keygen, build, estimate, overlap or info");
    const auto sub = args.front();
    const auto rest = args.subspan(1);
    if (sub == "keygen")
        return run_keygen(rest, out);
    if (sub == "build")
        return run_build(rest, out, err);
    if (sub == "estimate")
        return run_estimate(rest, out);
    if (sub == "overlap")
        return run_overlap(rest, out);
    if (sub == "info")
        return run_info(rest, out);
    throw error(errc::usage, "unknown sketch command '" + std::string(sub) +
                                 "' (keygen, build, estimate, overlap, info)");
}

} // namespace tally::cli
