package idrecog

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

var (
	utopiaTD3  = []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}
	utopiaTD1  = []string{"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"}
	utopiaVisa = []string{"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L8988901C4XXX7408122F96121096ZE184226B<<<<<<"}
)

// fixedNow is the clock of every test recognizer, so that century
// resolution does not depend on the day the tests run.
func fixedNow() time.Time { return time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC) }

// reading is what a stage would return for lines printed on a TD3 page at
// 300 dpi: 30 px character pitch from x = 71, lines at y = 850 and 925,
// characters 48 px tall; the upload is the page rotated by 90° clockwise
// (so a document point (x, y) is at (1039-y, x) in the upload).
func reading(lines []string, p float64) *fields.MRZReading {
	r := &fields.MRZReading{
		Lines:      lines,
		Score:      int(100 * p),
		Rotate:     90,
		DocSize:    image.Pt(1476, 1039),
		DocToImage: geometry.Homography{0, -1, 1039, 1, 0, 0, 0, 0, 1},
	}
	for l, s := range lines {
		var quads []geometry.Quad
		var probs []float64
		for c := range s {
			x, y := 71+30*float64(c), 826+75*float64(l)
			quads = append(quads, geometry.RectQuad(image.Rect(int(x), int(y), int(x)+30, int(y)+48)))
			probs = append(probs, p)
		}
		r.CharQuads = append(r.CharQuads, quads)
		r.CharProb = append(r.CharProb, probs)
	}
	return r
}

// sides is a fake MRZ stage: it tells the front (48 px wide in these tests)
// from the back (any other width) and answers what it was given for each;
// nil lines mean "no MRZ there".
type sides struct {
	front, back []string
	p           float64
}

func (s sides) ReadMRZ(ctx context.Context, img image.Image) (*fields.MRZReading, error) {
	lines := s.back
	if img.Bounds().Dx() == 48 {
		lines = s.front
	}
	if lines == nil {
		return nil, fields.ErrNoMRZ
	}
	p := s.p
	if p == 0 {
		p = 0.98
	}
	return reading(lines, p), nil
}

var (
	frontPNG = mustPNG(pattern())
	backPNG  = mustPNG(image.NewGray(image.Rect(0, 0, 64, 40)))
)

