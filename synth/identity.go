package synth

import (
	"math/rand/v2"
	"strings"
	"time"
)

// culture is a pool of names and places with the country that issues its
// documents. Names are upper case, in the national script: the MRZ
// transliteration is mrz.Build's job.
type culture struct {
	code      string // ICAO 3-letter code of the issuing State and nationality
	country   string // country name as printed in the header (national form)
	countryEN string // English name ("" when the national form is English)
	adjective string // nationality as printed in the visual zone
	cyrillic  bool   // names are printed in Cyrillic with a Latin transliteration
	surnames  []string
	male      []string
	female    []string
	places    []string
	authority []string
}

var cultures = []culture{
	{code: "UTO", country: "UTOPIA", adjective: "UTOPIAN",
		surnames:  []string{"ERIKSSON", "BENNELONG", "STORM", "DE LA CRUZ", "O'NEILL", "VAN DER BERG", "SMITH-JONES", "ABERNATHY", "KOWALSKI", "NAKAMURA"},
		male:      []string{"JOHN", "PETER", "MARK", "DAVID", "LIAM", "NOAH", "OSKAR"},
		female:    []string{"ANNA", "MARIA", "EMMA", "SOFIA", "OLIVIA", "CHLOE", "ISLA"},
		places:    []string{"ZENITH", "NEW UTOPIA", "PORT AMBER", "LAKESIDE", "NORTH CAPE"},
		authority: []string{"PASSPORT OFFICE", "MINISTRY OF INTERIOR", "CONSULATE GENERAL"}},
	{code: "AUT", country: "ÖSTERREICH", countryEN: "AUSTRIA", adjective: "ÖSTERREICH/AUSTRIAN",
		surnames:  []string{"MÜLLER", "GRUBER", "HUBER", "WAGNER", "PÖLZL", "WEIß", "STRAßER", "BAUER", "SCHÜTZ", "KÄFER"},
		male:      []string{"JÜRGEN", "GÜNTHER", "LUKAS", "FLORIAN", "JOHANN GEORG", "KLAUS-DIETER"},
		female:    []string{"SOPHIE", "ANNA-LENA", "JOSEFINE", "BÄRBEL", "KATHARINA", "MAGDALENA"},
		places:    []string{"WIEN", "GRAZ", "LINZ", "SALZBURG", "INNSBRUCK", "KLAGENFURT AM WÖRTHERSEE"},
		authority: []string{"BH GRAZ-UMGEBUNG", "MAGISTRAT WIEN", "BPD SALZBURG"}},
	{code: "NOR", country: "NORGE", countryEN: "NORWAY", adjective: "NORSK/NORWEGIAN",
		surnames:  []string{"ØVERGÅRD", "BJØRNSTAD", "HANSEN", "ØDEGAARD", "AABERG", "SOLBAKKEN", "LØKKEN", "STRØM"},
		male:      []string{"BJØRN", "KJELL", "SØREN", "HÅKON", "OLE MARTIN", "ESPEN"},
		female:    []string{"ÅSE", "INGRID", "SØLVI", "MARTE", "KARI ANNE", "TORILL"},
		places:    []string{"OSLO", "BERGEN", "TRONDHEIM", "TROMSØ", "ÅLESUND"},
		authority: []string{"POLITIET", "OSLO POLITIDISTRIKT", "VEST POLITIDISTRIKT"}},
	{code: "TUR", country: "TÜRKİYE CUMHURİYETİ", countryEN: "REPUBLIC OF TÜRKİYE", adjective: "T.C./TUR",
		surnames:  []string{"YILMAZ", "ÇELİK", "ŞAHİN", "ÖZTÜRK", "DOĞAN", "KILIÇ", "AĞAOĞLU", "YILDIRIM"},
		male:      []string{"MEHMET", "ÇAĞRI", "ÖMER", "ŞÜKRÜ", "İBRAHİM", "MUSTAFA KEMAL"},
		female:    []string{"AYŞE", "GÜL", "ZEYNEP", "ELİF", "FATMA NUR", "ÖZLEM"},
		places:    []string{"İSTANBUL", "ANKARA", "İZMİR", "ESKİŞEHİR", "MUĞLA"},
		authority: []string{"NÜFUS VE VATANDAŞLIK İŞL.", "İÇİŞLERİ BAKANLIĞI"}},
	{code: "POL", country: "RZECZPOSPOLITA POLSKA", countryEN: "REPUBLIC OF POLAND", adjective: "POLSKIE/POLISH",
		surnames:  []string{"WIŚNIEWSKI", "ŁUKASIEWICZ", "KOWALCZYK", "WÓJCIK", "ZIELIŃSKA", "GRZEGORZEWSKA", "SZCZĘSNY"},
		male:      []string{"PAWEŁ", "JÓZEF", "WOJCIECH", "ŁUKASZ", "JAN KAZIMIERZ"},
		female:    []string{"ŁUCJA", "MAŁGORZATA", "AGNIESZKA", "JADWIGA", "ANNA MARIA"},
		places:    []string{"WARSZAWA", "KRAKÓW", "ŁÓDŹ", "GDAŃSK", "WROCŁAW"},
		authority: []string{"WOJEWODA MAZOWIECKI", "PREZYDENT M. KRAKOWA"}},
	{code: "ESP", country: "ESPAÑA", countryEN: "SPAIN", adjective: "ESPAÑOLA",
		surnames:  []string{"GARCÍA FERNÁNDEZ", "NÚÑEZ", "MUÑOZ DE LA PEÑA", "IBÁÑEZ", "LÓPEZ SÁNCHEZ", "DÍAZ"},
		male:      []string{"JOSÉ LUIS", "ÍÑIGO", "JUAN CARLOS", "ÁLVARO", "SERGIO"},
		female:    []string{"MARÍA DEL CARMEN", "LUCÍA", "INMACULADA", "MARÍA DE LOS ÁNGELES", "NURIA"},
		places:    []string{"MADRID", "SEVILLA", "A CORUÑA", "CÁDIZ", "LOGROÑO"},
		authority: []string{"DGP MADRID", "POLICÍA NACIONAL", "DIRECCIÓN GENERAL DE LA POLICÍA"}},
	{code: "FRA", country: "RÉPUBLIQUE FRANÇAISE", countryEN: "FRENCH REPUBLIC", adjective: "FRANÇAISE",
		surnames:  []string{"DUPONT", "LEFÈVRE", "D'ARTAGNAN", "SAINT-EXUPÉRY", "DE LA FONTAINE", "BERTHIER", "MOREAU"},
		male:      []string{"FRANÇOIS", "JEAN-PIERRE", "THÉO", "GAËL", "LOUIS"},
		female:    []string{"HÉLÈNE", "ANAÏS", "CORINNE", "MARIE-ÉLISE", "CLÉMENCE"},
		places:    []string{"PARIS 1ER (75)", "LYON 3E (69)", "NANTES (44)", "SAINT-ÉTIENNE (42)", "BREST (29)"},
		authority: []string{"PRÉFECTURE DE POLICE", "PRÉFECTURE DU RHÔNE", "SOUS-PRÉFECTURE DE BREST"}},
	{code: "RUS", country: "РОССИЙСКАЯ ФЕДЕРАЦИЯ", countryEN: "RUSSIAN FEDERATION", adjective: "РОССИЯ/RUS", cyrillic: true,
		surnames:  []string{"ИВАНОВ", "СМИРНОВ", "КУЗНЕЦОВ", "ЩЕРБАКОВ", "ЖУКОВ", "ЧЕРНЫШЕВ"},
		male:      []string{"АЛЕКСЕЙ", "ДМИТРИЙ", "ЮРИЙ", "ФЁДОР", "ВЯЧЕСЛАВ"},
		female:    []string{"ЮЛИЯ", "ЕКАТЕРИНА", "НАТАЛЬЯ", "ЯНА", "КСЕНИЯ"},
		places:    []string{"МОСКВА/MOSCOW", "Г. САНКТ-ПЕТЕРБУРГ", "НОВОСИБИРСК", "КАЗАНЬ"},
		authority: []string{"ФМС 77001", "МВД 78012", "ФМС 50123"}},
	{code: "ISL", country: "ÍSLAND", countryEN: "ICELAND", adjective: "ÍSLENSK/ICELANDIC",
		surnames:  []string{"ÞÓRSDÓTTIR", "GUÐMUNDSSON", "SIGURÐARDÓTTIR", "JÓNSSON", "ÓLAFSSON"},
		male:      []string{"ÞÓR", "GUÐNI", "EINAR ÖRN", "HALLDÓR"},
		female:    []string{"SIGRÍÐUR", "HILDUR", "ÁSDÍS", "GUÐRÚN"},
		places:    []string{"REYKJAVÍK", "AKUREYRI", "ÍSAFJÖRÐUR"},
		authority: []string{"ÞJÓÐSKRÁ ÍSLANDS"}},
	{code: "CZE", country: "ČESKÁ REPUBLIKA", countryEN: "CZECH REPUBLIC", adjective: "ČESKÁ REPUBLIKA/CZE",
		surnames:  []string{"DVOŘÁK", "NOVOTNÁ", "ČERNÝ", "HÁJEK", "PROCHÁZKOVÁ", "KŘIŽÍK"},
		male:      []string{"JIŘÍ", "PŘEMYSL", "TOMÁŠ", "ONDŘEJ"},
		female:    []string{"KATEŘINA", "LUDMILA", "TEREZA", "ZDEŇKA"},
		places:    []string{"PRAHA", "BRNO", "ČESKÉ BUDĚJOVICE", "PLZEŇ"},
		authority: []string{"MĚÚ PRAHA 6", "MAGISTRÁT MĚSTA BRNA"}},
	{code: "HUN", country: "MAGYARORSZÁG", countryEN: "HUNGARY", adjective: "MAGYAR/HUNGARIAN",
		surnames:  []string{"SZŐKE", "KOVÁCS", "NAGY", "TÓTH", "HORVÁTH", "SZŰCS"},
		male:      []string{"ÖDÖN", "LÁSZLÓ", "GYÖRGY", "ÁRPÁD"},
		female:    []string{"ZSÓFIA", "ÁGNES", "ERZSÉBET", "ILDIKÓ"},
		places:    []string{"BUDAPEST", "DEBRECEN", "SZEGED", "PÉCS"},
		authority: []string{"BM NYILVÁNTARTÓ", "KORMÁNYHIVATAL"}},
	{code: "PRT", country: "PORTUGAL", adjective: "PORTUGUESA",
		surnames:  []string{"GONÇALVES", "MAGALHÃES", "ALBUQUERQUE DA SILVA", "CONCEIÇÃO", "LOUREIRO"},
		male:      []string{"JOÃO", "ANTÓNIO", "SEBASTIÃO", "VASCO"},
		female:    []string{"CONCEIÇÃO", "INÊS", "MARIA JOÃO", "LEONOR"},
		places:    []string{"LISBOA", "PORTO", "ÉVORA", "FUNCHAL"},
		authority: []string{"SEF", "GOVERNO CIVIL DE LISBOA"}},
	{code: "SWE", country: "SVERIGE", countryEN: "SWEDEN", adjective: "SVENSK/SWEDISH",
		surnames:  []string{"ÅKESSON", "ÖBERG", "ÄNGSTRÖM", "LINDQVIST", "SJÖBERG"},
		male:      []string{"BJÖRN", "ERIK", "GÖRAN", "MÅNS"},
		female:    []string{"ÅSA", "KARIN", "MÄRTA", "LINNÉA"},
		places:    []string{"STOCKHOLM", "GÖTEBORG", "MALMÖ", "UMEÅ"},
		authority: []string{"POLISMYNDIGHETEN"}},
	{code: "NGA", country: "FEDERAL REPUBLIC OF NIGERIA", adjective: "NIGERIAN",
		surnames:  []string{"OKONKWO", "ADEBAYO", "CHUKWUEMEKA", "OLUWASEUN-ADEYEMI", "NWACHUKWU"},
		male:      []string{"CHIDI", "OLUWAFEMI", "EMEKA", "BABATUNDE OLUSEGUN"},
		female:    []string{"NGOZI", "ADAEZE", "FUNMILAYO", "CHIMAMANDA"},
		places:    []string{"LAGOS", "ABUJA", "ENUGU", "IBADAN"},
		authority: []string{"NIS ABUJA", "NIS IKOYI"}},
	{code: "THA", country: "THAILAND", adjective: "THAI",
		surnames:  []string{"NILAVADHANANANDA", "SUKSAWASDI NA AYUDHYA", "CHAROENPHAKDEE", "WONGSAWAT"},
		male:      []string{"SOMCHAI", "PRAYUTH", "THANAKORN"},
		female:    []string{"CHAYAPA", "SIRIPORN", "KANYARAT"},
		places:    []string{"BANGKOK", "CHIANG MAI", "KHON KAEN"},
		authority: []string{"MINISTRY OF FOREIGN AFFAIRS"}},
	{code: "IDN", country: "REPUBLIK INDONESIA", countryEN: "REPUBLIC OF INDONESIA", adjective: "INDONESIA",
		surnames:  []string{"SUKARNO", "WIDODO", "MULYANI", "SUHARTO", "SETIAWAN"},
		male:      []string{"BUDI", "AGUS", "JOKO"},
		female:    []string{"SRI", "DEWI", "PUTRI"},
		places:    []string{"JAKARTA", "SURABAYA", "BANDUNG", "YOGYAKARTA"},
		authority: []string{"KANTOR IMIGRASI JAKARTA", "KANIM SURABAYA"}},
	{code: "KOR", country: "REPUBLIC OF KOREA", adjective: "REPUBLIC OF KOREA",
		surnames:  []string{"KIM", "LEE", "PARK", "CHOI", "JUNG"},
		male:      []string{"MIN-JUN", "JI HOON", "SEO-JUN"},
		female:    []string{"SEO-YEON", "JI-WOO", "HA EUN"},
		places:    []string{"SEOUL", "BUSAN", "INCHEON"},
		authority: []string{"MINISTRY OF FOREIGN AFFAIRS"}},
	{code: "MEX", country: "ESTADOS UNIDOS MEXICANOS", countryEN: "UNITED MEXICAN STATES", adjective: "MEXICANA",
		surnames:  []string{"HERNÁNDEZ GONZÁLEZ", "PEÑA NIETO", "DE LA GARZA", "RAMÍREZ"},
		male:      []string{"JOSÉ GUADALUPE", "JESÚS", "MIGUEL ÁNGEL"},
		female:    []string{"GUADALUPE", "MARÍA JOSÉ", "XIMENA"},
		places:    []string{"CIUDAD DE MÉXICO", "GUADALAJARA", "MÉRIDA"},
		authority: []string{"SRE", "SECRETARÍA DE RELACIONES EXTERIORES"}},
}

