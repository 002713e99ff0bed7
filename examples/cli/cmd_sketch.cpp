// tally sketch — keyed sketches of the people in transit each country reached, and their
// distinct count and overlaps across countries (docs/sketch.md).

#include "cli.hpp"
#include "sketch_key_input.hpp"
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <iomanip>
#include <sstream>
#include <tally/io/csv.hpp>
#include <tally/io/detail/row_reading.hpp>
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
    "       tally sketch auth-key --key-file KEY -o AUTH\n"
    "       tally sketch build --key-file KEY --country ISO3 [--precision P] [--strict] IDS.csv\n"
    "                          -o OUT.sketch\n"
    "       tally sketch estimate --key-file KEY|AUTH A.sketch [B.sketch...]\n"
    "       tally sketch overlap --key-file KEY|AUTH A.sketch B.sketch\n"
    "       tally sketch info --key-file KEY|AUTH S.sketch\n\n"
    "keygen    writes a new secret key (64 hexadecimal characters) to KEY, readable only by its\n"
    "          owner; it never overwrites a file. Share it only with the offices that build\n"
    "          sketches.\n"
    "auth-key  writes the authentication key derived from KEY to AUTH (same rules): it checks\n"
    "          sketches but cannot hash an identifier, so it can go to offices that only merge\n"
    "          and estimate.\n"
    "build     hashes the column 'id' of IDS.csv with the key (after trimming, lower-casing and\n"
    "          removing accents) into a sketch for one country. Rows with an empty or non-UTF-8\n"
    "          id are listed on standard error; with --strict they make it fail (exit 1).\n"
    "          --precision is the HyperLogLog precision, 4..18 (default 14: 0.81% error).\n"
    "estimate  prints CSV distinct,lower,upper: the distinct people across the sketches, with\n"
    "          a 95% interval.\n"
    "overlap   prints CSV intersection,lower,upper,jaccard: the people in both, with a 95%\n"
    "          interval, and the Jaccard similarity.\n"
    "info      prints the countries, parameters, key fingerprint and estimated count.\n"
    "Every sketch carries a tag made with the authentication key: estimate, overlap and info\n"
    "read only sketches whose tag --key-file (the shared key or its authentication key)\n"
    "confirms. Sketches made with different keys or parameters are refused, and so are\n"
    "sketches of format 1 (no tag: rebuild them). A count beyond what a sketch can tell is\n"
    "n/a.\n";

