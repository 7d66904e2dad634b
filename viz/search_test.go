package viz

import (
	"strings"
	"time"

	"context"
	"github.com/idrecog/idrecog/mrz"
	"image"
	"testing"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/ocr"
)

// line builds an OCR line of words laid out left to right from x at row y
// with height h (each word 14 px per character, 10 px apart).
func line(x, y, h int, words ...string) ocr.Line {
	l := ocr.Line{Height: h}
	for _, w := range words {
		b := image.Rect(x, y, x+14*len([]rune(w)), y+h)
		l.Words = append(l.Words, ocr.Word{Value: w, Score: 90, Box: b})
		l.Box = l.Box.Union(b)
		x = b.Max.X + 10
	}
	return l
}

func searchTemplate() *doctype.Template {
	return &doctype.Template{
		Name: "t", Format: "TD3", Side: "front", Size: image.Pt(1476, 1039), Zone: image.Rect(400, 80, 1470, 820),
		Fields: []doctype.Field{
			{Key: "surname", Region: image.Rect(437, 174, 1452, 260), Captions: []string{"Surname", "Nom"}},
			{Key: "authority", Region: image.Rect(945, 549, 1452, 635), Captions: []string{"Authority", "Autorité"}},
			{Key: "issue_date", Region: image.Rect(437, 549, 945, 635), Captions: []string{"Date of issue", "Date de délivrance"}},
			{Key: "expiry_date", Region: image.Rect(437, 612, 945, 710), Captions: []string{"Date of expiry", "Date d'expiration", "Expiry"}},
			{Key: "place_of_birth", Region: image.Rect(600, 470, 1452, 560), Captions: []string{"Place of birth"}},
		},
	}
}

func TestLocateValues(t *testing.T) {
	zone := ocr.Text{Lines: []ocr.Line{
		line(520, 220, 18, "Surname/", "Nom"),
		line(525, 245, 32, "ERIKSSON"),
		line(520, 622, 18, "Date", "of", "issue/", "Date", "de", "délivrance"),
		line(1050, 622, 18, "Authority/", "Autorité"),
		line(525, 659, 31, "16", "APR/AVR", "07"),
		line(1068, 656, 32, "PASSPORT", "OFFICE"),
		line(520, 710, 18, "Date", "of", "expiry/", "Date", "d'expiration"),
		line(525, 737, 33, "15", "APR/AVR", "12"),
	}}
	got := locateValues(zone, searchTemplate())
	want := map[string]image.Rectangle{
		"surname":     zone.Lines[1].Box,
		"issue_date":  zone.Lines[4].Box,
		"authority":   zone.Lines[5].Box, // PASSPORT is a caption word, but value-sized
		"expiry_date": zone.Lines[7].Box,
	}
	for k, w := range want {
		if got[k].box != w {
			t.Errorf("%s: located %v, want %v", k, got[k].box, w)
		}
	}
	if b, ok := got["place_of_birth"]; ok {
		t.Errorf("place_of_birth located at %v without its caption", b)
	}
	// A caption whose value the zone read missed still gives the band
	// below it.
	zone.Lines = append(zone.Lines, line(900, 470, 18, "Place", "of", "birth"))
	got = locateValues(zone, searchTemplate())
	if l, ok := got["place_of_birth"]; !ok || !l.box.Empty() || l.below.Min.Y != 488 || l.below.Dy() != 54 {
		t.Errorf("place_of_birth = %+v, want the band below its caption", l)
	}
	// A signature (huge, next to the expiry date) is not a value.
	zone.Lines = append(zone.Lines, line(900, 730, 90, "Sve"))
	got = locateValues(zone, searchTemplate())
	if got["expiry_date"].box != zone.Lines[7].Box {
		t.Errorf("expiry_date with a signature beside: %v", got["expiry_date"].box)
	}
}