func cultureByCode(code string) *culture {
	for i := range cultures {
		if cultures[i].code == code {
			return &cultures[i]
		}
	}
	for i := range dlCultures {
		if dlCultures[i].code == code {
			return &dlCultures[i]
		}
	}
	return nil
}

// person is a randomly drawn document holder.
type person struct {
	Surname, Given string // national script, upper case; Given may be ""
	Sex            string // "M", "F" or "X"
	Birth          time.Time
	Nationality    string // ICAO code
	PlaceOfBirth   string
	culture        *culture
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// dateBetween returns a uniformly random day in [a, b].
func dateBetween(r *rand.Rand, a, b time.Time) time.Time {
	days := int(b.Sub(a).Hours() / 24)
	if days <= 0 {
		return a
	}
	return a.AddDate(0, 0, r.IntN(days+1))
}

// newPerson draws a holder of nationality c. Birth dates run from 99 years
// before now to now: the MRZ's two-digit year cannot tell 1926 from 2026,
// so earlier births would have no single right answer.
func newPerson(r *rand.Rand, c *culture, now time.Time) person {
	p := person{culture: c, Nationality: c.code}
	switch x := r.IntN(100); {
	case x < 48:
		p.Sex = "M"
	case x < 97:
		p.Sex = "F"
	default:
		p.Sex = "X"
	}
	p.Surname = pick(r, c.surnames)
	// A second surname now and then (double-barrelled).
	if r.IntN(10) == 0 {
		if s2 := pick(r, c.surnames); s2 != p.Surname {
			p.Surname += pick(r, []string{" ", "-"}) + s2
		}
	}
	pool := c.female
	if p.Sex == "M" || (p.Sex == "X" && r.IntN(2) == 0) {
		pool = c.male
	}
	switch x := r.IntN(100); {
	case x < 5: // single-name holder (primary identifier only)
		p.Given = ""
	case x < 15: // a long chain of given names, often truncated in the MRZ
		var names []string
		seen := map[string]bool{}
		for want := 3 + r.IntN(3); len(names) < want; {
			n := pick(r, pool)
			if r.IntN(2) == 0 {
				n = pick(r, cultures[r.IntN(len(cultures))].male)
			}
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
		p.Given = strings.Join(names, " ")
	case x < 40:
		a, b := pick(r, pool), pick(r, pool)
		p.Given = a
		if a != b {
			p.Given += " " + b
		}
	default:
		p.Given = pick(r, pool)
	}
	min := now.AddDate(-99, 0, 1)
	// Mostly adults, some children and newborns.
	if r.IntN(8) == 0 {
		p.Birth = dateBetween(r, now.AddDate(-18, 0, 0), now.AddDate(0, 0, -1))
	} else {
		p.Birth = dateBetween(r, min, now.AddDate(-18, 0, 0))
	}
	p.PlaceOfBirth = pick(r, c.places)
	return p
}

// latin returns the Latin form of a name printed next to a non-Latin one:
// Cyrillic letters are transliterated with ICAO's main rules, everything
// else is kept.
func latin(s string) string {
	var b strings.Builder
	for _, r := range s {
		if t, ok := cyrLatin[r]; ok {
			b.WriteString(t)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var cyrLatin = map[rune]string{
	'А': "A", 'Б': "B", 'В': "V", 'Г': "G", 'Д': "D", 'Е': "E", 'Ё': "E", 'Ж': "ZH",
	'З': "Z", 'И': "I", 'Й': "I", 'К': "K", 'Л': "L", 'М': "M", 'Н': "N", 'О': "O",
	'П': "P", 'Р': "R", 'С': "S", 'Т': "T", 'У': "U", 'Ф': "F", 'Х': "KH", 'Ц': "TS",
	'Ч': "CH", 'Ш': "SH", 'Щ': "SHCH", 'Ъ': "IE", 'Ы': "Y", 'Ь': "", 'Э': "E", 'Ю': "IU",
	'Я': "IA",
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func randDigits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

func randLetters(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('A' + r.IntN(26))
	}
	return string(b)
}

// docNumber draws a document number of n characters in one of several
// national patterns.
func docNumber(r *rand.Rand, n int) string {
	switch r.IntN(4) {
	case 0:
		return randDigits(r, n)
	case 1:
		return randLetters(r, 2) + randDigits(r, n-2)
	case 2:
		return randLetters(r, 1) + randDigits(r, n-1)
	default:
		b := make([]byte, n)
		for i := range b {
			b[i] = alnum[r.IntN(len(alnum))]
		}
		return string(b)
	}
}