namespace {

// [[maybe_unused]]: without libsodium only estimate, overlap and info are built.
/// -o is the one short option of this command: it is spelled --output for the parser.
[[maybe_unused]] std::vector<std::string_view> with_long_output(args_t args) {
    std::vector<std::string_view> out;
    for (auto a : args)
        out.push_back(a == "-o" ? std::string_view("--output") : a);
    return out;
}

#if defined(TALLY_HAVE_SODIUM)
using auth_key = sketch::sketch_auth_key;
#else
// Never made: without libsodium the commands that read sketches stop before (read_auth).
struct auth_key {
    sketch::sketch_tag tag(std::string_view) const { return {}; }
    bool verify(std::string_view, const sketch::sketch_tag&) const { return false; }
    std::uint64_t key_fingerprint() const { return 0; }
};
#endif

/// The authentication key of --key-file (required).
auth_key read_auth(const options& opt) {
    const auto path = opt.value("key-file");
    if (!path)
        throw error(errc::usage, "--key-file KEY is required: the shared key or its "
                                 "authentication key, to check that a holder of the key made "
                                 "the sketches");
#if defined(TALLY_HAVE_SODIUM)
    return read_sketch_auth_key(*path);
#else
    no_sketch_authentication();
#endif
}

sketch::identifier_sketch read_sketch(const std::string& path, const auth_key& auth) {
    try {
        return sketch::identifier_sketch::deserialize(io::read_file(path), auth);
    } catch (const error& e) {
        if (e.code() != errc::parse && e.code() != errc::mismatch)
            throw;
        throw error(e.code(), source_position{path, 0, 0}, e.detail());
    }
}

/// A whole count, or n/a (sketch::whole_count: never a float cast out of range).
std::string count_text(double v, sketch::rounding r) {
    const auto c = sketch::whole_count(v, r);
    return c ? std::to_string(*c) : std::string("n/a");
}

/// Distinct counts are whole people: the estimate rounded, the interval widened outwards; a
/// figure beyond what the sketch can count is n/a.
void print_count(std::ostream& out, const sketch::estimate& e) {
    out << count_text(e.value, sketch::rounding::nearest) << ','
        << count_text(e.lower, sketch::rounding::down) << ','
        << count_text(e.upper, sketch::rounding::up);
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
/// Writes a key file: O_EXCL, a key is never overwritten by accident; 0600, readable by its
/// owner only.
void write_key_file(const std::string& path, const std::string& text) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        throw error(errc::io, source_position{path, 0, 0},
                    std::string("cannot create: ") + std::strerror(errno));
    const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::close(fd);
    if (!ok)
        throw error(errc::io, source_position{path, 0, 0}, "cannot write");
}

int run_keygen(args_t args, std::ostream& out) {
    const auto a = with_long_output(args);
    options opt(a, {"output"}, {});
    if (!opt.positional().empty())
        throw error(errc::usage, "unexpected argument '" + opt.positional().front() + "'");
    const auto path = required(opt, "output");
    const auto key = sketch::sketch_key::generate();
    write_key_file(path, key.to_hex() + "\n");
    out << "key fingerprint " << detail::hex64(sketch::key_fingerprint(key)) << " written to "
        << path << "\n";
    return exit_ok;
}

int run_auth_key(args_t args, std::ostream& out) {
    const auto a = with_long_output(args);
    options opt(a, {"output", "key-file"}, {});
    if (!opt.positional().empty())
        throw error(errc::usage, "unexpected argument '" + opt.positional().front() + "'");
    const auto path = required(opt, "output");
    const auto key_path = required(opt, "key-file");
    const auto text = io::read_file(key_path);
    if (sketch::detail::key_text(text).rfind(sketch::sketch_auth_key::file_label, 0) == 0)
        throw error(errc::usage, key_path + " is an authentication key already: auth-key "
                                            "derives one from the shared key");
    const auto auth = read_sketch_auth_key(key_path);
    write_key_file(path, auth.to_text() + "\n");
    out << "authentication key of key fingerprint " << detail::hex64(auth.key_fingerprint())
        << " written to " << path << "\n";
    return exit_ok;
}

int run_build(args_t args, std::ostream& out, std::ostream& err) {
    const auto a = with_long_output(args);
    options opt(a, {"output", "key-file", "country", "precision"}, {"strict"});
    const auto input = one_positional(opt, "IDS.csv file");
    const auto output = required(opt, "output");
    const auto key_path = required(opt, "key-file");
    const auto key = [&] {
        try {
            return sketch::sketch_key::from_hex(io::read_file(key_path));
        } catch (const error& e) {
            if (!e.where().file.empty())
                throw;
            throw error(e.code(), source_position{key_path, 0, 0}, e.detail());
        }
    }();
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
    io::write_file(output, s.serialize(sketch::sketch_auth_key::derive(key)));
    out << "sketch of " << used << " ids (";
    print_count(out, s.estimate());
    out << " distinct,lower,upper) written to " << output << "\n";
    return exit_ok;
}
#else
int run_keygen(args_t, std::ostream&) {
    throw error(errc::usage, "this tally was built without libsodium: no keyed hashing");
}
int run_auth_key(args_t, std::ostream&) {
    throw error(errc::usage, "this tally was built without libsodium: no keyed hashing");
}
int run_build(args_t, std::ostream&, std::ostream&) {
    throw error(errc::usage, "this tally was built without libsodium: no keyed hashing");
}
#endif

int run_estimate(args_t args, std::ostream& out) {
    options opt(args, {"key-file"}, {});
    if (opt.positional().empty())
        throw error(errc::usage, "expected at least one sketch file");
    const auto auth = read_auth(opt);
    auto all = read_sketch(opt.positional().front(), auth);
    for (std::size_t i = 1; i < opt.positional().size(); ++i) {
        const auto& path = opt.positional()[i];
        try {
            all.merge(read_sketch(path, auth));
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
    options opt(args, {"key-file"}, {});
    if (opt.positional().size() != 2)
        throw error(errc::usage, "expected two sketch files");
    const auto auth = read_auth(opt);
    const auto a = read_sketch(opt.positional()[0], auth);
    const auto b = read_sketch(opt.positional()[1], auth);
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
    options opt(args, {"key-file"}, {});
    const auto path = one_positional(opt, "sketch file");
    const auto s = read_sketch(path, read_auth(opt));
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
        << "authenticated,yes\n"
        << "distinct," << count_text(e.value, sketch::rounding::nearest) << "\n"
        << "lower," << count_text(e.lower, sketch::rounding::down) << "\n"
        << "upper," << count_text(e.upper, sketch::rounding::up) << "\n";
    return exit_ok;
}

} // namespace

int run_sketch(args_t args, std::ostream& out, std::ostream& err) {
    if (args.empty())
        throw error(errc::usage, "expected keygen, auth-key, build, estimate, overlap or info");
    const auto sub = args.front();
    const auto rest = args.subspan(1);
    if (sub == "keygen")
        return run_keygen(rest, out);
    if (sub == "auth-key")
        return run_auth_key(rest, out);
    if (sub == "build")
        return run_build(rest, out, err);
    if (sub == "estimate")
        return run_estimate(rest, out);
    if (sub == "overlap")
        return run_overlap(rest, out);
    if (sub == "info")
        return run_info(rest, out);
    throw error(errc::usage, "unknown sketch command '" + std::string(sub) +
                                 "' (keygen, auth-key, build, estimate, overlap, info)");
}

} // namespace tally::cli