func TestLocateValuesColumnsAndSecondCaptionLine(t *testing.T) {
	// Two captions on one row; the left one's value must not take the
	// right one's, and a second (italic) caption line is not a value.
	zone := ocr.Text{Lines: []ocr.Line{
		line(520, 622, 18, "Date", "of", "issue/"),
		line(1050, 622, 18, "Authority/"),
		line(520, 645, 18, "Date", "de", "délivrance"),
		line(1068, 680, 32, "KMA"),
		line(525, 680, 32, "22.05.2007"),
	}}
	got := locateValues(zone, searchTemplate())
	if got["issue_date"].box != zone.Lines[4].Box {
		t.Errorf("issue_date at %v, want %v", got["issue_date"].box, zone.Lines[4].Box)
	}
	if r := got["issue_date"].below.Max.X; r != zone.Lines[1].Box.Min.X {
		t.Errorf("issue_date column ends at %d, want the Authority caption's left %d", r, zone.Lines[1].Box.Min.X)
	}
	if got["authority"].box != zone.Lines[3].Box {
		t.Errorf("authority at %v, want %v", got["authority"].box, zone.Lines[3].Box)
	}
}

func TestFindCaptionGlued(t *testing.T) {
	ws := zoneWords(ocr.Text{Lines: []ocr.Line{
		line(0, 0, 18, "PRENOMS/GIVEN", "NAMES"),
		line(0, 100, 18, "SEXISEXE", "NATIONALITYINATIONALITE"),
	}})
	if m, ok := findCaption(ws, []string{"Sexe", "Sex"}, nil); !ok || m.box != ws[3].box {
		t.Errorf("SEXISEXE: %+v, %v", m, ok)
	}
	if m, ok := findCaption(ws, []string{"Nationality"}, nil); !ok || m.box != ws[4].box {
		t.Errorf("NATIONALITYINATIONALITE: %+v, %v", m, ok)
	}
	if m, ok := findCaption(ws, []string{"Nom", "Surname"}, nil); ok {
		t.Errorf("NOM found inside PRENOMS: %+v", m)
	}
	if m, ok := findCaption(ws, []string{"Given names"}, nil); !ok || m.box != ws[0].box.Union(ws[2].box) {
		t.Errorf("GIVEN NAMES: %+v, %v", m, ok)
	}
}

func TestFindCaptionFuzzy(t *testing.T) {
	ws := zoneWords(ocr.Text{Lines: []ocr.Line{line(0, 0, 18, "Dafe", "of", "expiry/Date", "d’expiration")}})
	if _, ok := findCaption(ws, []string{"Date of expiry"}, nil); ok {
		t.Error("short token DATE matched DAFE: only tokens of 5+ letters allow an edit")
	}
	// "expiry/Date" splits at the slash; the longest phrase wins, and as
	// it starts after the slash, the caption runs from the line's start
	// (the misread "Dafe of expiry/").
	if m, ok := findCaption(ws, []string{"Expiry", "Date d'expiration"}, nil); !ok || m.tokens != len("DATEDEXPIRATION") || m.box.Min.X != ws[0].box.Min.X {
		t.Errorf("findCaption = %+v, %v; want the longer DATE DEXPIRATION from the line's start", m, ok)
	}
	// A caption glued to the previous column's without a slash keeps its
	// own start.
	ws = zoneWords(ocr.Text{Lines: []ocr.Line{line(0, 0, 18, "Sex", "Nationality")}})
	if m, ok := findCaption(ws, []string{"Nationality"}, nil); !ok || m.box != ws[1].box {
		t.Errorf("NATIONALITY after SEX: %+v, %v", m, ok)
	}
	ws = zoneWords(ocr.Text{Lines: []ocr.Line{line(0, 0, 18, "Natlonality/", "Nationalité")}})
	if _, ok := findCaption(ws, []string{"Nationality"}, nil); !ok {
		t.Error("one OCR error in a long caption word not tolerated")
	}
}

// zoneEngine answers the zone read with a canned text and line reads by
// region, so the whole caption path of Read can be checked.
type zoneEngine struct {
	zone  ocr.Text
	reads []image.Rectangle
}

func (e *zoneEngine) ReadRegion(ctx context.Context, img *image.Gray, lang, whitelist string, psm int) (ocr.Text, error) {
	if psm == psmZone {
		return e.zone, nil
	}
	e.reads = append(e.reads, img.Rect)
	return ocr.Text{Value: "ERIKSSON", Score: 90, Lines: []ocr.Line{{Value: "ERIKSSON", Score: 90, Height: 30}}}, nil
}