func mustPNG(img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func newTest(t *testing.T, opt Options) *Recognizer {
	t.Helper()
	opt.Now = fixedNow
	if opt.MRZ != nil && opt.VIZ == nil {
		// A fake MRZ stage has no real geometry for the visual zone.
		opt.MRZOnly = true
	}
	r, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func passportRequest() Request {
	return Request{IDImage: base64.StdEncoding.EncodeToString(frontPNG), IssuingCountry: "UTO", IDType: "passport"}
}

func TestRecognizeErrors(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString
	png := b64(frontPNG)
	huge := b64(hugeHeaders()["png"])
	stage := sides{front: utopiaTD3}
	tests := []struct {
		name   string
		opt    Options
		req    Request
		code   int
		detail string // part of the message, if any
	}{
		{"no image", Options{MRZ: stage}, Request{IssuingCountry: "UTO", IDType: "passport"}, 1005, ""},
		{"blank image", Options{MRZ: stage}, Request{IDImage: " \n", IssuingCountry: "UTO", IDType: "passport"}, 1005, ""},
		{"blank back is no back", Options{MRZ: stage}, Request{IDImage: png, IDBackImage: " ", IssuingCountry: "UTO", IDType: "drivers_license"}, 1011, "passport"},
		{"no country", Options{MRZ: stage}, Request{IDImage: png, IDType: "passport"}, 1006, ""},
		{"blank country", Options{MRZ: stage}, Request{IDImage: png, IssuingCountry: "  ", IDType: "passport"}, 1006, ""},
		{"no idType", Options{MRZ: stage}, Request{IDImage: png, IssuingCountry: "UTO"}, 1014, ""},
		{"unknown country", Options{MRZ: stage}, Request{IDImage: png, IssuingCountry: "ZZZ", IDType: "passport"}, 1015, "ZZZ"},
		{"two-letter country", Options{MRZ: stage}, Request{IDImage: png, IssuingCountry: "US", IDType: "passport"}, 1015, "US"},
		{"MRZ-only D", Options{MRZ: stage}, Request{IDImage: png, IssuingCountry: "D<<", IDType: "passport"}, 1015, "Germany is DEU"},
		{"unknown idType", Options{MRZ: stage}, Request{IDImage: png, IssuingCountry: "UTO", IDType: "passports"}, 1015, "passports"},
		{"callback not a URL", Options{MRZ: stage}, Request{IDImage: png, IssuingCountry: "UTO", IDType: "passport", CallbackURL: "::nope"}, 1015, "callbackUrl"},
		{"callback ftp", Options{MRZ: stage}, Request{IDImage: png, IssuingCountry: "UTO", IDType: "passport", CallbackURL: "ftp://example.com/x"}, 1015, "http"},
		{"callback relative", Options{MRZ: stage}, Request{IDImage: png, IssuingCountry: "UTO", IDType: "passport", CallbackURL: "/callback"}, 1015, "absolute"},
		{"callback refused by policy", Options{MRZ: stage, CallbackAllowed: func(u *url.URL) error {
			return errors.New("private address")
		}}, Request{IDImage: png, IssuingCountry: "UTO", IDType: "passport", CallbackURL: "http://10.0.0.1/cb"}, 1015, "private address"},
		{"data URL", Options{MRZ: stage}, Request{IDImage: "data:image/png;base64," + png, IssuingCountry: "UTO", IDType: "passport"}, 1013, `"data:image/png;base64,"`},
		{"not base64", Options{MRZ: stage}, Request{IDImage: "%%%", IssuingCountry: "UTO", IDType: "passport"}, 1013, "base64"},
		{"not an image", Options{MRZ: stage}, Request{IDImage: b64([]byte("just text")), IssuingCountry: "UTO", IDType: "passport"}, 1013, "not a supported image"},
		{"empty bytes", Options{MRZ: stage}, Request{FrontBytes: []byte{}, IssuingCountry: "UTO", IDType: "passport"}, 1013, "empty"},
		{"huge image", Options{MRZ: stage}, Request{IDImage: huge, IssuingCountry: "UTO", IDType: "passport"}, 1013, "exceeds"},
		{"bad back", Options{MRZ: stage}, Request{IDImage: png, IDBackImage: "AAAA", IssuingCountry: "UTO", IDType: "passport"}, 1013, "idBackImage"},
		{"no MRZ", Options{MRZ: sides{}}, passportRequest(), 1009, "no machine-readable zone"},
		{"no MRZ on a licence", Options{MRZ: sides{}}, Request{IDImage: png, IssuingCountry: "UTO", IDType: "drivers_license"}, 1009, "visual zone"},
		{"nil reading", Options{MRZ: MRZStageFunc(func(context.Context, image.Image) (*fields.MRZReading, error) { return nil, nil })}, passportRequest(), 1009, "no machine-readable zone"},
		{"stage error", Options{MRZ: MRZStageFunc(func(context.Context, image.Image) (*fields.MRZReading, error) {
			return nil, errors.New("mrzscan: blurred")
		})}, passportRequest(), 1009, "blurred"},
		{"lines are no MRZ", Options{MRZ: sides{front: []string{"HELLO WORLD", "THIS IS NOT"}}}, passportRequest(), 1009, "could not be read"},
		{"passport sent as licence", Options{MRZ: stage}, Request{IDImage: png, IssuingCountry: "UTO", IDType: "drivers_license"}, 1011, "passport"},
		{"passport sent as ID card", Options{MRZ: stage}, Request{IDImage: png, IssuingCountry: "UTO", IDType: "government_id"}, 1011, "passport"},
		{"visa sent as passport", Options{MRZ: sides{front: utopiaVisa}}, passportRequest(), 1011, "visa"},
		{"ID card sent as passport", Options{MRZ: sides{front: utopiaTD1}}, passportRequest(), 1011, "government id"},
		{"stage panics", Options{MRZ: MRZStageFunc(func(context.Context, image.Image) (*fields.MRZReading, error) { panic("boom") })}, passportRequest(), 1003, "boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newTest(t, tt.opt)
			resp, err := r.Recognize(context.Background(), tt.req)
			checkError(t, resp, err, tt.code, tt.detail)
		})
	}
}

func checkError(t *testing.T, resp *Response, err error, code int, detail string) {
	t.Helper()
	if resp != nil {
		t.Errorf("a response came back with the error: %+v", resp)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v (%T), want *Error %d", err, err, code)
	}
	if e.Code != code || !strings.Contains(e.Message(), detail) {
		t.Errorf("err = %d %q, want %d containing %q", e.Code, e.Message(), code, detail)
	}
}

func TestRecognizeCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := newTest(t, Options{MRZ: MRZStageFunc(func(ctx context.Context, _ image.Image) (*fields.MRZReading, error) {
		cancel()
		<-ctx.Done()
		return nil, ctx.Err()
	})})
	resp, err := r.Recognize(ctx, passportRequest())
	checkError(t, resp, err, 1003, "canceled")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v does not unwrap to context.Canceled", err)
	}
}

