#pragma once
// Control characters never reach the terminal: the tool's standard output and standard error go
// through a stream buffer that writes each control character as a visible escape. Names in the
// inputs can hold them (an escape sequence in a partner's name would recolour, retitle or clear
// the terminal, a carriage return would hide the text before it); the tool's own output has none
// but line feeds and tabs.

#include <cstddef>
#include <cstdio>
#include <streambuf>
#include <string>

namespace tally::cli {

/// A stream buffer in front of another that passes text through, except control characters:
/// C0 bytes other than line feed and tab, and DEL, become "\xHH"; the C1 characters
/// U+0080-U+009F (in UTF-8, C2 80 to C2 9F) become "\u0080".."\u009f". escaped() counts them.
class printable_buffer : public std::streambuf {
  public:
    explicit printable_buffer(std::streambuf* to) : to_(to) {}
    printable_buffer(const printable_buffer&) = delete;
    printable_buffer& operator=(const printable_buffer&) = delete;

    std::size_t escaped() const noexcept { return escaped_; }

  protected:
    int_type overflow(int_type ch) override {
        if (traits_type::eq_int_type(ch, traits_type::eof()))
            return traits_type::not_eof(ch);
        const char c = traits_type::to_char_type(ch);
        return put(&c, 1) ? ch : traits_type::eof();
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        return put(s, static_cast<std::size_t>(n)) ? n : 0;
    }
    int sync() override {
        if (lead_ && to_->sputc('\xC2') == traits_type::eof())
            return -1;
        lead_ = false;
        return to_->pubsync();
    }

  private:
    bool put(const char* s, std::size_t n) {
        std::size_t run = 0; // start of the bytes passed through as they are
        for (std::size_t i = 0; i < n; ++i) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (lead_) { // a C2 byte held back: a C1 control when c is 80..9F
                lead_ = false;
                if (c >= 0x80 && c <= 0x9F) {
                    if (!escape("\\u00", c))
                        return false;
                    run = i + 1;
                    continue;
                }
                if (to_->sputc('\xC2') == traits_type::eof())
                    return false;
            }
            const bool control = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F;
            if (!control && c != 0xC2)
                continue;
            if (i > run && to_->sputn(s + run, static_cast<std::streamsize>(i - run)) !=
                               static_cast<std::streamsize>(i - run))
                return false;
            run = i + 1;
            if (c == 0xC2)
                lead_ = true;
            else if (!escape("\\x", c))
                return false;
        }
        return run >= n || to_->sputn(s + run, static_cast<std::streamsize>(n - run)) ==
                               static_cast<std::streamsize>(n - run);
    }
    bool escape(const char* prefix, unsigned char c) {
        static const char* hex = "0123456789abcdef";
        std::string e = prefix;
        e += hex[c >> 4];
        e += hex[c & 15];
        ++escaped_;
        return to_->sputn(e.data(), static_cast<std::streamsize>(e.size())) ==
               static_cast<std::streamsize>(e.size());
    }

    std::streambuf* to_;
    bool lead_ = false;
    std::size_t escaped_ = 0;
};

} // namespace tally::cli