func TestReadUsesLocatedValue(t *testing.T) {
	tm := searchTemplate()
	tm.Fields = tm.Fields[:1]
	tm.Fields[0].Kind, tm.Fields[0].Normalizer, tm.Fields[0].PSM = doctype.KindName, "name", 6
	zone := ocr.Text{Lines: []ocr.Line{line(520, 220, 18, "Surname/", "Nom"), line(525, 245, 32, "ERIKSSON")}}
	eng := &zoneEngine{zone: zone}
	reading := &fields.MRZReading{DocSize: tm.Size, DocToImage: geometry.Identity}
	got, err := Read(context.Background(), image.NewGray(image.Rect(0, 0, 1476, 1039)), reading, tm, eng)
	if err != nil {
		t.Fatal(err)
	}
	if len(eng.reads) != 1 || !zone.Lines[1].Box.In(eng.reads[0]) || eng.reads[0].In(tm.Fields[0].Region) {
		t.Fatalf("line reads %v: want one read around the located value %v", eng.reads, zone.Lines[1].Box)
	}
	if len(got) != 1 || got[0].Value != "ERIKSSON" {
		t.Errorf("got %+v", got)
	}
}

func TestContiguous(t *testing.T) {
	l := line(100, 50, 30, "ZENITH")
	far := line(400, 50, 30, "12.12.24")
	l.Words = append(l.Words, far.Words...)
	l.Box = l.Box.Union(far.Box)
	tx := ocr.Text{Value: "ZENITH 12.12.24", Score: 80, Box: l.Box, Lines: []ocr.Line{l}}
	v, _, b := contiguous(tx, image.Rect(100, 50, 180, 80), tx.Value, tx.Score, tx.Box)
	if v != "ZENITH" || b != l.Words[0].Box {
		t.Errorf("contiguous = %q %v, want ZENITH alone", v, b)
	}
	near := line(100, 50, 30, "PASSPORT", "OFFICE")
	tx = ocr.Text{Value: "PASSPORT OFFICE", Score: 80, Box: near.Box, Lines: []ocr.Line{near}}
	if v, _, _ := contiguous(tx, image.Rect(100, 50, 200, 80), tx.Value, tx.Score, tx.Box); v != "PASSPORT OFFICE" {
		t.Errorf("contiguous = %q, want both words", v)
	}
}

func TestLocateValuesStopsAtNextCaption(t *testing.T) {
	// The surname's value was not read; the given names' value below the
	// next caption must not be taken for it.
	zone := ocr.Text{Lines: []ocr.Line{
		line(520, 220, 18, "Surname/", "Nom"),
		line(520, 262, 18, "Given", "names/", "Prénoms"),
		line(525, 284, 32, "ANNA", "MARIA"),
	}}
	tm := searchTemplate()
	tm.Fields = append(tm.Fields, doctype.Field{Key: "given_names", Region: image.Rect(437, 250, 1452, 330), Captions: []string{"Given names", "Prénoms"}})
	got := locateValues(zone, tm)
	if l := got["surname"]; !l.box.Empty() || l.below.Max.Y != 262 {
		t.Errorf("surname = %+v, want no value and a band ending at the next caption (262)", l)
	}
	if got["given_names"].box != zone.Lines[2].Box {
		t.Errorf("given_names at %v", got["given_names"].box)
	}
}

// lineEngine answers each line read in turn with the next of its texts,
// as one word covering the crop's ink.
type lineEngine struct {
	texts []string
	reads []image.Rectangle
	psms  []int
}

func (e *lineEngine) ReadRegion(ctx context.Context, img *image.Gray, lang, whitelist string, psm int) (ocr.Text, error) {
	e.reads = append(e.reads, img.Rect)
	e.psms = append(e.psms, psm)
	if len(e.reads) > len(e.texts) {
		return ocr.Text{}, nil
	}
	v := e.texts[len(e.reads)-1]
	var ink image.Rectangle // the word's box: where the crop is dark
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			if img.GrayAt(x, y).Y < 128 {
				ink = ink.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	w := ocr.Word{Value: v, Score: 90, Box: ink}
	return ocr.Text{Value: v, Score: 90, Box: ink, Lines: []ocr.Line{{Value: v, Score: 90, Box: ink, Height: ink.Dy(), Words: []ocr.Word{w}}}}, nil
}

// drawLine paints n letter-sized dark blocks h px high from x on a white
// image, as a text line.
func drawLine(g *image.Gray, x, y, h, n int) image.Rectangle {
	var box image.Rectangle
	for i := 0; i < n; i++ {
		b := image.Rect(x, y, x+h*6/10, y+h)
		for yy := b.Min.Y; yy < b.Max.Y; yy++ {
			for xx := b.Min.X; xx < b.Max.X; xx++ {
				g.Pix[g.PixOffset(xx, yy)] = 20
			}
		}
		box = box.Union(b)
		x += h * 9 / 10
	}
	return box
}

func whitePage(w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 235
	}
	return g
}