func TestRecognizeClosed(t *testing.T) {
	r, err := New(Options{MRZ: sides{front: utopiaTD3}})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	resp, err := r.Recognize(context.Background(), passportRequest())
	checkError(t, resp, err, 1001, "closed")
	_, err = r.RecognizeAsync(context.Background(), passportRequest(), func(*Response, error) {})
	checkError(t, nil, err, 1001, "closed")
	var nilR *Recognizer
	resp, err = nilR.Recognize(context.Background(), passportRequest())
	checkError(t, resp, err, 1001, "not initialised")
	if _, err := New(Options{Workers: -1}); !errors.Is(err, ErrWorkspaceUnavailable) {
		t.Errorf("New with a negative option: %v, want 1001", err)
	}
}

func TestRecognizePassport(t *testing.T) {
	r := newTest(t, Options{MRZ: sides{front: utopiaTD3}})
	resp, err := r.Recognize(context.Background(), passportRequest())
	if err != nil {
		t.Fatal(err)
	}
	if resp.APIType != "id_recognition" || !regexp.MustCompile(`^[a-z0-9]{13}$`).MatchString(resp.TransactionID) {
		t.Errorf("apiType %q, transactionId %q", resp.APIType, resp.TransactionID)
	}
	res := resp.Result
	if res.DocumentType != "passport" || res.ReviewFront || res.ReviewBack {
		t.Errorf("document_type %q, review %v/%v; want passport, false/false", res.DocumentType, res.ReviewFront, res.ReviewBack)
	}
	want := OCR{FullName: "ANNA MARIA ERIKSSON", FirstName: "ANNA MARIA", LastName: "ERIKSSON", Gender: "F",
		Nationality: "UTO", BirthDate: "1974-08-12", IdentityNumber: "ZE184226B", ExpireDate: "2012-04-15",
		Number: "L898902C3", FullMRZ: strings.Join(utopiaTD3, "\n"), MRZLine1: utopiaTD3[0], MRZLine2: utopiaTD3[1]}
	if res.Data.OCR != want {
		t.Errorf("ocr:\n got %+v\nwant %+v", res.Data.OCR, want)
	}
	num := res.Data.Raw.Fields["number"]
	// number: line 2 (y 901-949), columns 0-8 (x 71-341) on the page; the
	// upload is the page turned 90° clockwise: (x, y) → (1039-y, x).
	wantDoc := Coordinates{Corner{71, 901}, Corner{341, 901}, Corner{341, 949}, Corner{71, 949}}
	wantImg := Coordinates{Corner{138, 71}, Corner{138, 341}, Corner{90, 341}, Corner{90, 71}}
	if num.Value != "L898902C3" || num.Score != 98 || num.Accepted == nil || !*num.Accepted ||
		num.Coordinates == nil || *num.Coordinates != wantDoc || num.OriginalCoordinates == nil || *num.OriginalCoordinates != wantImg {
		t.Errorf("raw number = %+v (coordinates %v, original %v)", num, num.Coordinates, num.OriginalCoordinates)
	}
	if res.Data.Raw.Rotate != "90" {
		t.Errorf("rotate = %q, want 90", res.Data.Raw.Rotate)
	}
	if resp.Diagnostics != nil {
		t.Error("diagnostics present without Options.Diagnostics")
	}
}

