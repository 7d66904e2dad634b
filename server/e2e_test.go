package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/mrz"
)

// e2eIdentity is the document the stub MRZ stage "reads".
var e2eIdentity = mrz.Identity{
	DocumentCode: "P", IssuingState: "UTO", DocumentNumber: "L898902C3",
	BirthDate: "740812", ExpiryDate: "320415", Sex: "F", Nationality: "UTO",
	Surname: "ERIKSSON", GivenNames: "ANNA MARIA", OptionalData1: "ZE184226B",
}

// newRealRecognizer is the real idrecog.Recognizer with its callbacks going
// through s's policy and metrics, and an MRZ stage that returns fixed lines
// (the image pipeline is tested in its own packages).
func newRealRecognizer(t *testing.T, s *Server) *idrecog.Recognizer {
	t.Helper()
	lines, err := mrz.Build(mrz.TD3, e2eIdentity)
	if err != nil {
		t.Fatal(err)
	}
	stage := idrecog.MRZStageFunc(func(ctx context.Context, img image.Image) (*fields.MRZReading, error) {
		return &fields.MRZReading{Lines: lines, Score: 97, DocSize: image.Pt(1476, 1039)}, nil
	})
	rec, err := idrecog.New(idrecog.Options{
		MRZ:              stage,
		CallbackClient:   s.CallbackClient(),
		CallbackAllowed:  s.CallbackPolicy().Allow,
		CallbackFailed:   s.CallbackFailed,
		CallbackAttempts: 2,
		CallbackBackoff:  10 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func pngBase64(t *testing.T) string {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 64, 40))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	img.Set(3, 3, color.Gray{Y: 1})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

func TestEndToEndSync(t *testing.T) {
	s, logs := newTestServer(t, Config{}, nil)
	rec := newRealRecognizer(t, s)
	defer rec.Close()
	s.SetRecognizer(rec)

	body := `{"idImage":"` + pngBase64(t) + `","issuingCountry":"UTO","idType":"passport"}`
	w := post(t, s, testKey, body)
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var resp idrecog.Response
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
		t.Fatal(err)
	}
	if resp.Result == nil || resp.Result.Data.OCR.LastName != "ERIKSSON" || resp.Result.DocumentType != "passport" {
		t.Fatalf("unexpected response %s", w.Body)
	}
	if !strings.Contains(w.Body.String(), "P<UTOERIKSSON<<ANNA<MARIA") {
		t.Error("MRZ fillers escaped or MRZ missing in the response")
	}
	out := logs.String()
	if !strings.Contains(out, resp.TransactionID) {
		t.Errorf("log lacks the transaction id:\n%s", out)
	}
	for _, sec := range []string{"ERIKSSON", "ANNA", "L898902C3", "ZE184226B", "1974-08-12", "740812", "2032-04-15", "320415", "P<UTO"} {
		if strings.Contains(out, sec) {
			t.Errorf("log contains %q", sec)
		}
	}

	// Contract errors from the real recognizer keep their status and code.
	for _, tc := range []struct {
		body string
		code int
	}{
		{`{"idImage":"` + pngBase64(t) + `","idType":"passport"}`, 1006},
		{`{"idImage":"data:image/png;base64,AAAA","issuingCountry":"UTO","idType":"passport"}`, 1013},
		{`{"idImage":"` + pngBase64(t) + `","issuingCountry":"UTO","idType":"drivers_license"}`, 1011},
	} {
		w := post(t, s, testKey, tc.body)
		if code, _ := errorBody(t, w); w.Code != 400 || code != tc.code {
			t.Errorf("got %d %d, want 400 %d; body %s", w.Code, code, tc.code, w.Body)
		}
	}
}

func TestEndToEndAsync(t *testing.T) {
	delivered := make(chan []byte, 4)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		delivered <- b
	}))
	defer hook.Close()

	pol, err := NewCallbackPolicy("127.0.0.1/32")
	if err != nil {
		t.Fatal(err)
	}
	s, logs := newTestServer(t, Config{Callbacks: pol}, nil)
	rec := newRealRecognizer(t, s)
	s.SetRecognizer(rec)

	body := `{"idImage":"` + pngBase64(t) + `","issuingCountry":"UTO","idType":"passport","callbackUrl":"` + hook.URL + `/cb"}`
	w := post(t, s, testKey, body)
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var ack idrecog.Response
	if err := json.Unmarshal(w.Body.Bytes(), &ack); err != nil || ack.TransactionID == "" || ack.Result != nil {
		t.Fatalf("acknowledgement %s (%v)", w.Body, err)
	}
	select {
	case b := <-delivered:
		var got idrecog.Response
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		if got.TransactionID != ack.TransactionID || got.Result == nil || got.Result.Data.OCR.LastName != "ERIKSSON" {
			t.Errorf("delivered %s", b)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no callback delivered")
	}
	// A callback to a loopback port that the default policy refuses.
	w = post(t, s, testKey, strings.Replace(body, hook.URL, "http://[::1]:9", 1))
	if code, _ := errorBody(t, w); code != 1015 {
		t.Errorf("refused callback: errorCode %d", code)
	}
	// An allowed target that does not answer: delivery fails, is counted and logged.
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	w = post(t, s, testKey, strings.Replace(body, hook.URL, deadURL, 1))
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if err := rec.Close(); err != nil { // waits for pending deliveries
		t.Fatal(err)
	}
	m := scrape(t, s)
	for _, want := range []string{
		`idrecog_callback_deliveries_total{outcome="success"} 1`,
		`idrecog_callback_deliveries_total{outcome="transport_error"} 2`,
		"idrecog_callback_failures_total 1",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if !strings.Contains(logs.String(), `"failure":"transport"`) {
		t.Errorf("delivery failure not logged:\n%s", logs)
	}
	if strings.Contains(logs.String(), "ERIKSSON") {
		t.Error("log contains the surname")
	}
}

// TestEndToEndDevSpecimen sends a real specimen photo through the server
// and the full default recognizer (MRZ stage included) and compares the
// MRZ with the dev set's truth. Skipped when ../shared is absent.
func TestEndToEndDevSpecimen(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "datasets", "dev")
	truthJSON, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Skipf("dev set not available: %v", err)
	}
	var truth []struct {
		File           string   `json:"file"`
		IssuingCountry string   `json:"issuingCountry"`
		IDType         string   `json:"idType"`
		MRZ            []string `json:"mrz"`
	}
	if err := json.Unmarshal(truthJSON, &truth); err != nil {
		t.Fatal(err)
	}
	s, logs := newTestServer(t, Config{}, nil)
	rec, err := idrecog.New(idrecog.Options{CallbackClient: s.CallbackClient(), CallbackAllowed: s.CallbackPolicy().Allow})
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	s.SetRecognizer(rec)
	for _, doc := range truth {
		if doc.File != "utopia-passport-td3.jpg" { // one is enough here; bench covers the set
			continue
		}
		img, err := os.ReadFile(filepath.Join(dir, doc.File))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(map[string]string{
			"idImage": base64.StdEncoding.EncodeToString(img), "issuingCountry": doc.IssuingCountry, "idType": doc.IDType,
		})
		w := post(t, s, testKey, string(body))
		if w.Code != 200 {
			t.Fatalf("%s: status %d: %s", doc.File, w.Code, w.Body)
		}
		var resp idrecog.Response
		if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
			t.Fatal(err)
		}
		o := resp.Result.Data.OCR
		if got := []string{o.MRZLine1, o.MRZLine2}; !reflect.DeepEqual(got, doc.MRZ) {
			t.Errorf("%s: MRZ %q, want %q", doc.File, got, doc.MRZ)
		}
		for _, line := range doc.MRZ {
			if strings.Contains(logs.String(), line[5:20]) {
				t.Errorf("log contains MRZ text %q", line[5:20])
			}
		}
		return
	}
	t.Skip("utopia-passport-td3.jpg not in the dev set")
}