func TestFindLines(t *testing.T) {
	g := whitePage(600, 200)
	capBox := drawLine(g, 40, 30, 14, 12)
	valBox := drawLine(g, 42, 60, 30, 8)
	other := drawLine(g, 420, 60, 30, 3) // another column: too far to be the same line
	got := findLines(g, minLetterPx, maxLetterPx)
	if len(got) != 3 {
		t.Fatalf("found %d lines %+v, want 3", len(got), got)
	}
	for i, want := range []image.Rectangle{capBox, valBox, other} {
		if got[i].box != want {
			t.Errorf("line %d at %v, want %v", i, got[i].box, want)
		}
	}
	if got[0].h != 14 || got[1].h != 30 {
		t.Errorf("heights %d, %d, want 14, 30", got[0].h, got[1].h)
	}
	if ls := findLines(whitePage(300, 100), minLetterPx, maxLetterPx); len(ls) != 0 {
		t.Errorf("blank page: %d lines", len(ls))
	}
}

func TestReadZoneLines(t *testing.T) {
	tm := searchTemplate()
	tm.Fields = tm.Fields[:1]
	tm.Fields[0].Kind, tm.Fields[0].Normalizer, tm.Fields[0].PSM = doctype.KindName, "name", 6
	page := whitePage(1476, 1039)
	drawLine(page, 520, 220, 14, 11)
	value := drawLine(page, 522, 242, 30, 8)
	eng := &lineEngine{texts: []string{"Surname/Nom", "ERIKSSON"}}
	reading := &fields.MRZReading{DocSize: tm.Size, DocToImage: geometry.Identity}
	got, err := Read(context.Background(), page, reading, tm, eng)
	if err != nil {
		t.Fatal(err)
	}
	if len(eng.reads) != 2 || eng.psms[0] != ocr.PSMLine || eng.psms[1] != ocr.PSMLine {
		t.Fatalf("reads %v psm %v: want each line read once as a line", eng.reads, eng.psms)
	}
	if len(got) != 1 || got[0].Value != "ERIKSSON" {
		t.Fatalf("got %+v", got)
	}
	b := got[0].Quad.Bounds()
	if !value.In(b.Inset(-1)) || b.Dy() > 2*value.Dy() {
		t.Errorf("value box %v, want about %v", b, value)
	}
}

func TestLocateValuesMergedCaptionRow(t *testing.T) {
	// A visa's first row: three captions in thirds of the row read as one
	// line, "Valide à partir du" with its one-letter word; the values
	// below are each in their own column.
	tm := &doctype.Template{
		Name: "v", Format: "MRVA", Side: "front", Size: image.Pt(1900, 945), Zone: image.Rect(354, 118, 1850, 720),
		Fields: []doctype.Field{
			{Key: "place_of_issue", Region: image.Rect(378, 130, 780, 218), Captions: []string{"Place of issue", "Lieu de délivrance"}},
			{Key: "issue_date", Region: image.Rect(768, 130, 1086, 218), Captions: []string{"Valid from", "Valide à partir du"}},
			{Key: "expiry_date", Region: image.Rect(1075, 130, 1405, 218), Captions: []string{"Valid until", "Valide jusqu'au"}},
			{Key: "entries", Region: image.Rect(378, 200, 756, 283), Captions: []string{"No. of entries", "Nombre d'entrées"}},
			{Key: "name", Region: image.Rect(378, 395, 1405, 478), Captions: []string{"Surname, Given names", "Apellidos, Nombres", "Name"}},
		},
	}
	zone := ocr.Text{Lines: []ocr.Line{
		line(406, 150, 15, "LIEU", "DE", "DELIVRANCE/PLACE", "OF", "ISSUE", "VALIDE", "A", "PARTIR", "DU/VALID", "FROM"),
		line(1290, 150, 15, "VALIDE", "JUSQU'AU/VALID", "UNTIL"),
		line(407, 174, 26, "PRAHA"),
		line(873, 174, 26, "27", "12", "2023"),
		line(1291, 174, 26, "26", "01", "2024"),
		line(406, 233, 15, "NOMBRE", "D'ENTREES/NO.", "OF", "ENTRIES"),
		line(407, 256, 26, "2"),
		line(406, 401, 15, "Apellidos,"),
		line(560, 401, 15, "Nombres/Surname,", "Given", "names"),
		line(407, 426, 26, "LOUREIRO"),
	}}
	got := locateValues(zone, tm)
	want := map[string]image.Rectangle{
		"place_of_issue": zone.Lines[2].Box,
		"expiry_date":    zone.Lines[4].Box,
		"entries":        zone.Lines[6].Box,
		"name":           zone.Lines[9].Box, // not the value below "Nombre d'entrées"
	}
	for k, w := range want {
		if got[k].box != w {
			t.Errorf("%s: located %v, want %v", k, got[k].box, w)
		}
	}
	// The issue date's caption starts after PLACE OF ISSUE, so its
	// column does not reach PRAHA.
	if got["issue_date"].box != zone.Lines[3].Box {
		t.Errorf("issue_date located at %v, want the date under VALID FROM", got["issue_date"].box)
	}
}

