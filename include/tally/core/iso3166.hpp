#pragma once
// ISO 3166-1 country codes: alpha-2 to alpha-3, for P-codes (which begin with the alpha-2 code
// of their country: "ML0101" is in Mali, MLI). The table is the 249 officially assigned codes of
// ISO 3166-1 (Debian iso-codes), each entry five letters: alpha-2 then alpha-3, sorted by alpha-2.
//
// Country names of the world, for sources that name a country instead of coding it (the FTS API
// writes "Afghanistan", "occupied Palestinian territory", "Iran, Islamic Republic of"): each
// alpha-3 code with its ISO 3166-1 name, official and common names (Debian iso-codes), and the
// names the UN and OCHA use where they differ ("Democratic Republic of the Congo", "Turkey",
// "Syria"), plus Kosovo as XKX, the code OCHA and FTS use. iso3_of_country() resolves any of
// them, or the alpha-3 code itself, without regard to case, accents, blanks or punctuation
// (geography::fold_name); it never guesses: a name that is not in the table gives std::nullopt.

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/geography.hpp>
#include <unordered_map>

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

/// Entries "ISO3=name|name|...;" (see the top of this header).
inline constexpr std::string_view world_country_names =
    "ABW=Aruba;AFG=Afghanistan|Islamic Republic of Afghanistan;AGO=Angola|Republic of Angola;AI"
    "A=Anguilla;ALA=Åland Islands;ALB=Albania|Republic of Albania;AND=Andorra|Principality of A"
    "ndorra;ARE=United Arab Emirates;ARG=Argentina|Argentine Republic;ARM=Armenia|Republic of A"
    "rmenia;ASM=American Samoa;ATA=Antarctica;ATF=French Southern Territories;ATG=Antigua and B"
    "arbuda;AUS=Australia;AUT=Austria|Republic of Austria;AZE=Azerbaijan|Republic of Azerbaijan"
    ";BDI=Burundi|Republic of Burundi;BEL=Belgium|Kingdom of Belgium;BEN=Benin|Republic of Beni"
    "n;BES=Bonaire, Sint Eustatius and Saba;BFA=Burkina Faso;BGD=Bangladesh|People's Republic o"
    "f Bangladesh;BGR=Bulgaria|Republic of Bulgaria;BHR=Bahrain|Kingdom of Bahrain;BHS=Bahamas|"
    "Commonwealth of the Bahamas;BIH=Bosnia and Herzegovina|Republic of Bosnia and Herzegovina;"
    "BLM=Saint Barthélemy;BLR=Belarus|Republic of Belarus;BLZ=Belize;BMU=Bermuda;BOL=Bolivia, P"
    "lurinational State of|Plurinational State of Bolivia|Bolivia|Bolivia (Plurinational State "
    "of);BRA=Brazil|Federative Republic of Brazil;BRB=Barbados;BRN=Brunei Darussalam;BTN=Bhutan"
    "|Kingdom of Bhutan;BVT=Bouvet Island;BWA=Botswana|Republic of Botswana;CAF=Central African"
    " Republic;CAN=Canada;CCK=Cocos (Keeling) Islands;CHE=Switzerland|Swiss Confederation;CHL=C"
    "hile|Republic of Chile;CHN=China|People's Republic of China;CIV=Côte d'Ivoire|Republic of "
    "Côte d'Ivoire;CMR=Cameroon|Republic of Cameroon;COD=Congo, The Democratic Republic of the|"
    "Democratic Republic of the Congo;COG=Congo|Republic of the Congo;COK=Cook Islands;COL=Colo"
    "mbia|Republic of Colombia;COM=Comoros|Union of the Comoros;CPV=Cabo Verde|Republic of Cabo"
    " Verde|Cape Verde;CRI=Costa Rica|Republic of Costa Rica;CUB=Cuba|Republic of Cuba;CUW=Cura"
    "çao;CXR=Christmas Island;CYM=Cayman Islands;CYP=Cyprus|Republic of Cyprus;CZE=Czechia|Czec"
    "h Republic;DEU=Germany|Federal Republic of Germany;DJI=Djibouti|Republic of Djibouti;DMA=D"
    "ominica|Commonwealth of Dominica;DNK=Denmark|Kingdom of Denmark;DOM=Dominican Republic;DZA"
    "=Algeria|People's Democratic Republic of Algeria;ECU=Ecuador|Republic of Ecuador;EGY=Egypt"
    "|Arab Republic of Egypt;ERI=Eritrea|the State of Eritrea;ESH=Western Sahara;ESP=Spain|King"
    "dom of Spain;EST=Estonia|Republic of Estonia;ETH=Ethiopia|Federal Democratic Republic of E"
    "thiopia;FIN=Finland|Republic of Finland;FJI=Fiji|Republic of Fiji;FLK=Falkland Islands (Ma"
    "lvinas);FRA=France|French Republic;FRO=Faroe Islands;FSM=Micronesia, Federated States of|F"
    "ederated States of Micronesia|Micronesia (Federated States of);GAB=Gabon|Gabonese Republic"
    ";GBR=United Kingdom|United Kingdom of Great Britain and Northern Ireland;GEO=Georgia;GGY=G"
    "uernsey;GHA=Ghana|Republic of Ghana;GIB=Gibraltar;GIN=Guinea|Republic of Guinea;GLP=Guadel"
    "oupe;GMB=Gambia|Republic of the Gambia;GNB=Guinea-Bissau|Republic of Guinea-Bissau;GNQ=Equ"
    "atorial Guinea|Republic of Equatorial Guinea;GRC=Greece|Hellenic Republic;GRD=Grenada;GRL="
    "Greenland;GTM=Guatemala|Republic of Guatemala;GUF=French Guiana;GUM=Guam;GUY=Guyana|Republ"
    "ic of Guyana;HKG=Hong Kong|Hong Kong Special Administrative Region of China;HMD=Heard Isla"
    "nd and McDonald Islands;HND=Honduras|Republic of Honduras;HRV=Croatia|Republic of Croatia;"
    "HTI=Haiti|Republic of Haiti;HUN=Hungary;IDN=Indonesia|Republic of Indonesia;IMN=Isle of Ma"
    "n;IND=India|Republic of India;IOT=British Indian Ocean Territory;IRL=Ireland;IRN=Iran, Isl"
    "amic Republic of|Islamic Republic of Iran|Iran|Iran (Islamic Republic of);IRQ=Iraq|Republi"
    "c of Iraq;ISL=Iceland|Republic of Iceland;ISR=Israel|State of Israel;ITA=Italy|Italian Rep"
    "ublic;JAM=Jamaica;JEY=Jersey;JOR=Jordan|Hashemite Kingdom of Jordan;JPN=Japan;KAZ=Kazakhst"
    "an|Republic of Kazakhstan;KEN=Kenya|Republic of Kenya;KGZ=Kyrgyzstan|Kyrgyz Republic;KHM=C"
    "ambodia|Kingdom of Cambodia;KIR=Kiribati|Republic of Kiribati;KNA=Saint Kitts and Nevis;KO"
    "R=Korea, Republic of|South Korea;KWT=Kuwait|State of Kuwait;LAO=Lao People's Democratic Re"
    "public|Laos;LBN=Lebanon|Lebanese Republic;LBR=Liberia|Republic of Liberia;LBY=Libya;LCA=Sa"
    "int Lucia;LIE=Liechtenstein|Principality of Liechtenstein;LKA=Sri Lanka|Democratic Sociali"
    "st Republic of Sri Lanka;LSO=Lesotho|Kingdom of Lesotho;LTU=Lithuania|Republic of Lithuani"
    "a;LUX=Luxembourg|Grand Duchy of Luxembourg;LVA=Latvia|Republic of Latvia;MAC=Macao|Macao S"
    "pecial Administrative Region of China;MAF=Saint Martin (French part);MAR=Morocco|Kingdom o"
    "f Morocco;MCO=Monaco|Principality of Monaco;MDA=Moldova, Republic of|Republic of Moldova|M"
    "oldova;MDG=Madagascar|Republic of Madagascar;MDV=Maldives|Republic of Maldives;MEX=Mexico|"
    "United Mexican States;MHL=Marshall Islands|Republic of the Marshall Islands;MKD=North Mace"
    "donia|Republic of North Macedonia|The former Yugoslav Republic of Macedonia|Macedonia;MLI="
    "Mali|Republic of Mali;MLT=Malta|Republic of Malta;MMR=Myanmar|Republic of Myanmar;MNE=Mont"
    "enegro;MNG=Mongolia;MNP=Northern Mariana Islands|Commonwealth of the Northern Mariana Isla"
    "nds;MOZ=Mozambique|Republic of Mozambique;MRT=Mauritania|Islamic Republic of Mauritania;MS"
    "R=Montserrat;MTQ=Martinique;MUS=Mauritius|Republic of Mauritius;MWI=Malawi|Republic of Mal"
    "awi;MYS=Malaysia;MYT=Mayotte;NAM=Namibia|Republic of Namibia;NCL=New Caledonia;NER=Niger|R"
    "epublic of the Niger;NFK=Norfolk Island;NGA=Nigeria|Federal Republic of Nigeria;NIC=Nicara"
    "gua|Republic of Nicaragua;NIU=Niue;NLD=Netherlands|Kingdom of the Netherlands|Netherlands "
    "(Kingdom of the);NOR=Norway|Kingdom of Norway;NPL=Nepal|Federal Democratic Republic of Nep"
    "al;NRU=Nauru|Republic of Nauru;NZL=New Zealand;OMN=Oman|Sultanate of Oman;PAK=Pakistan|Isl"
    "amic Republic of Pakistan;PAN=Panama|Republic of Panama;PCN=Pitcairn;PER=Peru|Republic of "
    "Peru;PHL=Philippines|Republic of the Philippines;PLW=Palau|Republic of Palau;PNG=Papua New"
    " Guinea|Independent State of Papua New Guinea;POL=Poland|Republic of Poland;PRI=Puerto Ric"
    "o;PRK=Korea, Democratic People's Republic of|Democratic People's Republic of Korea|North K"
    "orea;PRT=Portugal|Portuguese Republic;PRY=Paraguay|Republic of Paraguay;PSE=Palestine, Sta"
    "te of|the State of Palestine|occupied Palestinian territory|Palestine|State of Palestine;P"
    "YF=French Polynesia;QAT=Qatar|State of Qatar;REU=Réunion;ROU=Romania;RUS=Russian Federatio"
    "n|Russia;RWA=Rwanda|Rwandese Republic;SAU=Saudi Arabia|Kingdom of Saudi Arabia;SDN=Sudan|R"
    "epublic of the Sudan;SEN=Senegal|Republic of Senegal;SGP=Singapore|Republic of Singapore;S"
    "GS=South Georgia and the South Sandwich Islands;SHN=Saint Helena, Ascension and Tristan da"
    " Cunha;SJM=Svalbard and Jan Mayen;SLB=Solomon Islands;SLE=Sierra Leone|Republic of Sierra "
    "Leone;SLV=El Salvador|Republic of El Salvador;SMR=San Marino|Republic of San Marino;SOM=So"
    "malia|Federal Republic of Somalia;SPM=Saint Pierre and Miquelon;SRB=Serbia|Republic of Ser"
    "bia;SSD=South Sudan|Republic of South Sudan;STP=Sao Tome and Principe|Democratic Republic "
    "of Sao Tome and Principe;SUR=Suriname|Republic of Suriname;SVK=Slovakia|Slovak Republic;SV"
    "N=Slovenia|Republic of Slovenia;SWE=Sweden|Kingdom of Sweden;SWZ=Eswatini|Kingdom of Eswat"
    "ini|Swaziland;SXM=Sint Maarten (Dutch part);SYC=Seychelles|Republic of Seychelles;SYR=Syri"
    "an Arab Republic|Syria;TCA=Turks and Caicos Islands;TCD=Chad|Republic of Chad;TGO=Togo|Tog"
    "olese Republic;THA=Thailand|Kingdom of Thailand;TJK=Tajikistan|Republic of Tajikistan;TKL="
    "Tokelau;TKM=Turkmenistan;TLS=Timor-Leste|Democratic Republic of Timor-Leste;TON=Tonga|King"
    "dom of Tonga;TTO=Trinidad and Tobago|Republic of Trinidad and Tobago;TUN=Tunisia|Republic "
    "of Tunisia;TUR=Türkiye|Republic of Türkiye|Turkey;TUV=Tuvalu;TWN=Taiwan, Province of China"
    "|Taiwan;TZA=Tanzania, United Republic of|United Republic of Tanzania|Tanzania;UGA=Uganda|R"
    "epublic of Uganda;UKR=Ukraine;UMI=United States Minor Outlying Islands;URY=Uruguay|Eastern"
    " Republic of Uruguay;USA=United States|United States of America;UZB=Uzbekistan|Republic of"
    " Uzbekistan;VAT=Holy See (Vatican City State);VCT=Saint Vincent and the Grenadines;VEN=Ven"
    "ezuela, Bolivarian Republic of|Bolivarian Republic of Venezuela|Venezuela|Venezuela (Boliv"
    "arian Republic of);VGB=Virgin Islands, British|British Virgin Islands;VIR=Virgin Islands, "
    "U.S.|Virgin Islands of the United States;VNM=Viet Nam|Socialist Republic of Viet Nam|Vietn"
    "am;VUT=Vanuatu|Republic of Vanuatu;WLF=Wallis and Futuna;WSM=Samoa|Independent State of Sa"
    "moa;YEM=Yemen|Republic of Yemen;ZAF=South Africa|Republic of South Africa;ZMB=Zambia|Repub"
    "lic of Zambia;ZWE=Zimbabwe|Republic of Zimbabwe;XKX=Kosovo;";
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

