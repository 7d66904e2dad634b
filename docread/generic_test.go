package docread

import (
	"context"
	"errors"
	"image"
	"testing"

	"github.com/idrecog/idrecog/geometry"
)

func TestGenericReader(t *testing.T) {
	words := scene(
		line(40, 30, "REPUBLIC", "OF", "NOWHERE", "RESIDENCE", "CARD"),
		line(40, 100, "Surname:", "DOE"),
		line(40, 150, "Given", "names:", "JANE", "ANN"),
		line(40, 200, "Date", "of", "birth", "12.03.1980"),
		line(40, 250, "Card", "No.", "AB", "123", "456"),
		line(40, 300, "Address"),
		line(40, 340, "1", "MAIN", "STREET"),
	)
	eng := &fakeOCR{words: words}
	res, err := Generic.Read(context.Background(), &Env{OCR: eng}, Input{Country: "ZZZ", IDType: "residence_permit", Front: id1, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"surname": "DOE", "given_names": "JANE ANN", "birth_date": "1980-03-12", "number": "AB123456",
		"address": "1 MAIN STREET", "line_01": "REPUBLIC OF NOWHERE RESIDENCE CARD", "line_07": "1 MAIN STREET",
	}
	for k, v := range want {
		if got := res.Out.Raw[k].Value; got != v {
			t.Errorf("raw %s = %q, want %q", k, got, v)
		}
	}
	if a := res.Out.Raw["birth_date"].Accepted; a == nil || !*a {
		t.Error("birth_date not accepted")
	}
	s := res.Out.Summary
	if s.FullName != "JANE ANN DOE" || s.BirthDate != "1980-03-12" || s.Number != "AB123456" {
		t.Errorf("summary %+v", s)
	}
	if res.Reader != "generic" || !res.Front.Review || res.Diagnostics["read_generically"] == nil {
		t.Errorf("reader %q review %v diagnostics %v", res.Reader, res.Front.Review, res.Diagnostics)
	}
	if res.Out.Rotate != 0 {
		t.Errorf("rotate %d", res.Out.Rotate)
	}
	if q := res.Out.Raw["line_02"].ImageQuad; q == nil || q.Bounds().Min.Y != 100 {
		t.Errorf("line_02 quad %v", q)
	}
	if eng.calls != 1 {
		t.Errorf("%d OCR calls: a confident upright read should not try other orientations", eng.calls)
	}
}

func TestGenericNothing(t *testing.T) {
	_, err := Generic.Read(context.Background(), &Env{OCR: &fakeOCR{}}, Input{Country: "ZZZ", IDType: "visa", Front: id1, Now: testNow})
	if !errors.Is(err, ErrNothingRead) {
		t.Errorf("err %v, want ErrNothingRead", err)
	}
	if _, err := Generic.Read(context.Background(), &Env{OCR: &fakeOCR{}}, Input{Country: "ZZZ", IDType: "visa", Now: testNow}); !errors.Is(err, ErrNothingRead) {
		t.Errorf("no image: err %v", err)
	}
	if _, err := Generic.Read(context.Background(), nil, Input{Front: id1}); err == nil {
		t.Error("no env: no error")
	}
}

func TestGenericTriesRotations(t *testing.T) {
	// Little text, read badly: every orientation is tried and the best kept.
	eng := &fakeOCR{words: scene(line(40, 100, "X")), score: 30}
	res, err := Generic.Read(context.Background(), &Env{OCR: eng}, Input{Country: "KOR", IDType: "drivers_license", Front: id1, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if eng.calls != 4 {
		t.Errorf("%d page reads, want 4 orientations", eng.calls)
	}
	for _, l := range eng.langs {
		if l != "kor+eng" {
			t.Errorf("lang %q for KOR, want kor+eng", l)
		}
	}
	if res.Out.Raw["line_01"].Value != "X" {
		t.Errorf("line_01 %q", res.Out.Raw["line_01"].Value)
	}
}

func TestRotatedGeometry(t *testing.T) {
	b := image.Rect(0, 0, 400, 300)
	for _, rot := range []int{0, 90, 180, 270} {
		g := rotated(b, rot)
		// The upright document's corners land on the upload's corners.
		tl := g.DocToImage.Apply(ptf(0, 0))
		br := g.DocToImage.Apply(ptf(float64(g.DocSize.X), float64(g.DocSize.Y)))
		for _, p := range []struct{ x, y float64 }{{tl.X, tl.Y}, {br.X, br.Y}} {
			if !((p.x == 0 || p.x == 400) && (p.y == 0 || p.y == 300)) {
				t.Errorf("rot %d: corner %v not a corner of the upload", rot, p)
			}
		}
		if tl == br {
			t.Errorf("rot %d: degenerate", rot)
		}
	}
	if g := rotated(b, 90); g.DocSize != image.Pt(300, 400) {
		t.Errorf("rot 90 size %v", g.DocSize)
	}
}

func ptf(x, y float64) geometry.Point { return geometry.Pt(x, y) }
