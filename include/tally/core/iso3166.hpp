#pragma once
// ISO 3166-1 country codes: alpha-2 to alpha-3, for P-codes (which begin with the alpha-2 code
// of their country: "ML0101" is in Mali, MLI). The table is the 249 officially assigned codes of
// ISO 3166-1 (Debian iso-codes), each entry five letters: alpha-2 then alpha-3, sorted by alpha-2.

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

namespace tally {

namespace detail {
inline constexpr std::string_view iso3166_alpha2_to_3 =
    "ADANDAEAREAFAFGAGATGAIAIAALALBAMARMAOAGOAQATAARARGASASMATAUTAUAUSAWABWAXALAAZAZEBABIHBBBRB"
    "BDBGDBEBELBFBFABGBGRBHBHRBIBDIBJBENBLBLMBMBMUBNBRNBOBOLBQBESBRBRABSBHSBTBTNBVBVTBWBWABYBLR"
    "BZBLZCACANCCCCKCDCODCFCAFCGCOGCHCHECICIVCKCOKCLCHLCMCMRCNCHNCOCOLCRCRICUCUBCVCPVCWCUWCXCXR"
    "CYCYPCZCZEDEDEUDJDJIDKDNKDMDMADODOMDZDZAECECUEEESTEGEGYEHESHERERIESESPETETHFIFINFJFJIFKFLK"
    "FMFSMFOFROFRFRAGAGABGBGBRGDGRDGEGEOGFGUFGGGGYGHGHAGIGIBGLGRLGMGMBGNGINGPGLPGQGNQGRGRCGSSGS"
    "GTGTMGUGUMGWGNBGYGUYHKHKGHMHMDHNHNDHRHRVHTHTIHUHUNIDIDNIEIRLILISRIMIMNININDIOIOTIQIRQIRIRN"
    "ISISLITITAJEJEYJMJAMJOJORJPJPNKEKENKGKGZKHKHMKIKIRKMCOMKNKNAKPPRKKRKORKWKWTKYCYMKZKAZLALAO"
    "LBLBNLCLCALILIELKLKALRLBRLSLSOLTLTULULUXLVLVALYLBYMAMARMCMCOMDMDAMEMNEMFMAFMGMDGMHMHLMKMKD"
    "MLMLIMMMMRMNMNGMOMACMPMNPMQMTQMRMRTMSMSRMTMLTMUMUSMVMDVMWMWIMXMEXMYMYSMZMOZNANAMNCNCLNENER"
    "NFNFKNGNGANINICNLNLDNONORNPNPLNRNRUNUNIUNZNZLOMOMNPAPANPEPERPFPYFPGPNGPHPHLPKPAKPLPOLPMSPM"
    "PNPCNPRPRIPSPSEPTPRTPWPLWPYPRYQAQATREREUROROURSSRBRURUSRWRWASASAUSBSLBSCSYCSDSDNSESWESGSGP"
    "SHSHNSISVNSJSJMSKSVKSLSLESMSMRSNSENSOSOMSRSURSSSSDSTSTPSVSLVSXSXMSYSYRSZSWZTCTCATDTCDTFATF"
    "TGTGOTHTHATJTJKTKTKLTLTLSTMTKMTNTUNTOTONTRTURTTTTOTVTUVTWTWNTZTZAUAUKRUGUGAUMUMIUSUSAUYURY"
    "UZUZBVAVATVCVCTVEVENVGVGBVIVIRVNVNMVUVUTWFWLFWSWSMYEYEMYTMYTZAZAFZMZMBZWZWE";
} // namespace detail

/// The alpha-3 code of the country whose alpha-2 code is alpha2 (any case), or std::nullopt.
inline std::optional<std::string> iso3_of_alpha2(std::string_view alpha2) {
    if (alpha2.size() != 2)
        return std::nullopt;
    const char want[2] = {static_cast<char>(std::toupper(static_cast<unsigned char>(alpha2[0]))),
                          static_cast<char>(std::toupper(static_cast<unsigned char>(alpha2[1])))};
    const auto& t = detail::iso3166_alpha2_to_3;
    std::size_t lo = 0, hi = t.size() / 5;
    while (lo < hi) { // binary search over the sorted five-letter entries
        const std::size_t mid = (lo + hi) / 2;
        const auto key = t.substr(mid * 5, 2);
        if (key == std::string_view(want, 2))
            return std::string(t.substr(mid * 5 + 2, 3));
        if (key < std::string_view(want, 2))
            lo = mid + 1;
        else
            hi = mid;
    }
    return std::nullopt;
}

/// The country (alpha-3) of a P-code: its first two letters as ISO 3166-1 alpha-2, or
/// std::nullopt when they are not an assigned code.
inline std::optional<std::string> country_of_pcode(std::string_view pcode) {
    while (!pcode.empty() && pcode.front() == ' ')
        pcode.remove_prefix(1);
    if (pcode.size() < 2)
        return std::nullopt;
    return iso3_of_alpha2(pcode.substr(0, 2));
}

} // namespace tally