func TestIssueByElimination(t *testing.T) {
	tm := &doctype.Template{Name: "t", Size: image.Pt(1476, 1039), Fields: []doctype.Field{
		{Key: "issue_date", Kind: doctype.KindDate, Normalizer: "date_past", Region: image.Rect(437, 549, 945, 635)},
	}}
	r, err := mrz.Parse([]string{
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L898902C36UTO7408122F1204159ZE184226B<<<<<10",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	reading := &fields.MRZReading{DocSize: tm.Size, DocToImage: geometry.Identity}
	lines := func(vs ...string) ocr.Text {
		var t ocr.Text
		for i, v := range vs {
			l := line(500, 100+60*i, 30, strings.Fields(v)...)
			l.Value, l.Score = v, 90
			t.Lines = append(t.Lines, l)
		}
		return t
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		zone ocr.Text
		want string
	}{
		{"the one other date", lines("ERIKSSON", "12 AUG 1974", "16 APR 2007", "15 APR 2012"), "2007-04-16"},
		{"two candidates", lines("12 AUG 1974", "16 APR 2007", "16 MAY 2008", "15 APR 2012"), ""},
		{"after the expiry", lines("12 AUG 1974", "16 APR 2013", "15 APR 2012"), ""},
		{"only birth and expiry", lines("12 AUG 1974", "15 APR 2012"), ""},
	} {
		fs := issueByElimination(nil, c.zone, tm, Options{Now: now, MRZ: r}, geometry.Identity, reading)
		got := ""
		for _, f := range fs {
			if f.Key == "issue_date" {
				got = f.Value
			}
		}
		if got != c.want {
			t.Errorf("%s: issue date %q, want %q", c.name, got, c.want)
		}
	}
	// An issue date read by its caption is kept.
	yes := true
	fs := []Field{{Key: "issue_date", Value: "2007-04-17", Accepted: &yes}}
	if got := issueByElimination(fs, lines("16 APR 2007"), tm, Options{Now: now, MRZ: r}, geometry.Identity, reading); got[0].Value != "2007-04-17" {
		t.Errorf("accepted issue date replaced: %+v", got)
	}
}

func TestLocateValuesInline(t *testing.T) {
	// A French identity card: each value after its caption on its line,
	// sex and birth date sharing a line, the place of birth after "à".
	tm := &doctype.Template{
		Name: "fra", Size: image.Pt(1011, 638), Zone: image.Rect(100, 0, 1011, 470),
		Fields: []doctype.Field{
			{Key: "surname", Region: image.Rect(400, 72, 760, 112), Inline: true, Captions: []string{"Nom"}},
			{Key: "given_names", Region: image.Rect(450, 148, 760, 190), Inline: true, Captions: []string{"Prénom(s)"}},
			{Key: "sex", Region: image.Rect(398, 225, 460, 262), Inline: true, Captions: []string{"Sexe"}},
			{Key: "birth_date", Region: image.Rect(690, 222, 900, 264), Inline: true, Captions: []string{"Né(e) le"}},
			{Key: "place_of_birth", Region: image.Rect(362, 258, 640, 300), Inline: true, Captions: []string{"à"}},
		},
	}
	zone := ocr.Text{Lines: []ocr.Line{
		line(365, 127, 14, "Nationalité"),
		line(485, 120, 24, "Française"),
		line(440, 179, 25, "DUPONT"),
		line(365, 187, 14, "Nom"),
		line(495, 238, 25, "FRANCOIS"),
		line(365, 245, 14, "Prénom(s)"),
		line(443, 297, 25, "M"),
		line(648, 297, 25, "21.09.2001"),
		line(542, 304, 14, "Né(e)", "le"),
		line(365, 305, 14, "Sexe"),
		line(405, 350, 25, "PARIS", "1ER", "(75)"),
		line(362, 358, 14, "à"),
	}}
	got := locateValues(zone, tm)
	want := map[string]image.Rectangle{
		"surname":        zone.Lines[2].Box,
		"given_names":    zone.Lines[4].Box,
		"sex":            zone.Lines[6].Box, // not the birth date after Né(e) le
		"birth_date":     zone.Lines[7].Box,
		"place_of_birth": zone.Lines[10].Box,
	}
	for k, w := range want {
		if got[k].box != w {
			t.Errorf("%s: located %v, want %v", k, got[k].box, w)
		}
	}
}

func TestLocateValuesGluedLanguagesAndMergedValues(t *testing.T) {
	tm := &doctype.Template{
		Name: "v", Format: "MRVB", Side: "front", Size: image.Pt(1500, 874), Zone: image.Rect(354, 118, 1490, 600),
		Fields: []doctype.Field{
			{Key: "place_of_issue", Region: image.Rect(378, 130, 660, 218), Captions: []string{"Place of issue", "Lieu de délivrance"}},
			{Key: "issue_date", Region: image.Rect(660, 130, 930, 218), Captions: []string{"Valid from", "Valide à partir du"}},
			{Key: "expiry_date", Region: image.Rect(1060, 130, 1480, 218), Captions: []string{"Valid until", "Valide jusqu'au"}},
		},
	}
	// The two languages of a caption glued without their '/'.
	glued := ocr.Text{Lines: []ocr.Line{
		line(410, 143, 11, "PLACE", "OF", "ISSUE/LIEU", "DE", "DELIVRANCE"),
		line(679, 143, 11, "VALID", "FROMVALIDE", "A", "PARTIR", "DU"),
		line(1080, 143, 11, "VALID", "UNTIL/VALIDE", "JUSQU'AU"),
		line(412, 167, 27, "ZENITH"),
		line(679, 167, 27, "01", "JUN/JUIN", "2023"),
		line(1080, 167, 27, "01", "JUL/JUIL", "2023"),
	}}
	got := locateValues(glued, tm)
	if got["issue_date"].box != glued.Lines[4].Box {
		t.Errorf("glued caption: issue_date located at %v, want %v", got["issue_date"].box, glued.Lines[4].Box)
	}
	// A place and the next column's date read as one line whose height
	// is the smaller text's: the date's own word boxes are value-sized.
	merged := ocr.Line{Height: 20}
	for _, w := range []struct {
		v    string
		x, h int
	}{{"CIUDAD", 394, 22}, {"DE", 500, 22}, {"MEXICO", 540, 22}, {"29", 664, 30}, {"JUN", 700, 30}, {"2025", 760, 30}} {
		b := image.Rect(w.x, 165, w.x+14*len(w.v), 165+w.h)
		merged.Words = append(merged.Words, ocr.Word{Value: w.v, Score: 90, Box: b})
		merged.Box = merged.Box.Union(b)
	}
	zone := ocr.Text{Lines: []ocr.Line{
		line(394, 140, 14, "Place", "of", "issue"),
		line(664, 140, 17, "Valid", "from"),
		line(930, 140, 17, "Valid", "until"),
		merged,
		line(932, 165, 28, "27", "SEP", "2025"),
	}}
	got = locateValues(zone, tm)
	want := merged.Words[3].Box.Union(merged.Words[5].Box)
	if got["issue_date"].box != want {
		t.Errorf("merged values: issue_date located at %v, want %v", got["issue_date"].box, want)
	}
	if b := got["place_of_issue"].box; b.Min.X != 394 || b.Max.X > 664 {
		t.Errorf("merged values: place_of_issue located at %v, want the place's words", b)
	}
}