func TestRecognizeReview(t *testing.T) {
	t.Run("issuing state differs", func(t *testing.T) {
		r := newTest(t, Options{MRZ: sides{front: utopiaTD3}, Diagnostics: true})
		req := passportRequest()
		req.IssuingCountry = "usa" // case is ignored
		resp, err := r.Recognize(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if !resp.Result.ReviewFront || resp.Result.Data.OCR.Number != "L898902C3" {
			t.Errorf("review_front %v, number %q; want true and the data", resp.Result.ReviewFront, resp.Result.Data.OCR.Number)
		}
		if d := resp.Diagnostics; d == nil || !strings.Contains(strings.Join(d.ReviewReasons, ";"), `"UTO" differs from issuingCountry USA`) {
			t.Errorf("diagnostics = %+v, want the issuing-state reason", d)
		}
	})
	t.Run("non-standard issuing state", func(t *testing.T) {
		german := []string{"IDD<<T220001293<<<<<<<<<<<<<<<", "6408125<2010315D<<<<<<<<<<<<<4", "MUSTERMANN<<ERIKA<<<<<<<<<<<<<"}
		r := newTest(t, Options{MRZ: sides{front: german}, Diagnostics: true})
		req := passportRequest()
		req.IssuingCountry, req.IDType = "DEU", "government_id"
		resp, err := r.Recognize(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		o := resp.Result.Data.OCR
		if !resp.Result.ReviewFront || o.Nationality != "DEU" || o.Gender != "X" || o.LastName != "MUSTERMANN" {
			t.Errorf("review_front %v, ocr %+v", resp.Result.ReviewFront, o)
		}
		if d := resp.Diagnostics; d == nil || !strings.Contains(strings.Join(d.ReviewReasons, ";"), `non-standard code "D<<" for DEU`) {
			t.Errorf("diagnostics = %+v, want the non-standard code reason", d)
		}
	})
	t.Run("low confidence", func(t *testing.T) {
		r := newTest(t, Options{MRZ: sides{front: utopiaTD3, p: 0.5}})
		resp, err := r.Recognize(context.Background(), passportRequest())
		if err != nil {
			t.Fatal(err)
		}
		if !resp.Result.ReviewFront || resp.Result.Data.Raw.Fields["surname"].Score != 50 {
			t.Errorf("review_front %v, surname score %d; want true, 50", resp.Result.ReviewFront, resp.Result.Data.Raw.Fields["surname"].Score)
		}
	})
}

func TestRecognizeBackAndImage(t *testing.T) {
	// A TD1 card: nothing on the front, the MRZ on the back.
	r := newTest(t, Options{MRZ: sides{back: utopiaTD1}, Diagnostics: true})
	resp, err := r.Recognize(context.Background(), Request{
		Front: pattern(), BackBytes: backPNG, IssuingCountry: "UTO", IDType: "residence_permit",
	})
	if err != nil {
		t.Fatal(err)
	}
	res := resp.Result
	// The back read cleanly; the front was not read, so it asks for review.
	if res.DocumentType != "residence_permit" || !res.ReviewFront || res.ReviewBack {
		t.Errorf("document_type %q, review %v/%v", res.DocumentType, res.ReviewFront, res.ReviewBack)
	}
	if res.Data.OCR.MRZLine3 != utopiaTD1[2] || res.Data.OCR.Number != "D23145890" {
		t.Errorf("ocr = %+v", res.Data.OCR)
	}
	if m, _ := resp.Diagnostics.MRZ.(map[string]any); m["side"] != "back" || m["format"] != "TD1" {
		t.Errorf("diagnostics mrz = %v", resp.Diagnostics.MRZ)
	}
	b, _ := json.Marshal(resp)
	if !strings.Contains(string(b), `"mrz_line3":`) {
		t.Errorf("TD1 JSON has no mrz_line3: %s", b)
	}

	// Without a back, the same card is not analysable.
	_, err = r.Recognize(context.Background(), Request{Front: pattern(), IssuingCountry: "UTO", IDType: "government_id"})
	checkError(t, nil, err, 1009, "no machine-readable zone")
}

func TestDecodeRequest(t *testing.T) {
	ok := `{"idImage":"AAAA","issuingCountry":"USA","idType":"government_id","idBackImage":"BBBB","callbackUrl":"https://x.example/cb","extra":1}`
	req, err := DecodeRequest(strings.NewReader(ok), 0)
	if err != nil {
		t.Fatal(err)
	}
	want := Request{IDImage: "AAAA", IssuingCountry: "USA", IDType: "government_id", IDBackImage: "BBBB", CallbackURL: "https://x.example/cb"}
	if !reflect.DeepEqual(*req, want) {
		t.Errorf("DecodeRequest = %+v, want %+v", *req, want)
	}
	bad := []struct{ name, body, detail string }{
		{"empty", "", "empty"},
		{"truncated", `{"idImage":"AA`, "truncated"},
		{"syntax", `{"idImage":}`, "offset"},
		{"array", `[1,2]`, "JSON object"},
		{"wrong type", `{"idImage":5}`, `"idImage" must be a string`},
		{"trailing", `{"idImage":"AAAA"} {"x":1}`, "unexpected data"},
		{"trailing brace", `{"idImage":"AAAA"}}`, "unexpected data"},
		{"too large", `{"idImage":"` + strings.Repeat("A", 200) + `"}`, "exceeds 100 bytes"},
	}
	for _, tt := range bad {
		req, err := DecodeRequest(strings.NewReader(tt.body), 100)
		if req != nil {
			t.Errorf("%s: a request came back with the error", tt.name)
		}
		checkError(t, nil, err, 1015, tt.detail)
	}
}

// TestGoldenResponse pins the JSON of a passport response field by field
// (testdata/golden/utopia-passport.json; go test -run Golden -update
// rewrites it) and checks that its shape is the contract example's
// (testdata/golden/contract-example.json, taken from the contract).
func TestGoldenResponse(t *testing.T) {
	r := newTest(t, Options{MRZ: sides{front: utopiaTD3}})
	resp, err := r.Recognize(context.Background(), passportRequest())
	if err != nil {
		t.Fatal(err)
	}
	resp.TransactionID = "e0nvom3caiis7" // random; its form is tested elsewhere
	var buf strings.Builder
	if err := WriteJSON(&buf, resp); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "golden", "utopia-passport.json")
	if *update {
		if err := os.WriteFile(golden, []byte(buf.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wantBytes, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	var got, want any
	if err := json.Unmarshal([]byte(buf.String()), &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(wantBytes, &want); err != nil {
		t.Fatal(err)
	}
	for _, d := range diffJSON("", got, want) {
		t.Error(d)
	}
	if strings.Contains(buf.String(), `\u003c`) {
		t.Error("WriteJSON escaped '<'")
	}

	example, err := os.ReadFile(filepath.Join("testdata", "golden", "contract-example.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ex any
	if err := json.Unmarshal(example, &ex); err != nil {
		t.Fatal(err)
	}
	for _, d := range shapeDiff("", got, ex) {
		t.Error(d)
	}

	// The response reads back into the same value.
	var back Response
	if err := json.Unmarshal([]byte(buf.String()), &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, resp) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back.Result, resp.Result)
	}
}

// diffJSON lists the differences between two decoded JSON values.
func diffJSON(path string, got, want any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: got %T, want an object", path, got)}
		}
		var out []string
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				out = append(out, fmt.Sprintf("%s.%s: missing", path, k))
				continue
			}
			out = append(out, diffJSON(path+"."+k, gv, wv)...)
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				out = append(out, fmt.Sprintf("%s.%s: unexpected key", path, k))
			}
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s: got %v, want %v", path, got, want)}
		}
		var out []string
		for i := range w {
			out = append(out, diffJSON(fmt.Sprintf("%s[%d]", path, i), g[i], w[i])...)
		}
		return out
	}
	if !reflect.DeepEqual(got, want) {
		return []string{fmt.Sprintf("%s: got %v, want %v", path, got, want)}
	}
	return nil
}

