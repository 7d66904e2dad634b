package docread

import (
	"context"
	"errors"
	"image"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/ocr"
)

// sceneWord is a word printed on a fake document, in canonical px.
type sceneWord struct {
	text string
	box  image.Rectangle
}

// fakeOCR "reads" a scene: a region read returns the words whose centre
// lies in the region image's bounds (canonical px: the page and viz's
// crops are both laid out in canonical pixels when the upload is the
// document itself), grouped into lines by their vertical position.
type fakeOCR struct {
	words []sceneWord
	score int
	// docW is the document's canonical width: a page read (psm 3) of an
	// image of another width is a scaled rendering, and boxes are scaled.
	docW  int
	mu    sync.Mutex
	calls int
	langs []string
}

func (f *fakeOCR) ReadRegion(ctx context.Context, img *image.Gray, lang, whitelist string, psm int) (ocr.Text, error) {
	if err := ctx.Err(); err != nil {
		return ocr.Text{}, err
	}
	f.mu.Lock()
	f.calls++
	f.langs = append(f.langs, lang)
	f.mu.Unlock()
	b := img.Bounds()
	k := 1.0
	docW := f.docW
	if docW == 0 {
		docW = 1011 // an ID-1 card
	}
	if psm == 3 || psm == psmSparse {
		k = float64(b.Dx()) / float64(docW)
	}
	var in []sceneWord
	for _, w0 := range f.words {
		w := w0
		w.box = image.Rect(int(float64(w.box.Min.X)*k), int(float64(w.box.Min.Y)*k), int(float64(w.box.Max.X)*k), int(float64(w.box.Max.Y)*k))
		c := image.Pt((w.box.Min.X+w.box.Max.X)/2, (w.box.Min.Y+w.box.Max.Y)/2)
		if c.In(b) {
			in = append(in, w)
		}
	}
	sort.SliceStable(in, func(i, j int) bool {
		if abs(in[i].box.Min.Y-in[j].box.Min.Y) > 10 {
			return in[i].box.Min.Y < in[j].box.Min.Y
		}
		return in[i].box.Min.X < in[j].box.Min.X
	})
	score := f.score
	if score == 0 {
		score = 90
	}
	var t ocr.Text
	var vals []string
	for _, w := range in {
		n := len(t.Lines)
		if n == 0 || abs(t.Lines[n-1].Box.Min.Y-w.box.Min.Y) > 10 {
			t.Lines = append(t.Lines, ocr.Line{Score: score, Height: w.box.Dy()})
			n++
		}
		l := &t.Lines[n-1]
		l.Words = append(l.Words, ocr.Word{Value: w.text, Score: score, Box: w.box})
		l.Box = l.Box.Union(w.box)
	}
	for i := range t.Lines {
		var ws []string
		for _, w := range t.Lines[i].Words {
			ws = append(ws, w.Value)
		}
		t.Lines[i].Value = strings.Join(ws, " ")
		vals = append(vals, t.Lines[i].Value)
		t.Box = t.Box.Union(t.Lines[i].Box)
	}
	t.Value, t.Score = strings.Join(vals, "\n"), score
	return t, nil
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// line lays words out on one line from x at y, 30 px high, 18 px a rune.
func line(x, y int, words ...string) []sceneWord {
	var out []sceneWord
	for _, w := range words {
		wd := 18 * len([]rune(w))
		out = append(out, sceneWord{w, image.Rect(x, y, x+wd, y+30)})
		x += wd + 14
	}
	return out
}

func scene(ls ...[]sceneWord) []sceneWord {
	var out []sceneWord
	for _, l := range ls {
		out = append(out, l...)
	}
	return out
}

var id1 = image.NewGray(image.Rect(0, 0, 1011, 638))

var testNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func readWith(t *testing.T, words []sceneWord, in Input) (*Result, error) {
	t.Helper()
	if in.Front == nil {
		in.Front = id1
	}
	in.Now = testNow
	r, _, ok := Lookup(in.Country, in.IDType)
	if !ok {
		t.Fatalf("no reader for %s %s", in.Country, in.IDType)
	}
	return r.Read(context.Background(), &Env{OCR: &fakeOCR{words: words}}, in)
}

func korID(number string) []sceneWord {
	return scene(
		line(60, 40, "주민등록증"),
		line(60, 150, "홍길동(洪吉童)"),
		line(60, 220, number),
		line(60, 300, "서울특별시", "종로구", "세종대로", "209"),
		line(60, 345, "(세종로)"),
		line(400, 470, "2015.", "3.", "2."),
		line(300, 540, "서울특별시", "종로구청장"),
	)
}

func TestTemplateKoreanIDCard(t *testing.T) {
	res, err := readWith(t, korID("800101-1234560"), Input{Country: "KOR", IDType: "government_id"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"name": "홍길동", "name_chn": "洪吉童", "number": "800101-1234560",
		"address": "서울특별시 종로구 세종대로 209 (세종로)", "issue_date": "2015-03-02", "authority": "서울특별시 종로구청장",
	}
	for k, v := range want {
		if got := res.Out.Raw[k].Value; got != v {
			t.Errorf("raw %s = %q, want %q", k, got, v)
		}
	}
	if a := res.Out.Raw["number"].Accepted; a == nil || !*a {
		t.Errorf("number not accepted")
	}
	s := res.Out.Summary
	if s.IdentityNumber != "800101-1234560" || s.BirthDate != "1980-01-01" || s.Gender != "M" || s.FullName != "홍길동" || s.IssueDate != "2015-03-02" || s.Nationality != "KOR" {
		t.Errorf("summary %+v", s)
	}
	if res.Front.Review {
		t.Errorf("review asked: %v", res.Front.Reasons)
	}
	if res.Reader != "template:kor-government_id" || res.Out.Kind != "government_id" {
		t.Errorf("reader %q kind %q", res.Reader, res.Out.Kind)
	}
	q := res.Out.Raw["number"].ImageQuad
	if q == nil || q.Bounds().Min.Y < 200 || q.Bounds().Max.Y > 270 {
		t.Errorf("number quad %v, want around y 220-250", q)
	}
}

func TestTemplateRejectsBadCheckDigit(t *testing.T) {
	res, err := readWith(t, korID("800101-1234561"), Input{Country: "KOR", IDType: "government_id"})
	if err != nil {
		t.Fatal(err)
	}
	f := res.Out.Raw["number"]
	if f.Accepted == nil || *f.Accepted {
		t.Errorf("number %q with a wrong check digit accepted=%v", f.Value, f.Accepted)
	}
	if !res.Front.Review || res.Out.Summary.IdentityNumber != "" || res.Out.Summary.BirthDate != "" {
		t.Errorf("review %v, summary %+v: a failing number must not reach the summary", res.Front.Review, res.Out.Summary)
	}
	if !strings.Contains(strings.Join(res.Front.Reasons, ";"), "check") {
		t.Errorf("reasons %v do not mention the check", res.Front.Reasons)
	}
}

func aadhaarFront(number string) []sceneWord {
	return scene(
		line(300, 60, "Government", "of", "India"),
		line(300, 190, "Ravi", "Kumar", "Sharma"),
		line(300, 250, "DOB:", "15/08/1985"),
		line(300, 310, "MALE"),
		line(320, 500, strings.Fields(number)...),
	)
}

func aadhaarBack(number string) []sceneWord {
	return scene(
		line(40, 60, "Unique", "Identification", "Authority", "of", "India"),
		line(40, 160, "Address:"),
		line(40, 200, "S/O", "Mohan", "Sharma,", "12", "MG", "Road"),
		line(40, 240, "Pune,", "Maharashtra", "411001"),
		line(320, 500, strings.Fields(number)...),
	)
}

func TestTemplateAadhaar(t *testing.T) {
	tests := []struct {
		name, front, back       string
		wantReview, wantBackRev bool
		wantID                  string
	}{
		{"valid", "2341 2341 2346", "2341 2341 2346", false, false, "234123412346"},
		{"front fails Verhoeff", "2341 2341 2347", "2341 2341 2346", true, true, ""},
		{"back differs", "2341 2341 2346", "9999 8888 7777", true, true, "234123412346"},
		{"masked front, full back", "XXXX XXXX 2346", "2341 2341 2346", false, false, "234123412346"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fr := aadhaarFront(tt.front)
			bk := aadhaarBack(tt.back)
			back := image.NewGray(image.Rect(0, 0, 1011, 638))
			// One engine for both sides: tell them apart by image identity
			// is not possible, so read each side with its own reader call.
			eng := &sideOCR{front: &fakeOCR{words: fr}, back: &fakeOCR{words: bk}, backImg: back}
			r, _, _ := Lookup("IND", "aadhaar")
			res, err := r.Read(context.Background(), &Env{OCR: eng}, Input{Country: "IND", IDType: "aadhaar", Front: id1, Back: back, Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			if res.Front.Review != tt.wantReview || res.Back.Review != tt.wantBackRev {
				t.Errorf("review front %v back %v, want %v %v; reasons %v / %v", res.Front.Review, res.Back.Review, tt.wantReview, tt.wantBackRev, res.Front.Reasons, res.Back.Reasons)
			}
			s := res.Out.Summary
			if s.IdentityNumber != tt.wantID {
				t.Errorf("ocr_identityNumber %q, want %q", s.IdentityNumber, tt.wantID)
			}
			if s.FullName != "RAVI KUMAR SHARMA" || s.BirthDate != "1985-08-15" || s.Gender != "M" {
				t.Errorf("summary %+v", s)
			}
			if got := res.Out.Raw["address"].Value; got != "S/O Mohan Sharma, 12 MG Road Pune, Maharashtra 411001" {
				t.Errorf("address %q", got)
			}
		})
	}
}

// sideOCR routes reads to the front's or the back's scene: the back's page
// read is recognised by the calls that follow the back image being warped,
// which the fake cannot see, so the template reader is driven through
// Read with a bigger-than-ID-1 back image instead.
type sideOCR struct {
	front, back *fakeOCR
	backImg     *image.Gray
	mu          sync.Mutex
	pages       int
}

func (s *sideOCR) ReadRegion(ctx context.Context, img *image.Gray, lang, wl string, psm int) (ocr.Text, error) {
	s.mu.Lock()
	if psm == 3 {
		s.pages++
	}
	onBack := s.pages >= 2
	s.mu.Unlock()
	if onBack {
		return s.back.ReadRegion(ctx, img, lang, wl, psm)
	}
	return s.front.ReadRegion(ctx, img, lang, wl, psm)
}

func TestTemplatePAN(t *testing.T) {
	words := scene(
		line(30, 40, "INCOME", "TAX", "DEPARTMENT"),
		line(30, 160, "Permanent", "Account", "Number", "Card"),
		line(30, 200, "ABCPK1234F"),
		line(30, 300, "Name"),
		line(30, 340, "PRIYA", "KAPOOR"),
		line(30, 400, "Father's", "Name"),
		line(30, 440, "SURESH", "KAPOOR"),
		line(30, 500, "Date", "of", "Birth"),
		line(30, 540, "03/11/1990"),
	)
	res, err := readWith(t, words, Input{Country: "IND", IDType: "pancard"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"number": "ABCPK1234F", "name": "PRIYA KAPOOR", "father_name": "SURESH KAPOOR", "birth_date": "1990-11-03"}
	for k, v := range want {
		if got := res.Out.Raw[k].Value; got != v {
			t.Errorf("raw %s = %q, want %q", k, got, v)
		}
	}
	if res.Out.Summary.Number != "ABCPK1234F" || res.Front.Review {
		t.Errorf("summary %+v review %v %v", res.Out.Summary, res.Front.Review, res.Front.Reasons)
	}
	// A PAN with an impossible holder type is never accepted.
	words[4] = sceneWord{"ABCZK1234F", words[4].box}
	res, err = readWith(t, words, Input{Country: "IND", IDType: "pancard"})
	if err != nil {
		t.Fatal(err)
	}
	if a := res.Out.Raw["number"].Accepted; a == nil || *a || !res.Front.Review || res.Out.Summary.Number != "" {
		t.Errorf("bad PAN: accepted %v review %v summary %q", a, res.Front.Review, res.Out.Summary.Number)
	}
}

func TestTemplateEUVehicleRegistration(t *testing.T) {
	words := scene(
		line(40, 30, "ZULASSUNGSBESCHEINIGUNG", "TEIL", "I"),
		line(40, 120, "A", "B-MS", "1234"),
		line(600, 120, "B", "14.03.2019"),
		line(40, 220, "C.1.1", "MUSTERMANN"),
		line(40, 270, "C.1.2", "ERIKA"),
		line(40, 320, "C.1.3", "HEIDESTRASSE", "17,", "51147", "KOELN"),
		line(40, 420, "D.1", "VOLKSWAGEN"),
		line(40, 520, "E", "WVWZZZ1JZXW000001"),
	)
	r, _, _ := Lookup("DEU", "vehicle_registration_certificate")
	res, err := r.Read(context.Background(), &Env{OCR: &fakeOCR{words: words, docW: 2480}},
		Input{Country: "DEU", IDType: "vehicle_registration_certificate", Front: image.NewGray(image.Rect(0, 0, 2480, 1748)), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"registration_number": "B-MS 1234", "first_registration_date": "2019-03-14", "surname": "MUSTERMANN",
		"given_names": "ERIKA", "make": "VOLKSWAGEN", "vin": "WVWZZZ1JZXW000001"}
	for k, v := range want {
		if got := res.Out.Raw[k].Value; got != v {
			t.Errorf("raw %s = %q, want %q", k, got, v)
		}
	}
	if s := res.Out.Summary; s.Number != "B-MS 1234" || s.FullName != "ERIKA MUSTERMANN" {
		t.Errorf("summary %+v", s)
	}
}

func TestTemplateNotThisDocument(t *testing.T) {
	words := scene(line(60, 100, "LOREM", "IPSUM", "DOLOR"), line(60, 200, "SIT", "AMET"))
	_, err := readWith(t, words, Input{Country: "KOR", IDType: "government_id"})
	if !errors.Is(err, ErrNotThisDocument) {
		t.Errorf("err %v, want ErrNotThisDocument", err)
	}
	_, err = readWith(t, nil, Input{Country: "KOR", IDType: "government_id"})
	if !errors.Is(err, ErrNothingRead) {
		t.Errorf("blank page: err %v, want ErrNothingRead", err)
	}
}

func TestTemplateUsesFinder(t *testing.T) {
	// The document lies at (100, 50) in a larger upload, scaled ×1: the
	// finder's geometry must carry the quads into the upload.
	eng := &fakeOCR{words: korID("800101-1234560")}
	called := false
	r, _, _ := Lookup("KOR", "government_id")
	res, err := r.Read(context.Background(), &Env{OCR: eng, Find: func(ctx context.Context, img image.Image, size image.Point) (*Geometry, error) {
		called = true
		return wholeImage(image.NewGray(image.Rect(100, 50, 100+size.X, 50+size.Y)), size), nil
	}}, Input{Country: "KOR", IDType: "government_id", Front: image.NewGray(image.Rect(0, 0, 1400, 900)), Now: testNow})
	if !called {
		t.Fatal("Find not called")
	}
	if err != nil {
		t.Fatal(err)
	}
	f := res.Out.Raw["number"]
	if f.Quad == nil || f.ImageQuad == nil {
		t.Fatal("no quads")
	}
	d := f.ImageQuad[0].Sub(f.Quad[0])
	if abs(int(d.X)-100) > 1 || abs(int(d.Y)-50) > 1 {
		t.Errorf("image quad %v vs doc quad %v: offset %v, want (100, 50)", f.ImageQuad, f.Quad, d)
	}
}

func TestJoinSyllables(t *testing.T) {
	tests := []struct{ in, want string }{
		{"서 울특별시 송파구 달 구 벌대로 305", "서울특별시 송파구 달구벌대로 305"},
		{"전라북 도 경 찰 청 장", "전라북도경찰청장"},
		{"서울특별시 종로구청장", "서울특별시 종로구청장"},
		{"홍 길 동\n1 MAIN ST", "홍길동\n1 MAIN ST"},
		{"229 루 1856", "229루 1856"},
		{"광주광역시 북 구 세종대로 36", "광주광역시 북구 세종대로 36"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := joinSyllables(tt.in); got != tt.want {
			t.Errorf("joinSyllables(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWithin1(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"자동차등록번호", "자동차등쪽번호", true},
		{"address", "adress", true},
		{"address", "addresss", true},
		{"address", "address", true},
		{"address", "adres", false},
		{"birth", "bitrh", false},
	}
	for _, tt := range tests {
		if got := within1([]rune(tt.a), []rune(tt.b)); got != tt.want {
			t.Errorf("within1(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}

// FuzzLocate feeds arbitrary page text to the locating step of every
// non-MRZ template: it must not panic, and located values come from the page.
func FuzzLocate(f *testing.F) {
	f.Add("주민등록증\n홍길동(洪吉童)\n800101-1234560\n2015. 3. 2.", "서 울 특별시")
	f.Add("(A) B-MS 1234 (B) 14.03.2019\n(E) WVWZZZ1JZXW000001", "DOB:15/08/1985")
	f.Add("", "")
	f.Add("_ Kavita Sharma |\nDOB: 14/12/1992\nFEMALE", "rin, Manoj Patel")
	f.Fuzz(func(t *testing.T, text, extra string) {
		var ws []sceneWord
		for i, l := range strings.Split(text+"\n"+extra, "\n") {
			ws = append(ws, line(20, 20+40*(i%14), strings.Fields(l)...)...)
		}
		eng := &fakeOCR{words: ws}
		tx, _ := eng.ReadRegion(context.Background(), image.NewGray(image.Rect(0, 0, 1011, 638)), "eng", "", 3)
		for _, name := range []string{"kor-government_id", "ind-aadhaar-front", "eu-vehicle_registration_certificate", "kor-drivers_license"} {
			var tm *doctype.Template
			for _, c := range doctype.Default().Templates() {
				if c.Name == name {
					tm = c
				}
			}
			p := newPage(tx, 1)
			for key, s := range locate(p, tm) {
				if s.line < 0 || s.line >= len(p.lines) {
					t.Fatalf("%s: %s on line %d of %d", name, key, s.line, len(p.lines))
				}
			}
		}
		_ = joinSyllables(text)
		_ = within1([]rune(text), []rune(extra))
	})
}

func TestTemplateFutureIssueDateNotAccepted(t *testing.T) {
	words := korID("800101-1234560")
	for i, w := range words {
		if w.text == "2015." {
			words[i].text = "2035."
		}
	}
	res, err := readWith(t, words, Input{Country: "KOR", IDType: "government_id"})
	if err != nil {
		t.Fatal(err)
	}
	f := res.Out.Raw["issue_date"]
	if f.Value != "2035-03-02" || f.Accepted == nil || *f.Accepted {
		t.Errorf("issue_date %q accepted %v: a future issue date must not be accepted", f.Value, f.Accepted)
	}
	if res.Out.Summary.IssueDate != "" || !res.Front.Review {
		t.Errorf("summary issue date %q, review %v", res.Out.Summary.IssueDate, res.Front.Review)
	}
}

// TestDecisive checks when a Korean field's page read is taken without
// its re-read: a number passing its check, a name with Hangul, a text that
// normalises.
func TestDecisive(t *testing.T) {
	tmpl, ok := nonMRZTemplate(doctype.Default(), "KOR", "government_id", "front")
	if !ok {
		t.Fatal("no KOR government_id template")
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		key, text string
		want      bool
	}{
		{"number", "440203-2758891", true},
		{"number", "440203-2758892", false}, // check digit wrong
		{"number", "", false},
		{"name", "홍길동", true},
		{"name", "HONG", false}, // no Hangul: a re-read may have some
		{"name", "", false},
		{"authority", "서울특별시 종로구청장", true},
		{"authority", "", false},
	} {
		f, ok := tmpl.Field(tc.key)
		if !ok {
			t.Fatalf("no field %s", tc.key)
		}
		if got := decisive(f, korText(f, tc.text), now); got != tc.want {
			t.Errorf("decisive(%s, %q) = %v, want %v", tc.key, tc.text, got, tc.want)
		}
	}
	name, _ := tmpl.Field("name")
	if got := korText(name, "성명 오연철"); got != "오연철" {
		t.Errorf("korText(name, 성명 오연철) = %q, want 오연철", got)
	}
}
