package mrz

import "slices"

// iso3166 is the complete ISO 3166-1 alpha-3 list (249 codes, from the
// Debian iso-codes tables).
var iso3166 = []string{
	"ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA", "ATF", "ATG", "AUS", "AUT",
	"AZE", "BDI", "BEL", "BEN", "BES", "BFA", "BGD", "BGR", "BHR", "BHS", "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL",
	"BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF", "CAN", "CCK", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG",
	"COK", "COL", "COM", "CPV", "CRI", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK", "DOM",
	"DZA", "ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO", "FSM", "GAB", "GBR",
	"GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD", "GRL", "GTM", "GUF", "GUM", "GUY",
	"HKG", "HMD", "HND", "HRV", "HTI", "HUN", "IDN", "IMN", "IND", "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA",
	"JAM", "JEY", "JOR", "JPN", "KAZ", "KEN", "KGZ", "KHM", "KIR", "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY",
	"LCA", "LIE", "LKA", "LSO", "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX", "MHL",
	"MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTQ", "MUS", "MWI", "MYS", "MYT", "NAM",
	"NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NOR", "NPL", "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER",
	"PHL", "PLW", "PNG", "POL", "PRI", "PRK", "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU",
	"SDN", "SEN", "SGP", "SGS", "SHN", "SJM", "SLB", "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR",
	"SVK", "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK", "TKL", "TKM", "TLS", "TON",
	"TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI", "URY", "USA", "UZB", "VAT", "VCT", "VEN", "VGB",
	"VIR", "VNM", "VUT", "WLF", "WSM", "YEM", "ZAF", "ZMB", "ZWE",
}

// icaoSpecial are the codes ICAO 9303 Part 3 §5 adds to ISO 3166-1
// (Germany is written "D<<"), plus the deprecated ANT and NTZ and the
// specimen states UTO and YTO.
var icaoSpecial = []string{
	"D<<", "GBD", "GBN", "GBO", "GBP", "GBS", "RKS", "EUE", "UNO", "UNA", "UNK",
	"XBA", "XIM", "XCC", "XCE", "XCO", "XEC", "XPO", "XES", "XMP", "XOM", "XDC",
	"XXA", "XXB", "XXC", "XXX", "ANT", "NTZ", "UTO", "YTO", "IAO",
}

// codeSet is a bitset over 3-character codes of A-Z and '<' (27^3 bits).
var codeSet [27*27*27/64 + 1]uint64

func codeIndex(a, b, c byte) int {
	v := func(x byte) int {
		if x == '<' {
			return 26
		}
		if x >= 'A' && x <= 'Z' {
			return int(x - 'A')
		}
		return -1
	}
	x, y, z := v(a), v(b), v(c)
	if x < 0 || y < 0 || z < 0 {
		return -1
	}
	return (x*27+y)*27 + z
}

func init() {
	for _, list := range [][]string{iso3166, icaoSpecial} {
		for _, c := range list {
			i := codeIndex(c[0], c[1], c[2])
			codeSet[i/64] |= 1 << (i % 64)
		}
	}
}

// isCode reports whether the 3 bytes form a known code; it does not
// allocate.
func isCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	i := codeIndex(s[0], s[1], s[2])
	return i >= 0 && codeSet[i/64]&(1<<(i%64)) != 0
}

// IsCountryCode reports whether code is an ISO 3166-1 alpha-3 code or one of
// the ICAO 9303 Part 3 §5 specials (D for Germany, GBD/GBN/GBO/GBP/GBS,
// UNO/UNA/UNK, XXA/XXB/XXC/XXX, EUE, RKS, XOM, XPO, XDC, XES, …) or a
// specimen state (UTO, YTO). Germany may be given as "D", "D<<" or "D  ";
// case is ignored.
func IsCountryCode(code string) bool {
	var b [3]byte
	n := 0
	for i := 0; i < len(code); i++ {
		c := code[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c == ' ' {
			c = '<'
		}
		if n == 3 {
			return false
		}
		b[n] = c
		n++
	}
	for ; n < 3 && n > 0; n++ {
		b[n] = '<'
	}
	return isCode(string(b[:]))
}

// CountryCodes returns every code IsCountryCode accepts (Germany as "D"),
// sorted.
func CountryCodes() []string {
	out := make([]string, 0, len(iso3166)+len(icaoSpecial))
	out = append(out, iso3166...)
	for _, c := range icaoSpecial {
		if c == "D<<" {
			c = "D"
		}
		out = append(out, c)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