// shapeDiff checks got against the contract example's shape: the same keys
// at every level (raw entries vary, so each raw entry is compared with the
// example's "number" entry, "accepted" being optional and "rotate" being
// {"value": string}), the same JSON types, integer coordinates.
func shapeDiff(path string, got, ex any) []string {
	switch e := ex.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: got %T, want an object", path, got)}
		}
		if strings.HasSuffix(path, ".raw") {
			var out []string
			for k, v := range g {
				switch k {
				case "rotate":
					out = append(out, shapeDiff(path+".rotate", v, e["rotate"])...)
				default:
					entry := e["number"].(map[string]any)
					if m, ok := v.(map[string]any); ok {
						if _, has := m["accepted"]; !has {
							entry = withoutKey(entry, "accepted")
						}
					}
					out = append(out, shapeDiff(path+"."+k, v, entry)...)
				}
			}
			return out
		}
		var out []string
		for k, ev := range e {
			gv, ok := g[k]
			if !ok {
				out = append(out, fmt.Sprintf("%s.%s: missing (the contract has it)", path, k))
				continue
			}
			out = append(out, shapeDiff(path+"."+k, gv, ev)...)
		}
		for k := range g {
			if _, ok := e[k]; !ok {
				out = append(out, fmt.Sprintf("%s.%s: not in the contract", path, k))
			}
		}
		return out
	case float64:
		g, ok := got.(float64)
		if !ok || g != float64(int64(g)) {
			return []string{fmt.Sprintf("%s: got %v, want an integer", path, got)}
		}
	default:
		if reflect.TypeOf(got) != reflect.TypeOf(ex) {
			return []string{fmt.Sprintf("%s: got %T, want %T", path, got, ex)}
		}
	}
	return nil
}