/// The alpha-3 code of the country that s names: an alpha-3 code of the table, or a name of
/// it (see the top of this header), folded by geography::fold_name so that "AFG", "afg",
/// "Afghanistan" and "AFGHANISTAN" all give "AFG". std::nullopt for anything else.
inline std::optional<std::string> iso3_of_country(std::string_view s) {
    // Built once, on first use: folded name or code -> alpha-3.
    static const std::unordered_map<std::string, std::string> index = [] {
        std::unordered_map<std::string, std::string> m;
        std::string_view t = detail::world_country_names;
        while (!t.empty()) {
            const auto end = t.find(';');
            const auto entry = t.substr(0, end);
            t.remove_prefix(end == std::string_view::npos ? t.size() : end + 1);
            const auto code = std::string(entry.substr(0, 3));
            m.emplace(geography::fold_name(code), code);
            for (auto names = entry.substr(4); !names.empty();) {
                const auto bar = names.find('|');
                m.emplace(geography::fold_name(names.substr(0, bar)), code);
                names.remove_prefix(bar == std::string_view::npos ? names.size() : bar + 1);
            }
        }
        return m;
    }();
    const auto folded = geography::fold_name(s);
    if (folded.empty())
        return std::nullopt;
    const auto it = index.find(folded);
    if (it == index.end())
        return std::nullopt;
    return it->second;
}

} // namespace tally