func withoutKey(m map[string]any, key string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if k != key {
			out[k] = v
		}
	}
	return out
}

// BenchmarkRecognize measures everything around the MRZ stage (validation,
// base64, intake of a 1600×1200 JPEG, parsing, mapping, JSON) with a stage
// that answers at once.
func BenchmarkRecognize(b *testing.B) {
	img := image.NewGray(image.Rect(0, 0, 1600, 1200))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, img, nil); err != nil {
		b.Fatal(err)
	}
	req := Request{IDImage: base64.StdEncoding.EncodeToString(jpg.Bytes()), IssuingCountry: "UTO", IDType: "passport"}
	stage := MRZStageFunc(func(context.Context, image.Image) (*fields.MRZReading, error) { return reading(utopiaTD3, 0.98), nil })
	r, err := New(Options{MRZ: stage, Now: fixedNow})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	b.SetBytes(int64(jpg.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resp, err := r.Recognize(context.Background(), req)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := json.Marshal(resp); err != nil {
			b.Fatal(err)
		}
	}
}

func TestRecognizeDoubtfulFrontReadsBack(t *testing.T) {
	// The front decodes to something MRZ-like that fails its check digits
	// (card text); the back has the real TD1 MRZ: the back must win.
	garbage := []string{
		"V<OKDDOKDDOKDOKOIJOOIJLXILLJJIITSOKAIYIFVVLT",
		"7POLMODOM0DOK24<0110<59450126L7DFCJ62ULI72M7",
	}
	r := newTest(t, Options{MRZ: sides{front: garbage, back: utopiaTD1}, Diagnostics: true})
	req := Request{FrontBytes: frontPNG, BackBytes: backPNG, IssuingCountry: "UTO", IDType: "government_id"}
	resp, err := r.Recognize(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.Result.Data.OCR.Number; got != "D23145890" {
		t.Errorf("number %q: the front's doubtful reading was kept", got)
	}
	// Without a back, the front's reading is all there is.
	req.BackBytes = nil
	if _, err := r.Recognize(context.Background(), req); err == nil {
		t.Error("a garbage visa reading sent as government_id: want an error")
	}
}

func TestRecognizeBackOfAnotherDocument(t *testing.T) {
	other, err := mrz.Build(mrz.TD1, mrz.Identity{DocumentCode: "I", IssuingState: "UTO", DocumentNumber: "X99999999",
		BirthDate: "740812", ExpiryDate: "120415", Sex: "F", Nationality: "UTO", Surname: "ERIKSSON", GivenNames: "ANNA MARIA"})
	if err != nil {
		t.Fatal(err)
	}
	req := passportRequest()
	req.BackBytes = backPNG
	for _, tt := range []struct {
		name string
		back []string
		code int
	}{
		{"no MRZ on the back", nil, 0},
		{"the same MRZ on the back", utopiaTD3, 0},
		{"another document's MRZ", other, 1012},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newTest(t, Options{MRZ: sides{front: utopiaTD3, back: tt.back}})
			resp, err := r.Recognize(context.Background(), req)
			if tt.code == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			checkError(t, resp, err, tt.code, "another document")
		})
	}
}
