package mrzscan

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"gocv.io/x/gocv"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
)

// licenceSpec places a licence MRZ on the back of an ID-1 card (mm).
type licenceSpec struct {
	format  mrz.Format
	lines   []string
	left    float64   // left edge of the first cell
	centres []float64 // line centres above the bottom edge
}

var (
	frenchSample = licenceSpec{mrz.FrenchDL, []string{"D1FRA13AA000026181231MARTIN<<9"}, 4.7, []float64{6.2}}
	swissSample  = licenceSpec{mrz.SwissDL, []string{"AAA001D<<", "FACHE305142128097<<800126<<<<<", "MUSTERMANN<<ERIKA<<<<<<<<<<<<<"}, 5.0, []float64{15.73, 11.50, 7.27}}
)

// licenceSpecs returns the samples and a few built ones.
func licenceSpecs(t *testing.T) []licenceSpec {
	out := []licenceSpec{frenchSample, swissSample}
	fr, err := mrz.Build(mrz.FrenchDL, mrz.Identity{DocumentCode: "D1", IssuingState: "FRA", DocumentNumber: "120775300", ExpiryDate: "270914", Surname: "DUPONTEL"})
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, licenceSpec{mrz.FrenchDL, fr, 4.7, []float64{6.2}})
	ch, err := mrz.Build(mrz.SwissDL, mrz.Identity{DocumentNumber: "LU4182F", IssuingState: "LIE", OptionalData1: "749281736", OptionalData2: "002", BirthDate: "910417", Surname: "BRUNNER", GivenNames: "ANNA MARIA"})
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, licenceSpec{mrz.SwissDL, ch, 5.0, []float64{15.73, 11.50, 7.27}})
	return out
}

// licenceFace returns the OCR-B face at the size whose capital height is
// capPx pixels, or skips the test.
func licenceFace(t testing.TB, capPx float64) font.Face {
	data, err := os.ReadFile(ocrbFontPath)
	if err != nil {
		t.Skip(err)
	}
	f, err := opentype.Parse(data)
	if err != nil {
		t.Skip(err)
	}
	ref, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 100, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := font.BoundString(ref, "H")
	h := float64(b.Max.Y-b.Min.Y) / 64
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 100 * capPx / h, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		t.Fatal(err)
	}
	return face
}

// licenceCard renders the back of an ID-1 card (pxmm pixels per mm) with
// the MRZ of sp, a few lines of ordinary text in OCR-B above it and a
// light background texture.
func licenceCard(t testing.TB, sp licenceSpec, pxmm float64, rng *rand.Rand) *image.Gray {
	W, H := int(85.6*pxmm), int(53.98*pxmm)
	card := image.NewGray(image.Rect(0, 0, W, H))
	for y := 0; y < H; y++ {
		for x := 0; x < W; x++ {
			v := 225 + 12*math.Sin(float64(x)/(7*pxmm)+float64(y)/(11*pxmm)) + rng.NormFloat64()*3
			card.Pix[y*W+x] = uint8(math.Max(0, math.Min(255, v)))
		}
	}
	face := licenceFace(t, 2.4*pxmm)
	pitch := 2.54 * pxmm
	put := func(s string, left, cy float64, cap float64) {
		d := &font.Drawer{Dst: card, Src: image.NewUniform(image.Black.C), Face: face}
		for j := 0; j < len(s); j++ {
			adv := float64(d.MeasureString(s[j:j+1])) / 64
			x := left + float64(j)*pitch + (pitch-adv)/2
			d.Dot = fixed.Point26_6{X: fixed.Int26_6(x * 64), Y: fixed.Int26_6((cy + cap/2) * 64)}
			d.DrawString(s[j : j+1])
		}
	}
	// Ordinary text: the card's printed data, not an MRZ.
	words := []string{"CATEGORIES", "B 01.03.2015", "PERMIS", "12.05.1980", "A1 AM", "RESTRICTIONS 01", "VALID"}
	for k := 0; k < 3; k++ {
		y := (10 + 8*float64(k)) * pxmm
		if sp.format == mrz.SwissDL {
			y -= 6 * pxmm
		}
		put(words[rng.IntN(len(words))]+" "+words[rng.IntN(len(words))], 6*pxmm, y, 2.4*pxmm)
	}
	for k, line := range sp.lines {
		put(line, sp.left*pxmm, (53.98-sp.centres[k])*pxmm, 2.4*pxmm)
	}
	return card
}

// licencePhoto warps card into a photo: turned by deg degrees, with some
// perspective, Gaussian blur sigma and noise, JPEG-compressed. It returns
// the photo and the card-to-photo homography.
func licencePhoto(t testing.TB, card *image.Gray, deg, persp, sigma float64, rng *rand.Rand) (image.Image, geometry.Homography) {
	W, H := float64(card.Rect.Dx()), float64(card.Rect.Dy())
	pw, ph := int(1.5*math.Max(W, H)), int(1.5*math.Max(W, H))
	c := geometry.Pt(float64(pw)/2, float64(ph)/2)
	th := deg * math.Pi / 180
	rot := func(x, y float64) geometry.Point {
		x, y = x-W/2, y-H/2
		return c.Add(geometry.Pt(x*math.Cos(th)-y*math.Sin(th), x*math.Sin(th)+y*math.Cos(th)))
	}
	src := geometry.Quad{geometry.Pt(0, 0), geometry.Pt(W, 0), geometry.Pt(W, H), geometry.Pt(0, H)}
	dst := geometry.Quad{rot(persp*W, 0), rot(W-persp*W, 0), rot(W, H), rot(0, H)}
	h, err := geometry.FromQuads(src, dst)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := h.Inverse()
	if err != nil {
		t.Fatal(err)
	}
	cm, err := gocv.NewMatFromBytes(card.Rect.Dy(), card.Rect.Dx(), gocv.MatTypeCV8U, card.Pix)
	if err != nil {
		t.Fatal(err)
	}
	defer cm.Close()
	m := gocv.NewMatWithSize(3, 3, gocv.MatTypeCV64F)
	defer m.Close()
	for i := 0; i < 9; i++ {
		m.SetDoubleAt(i/3, i%3, inv[i])
	}
	out := gocv.NewMat()
	defer out.Close()
	gocv.WarpPerspectiveWithParams(cm, &out, m, image.Pt(pw, ph), gocv.InterpolationLinear|gocv.WarpInverseMap, gocv.BorderConstant, color.RGBA{70, 70, 70, 255})
	if sigma > 0 {
		gocv.GaussianBlur(out, &out, image.Pt(0, 0), sigma, sigma, gocv.BorderReplicate)
	}
	g := image.NewGray(image.Rect(0, 0, pw, ph))
	copy(g.Pix, out.ToBytes())
	for i := range g.Pix {
		g.Pix[i] = uint8(math.Max(0, math.Min(255, float64(g.Pix[i])+rng.NormFloat64()*4)))
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, g, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return img, h
}

// TestReadLicences reads rendered licence MRZs at the four quarter turns,
// a slant and some perspective, and checks the reading, its score, the
// rotation and the document geometry; Read must not read them as
// licences.
func TestReadLicences(t *testing.T) {
	r := newTestReader(t)
	defer r.Close()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(24, 1))
	for si, sp := range licenceSpecs(t) {
		card := licenceCard(t, sp, 11, rng)
		for _, v := range []struct{ deg, persp, sigma float64 }{{0, 0, 0.6}, {90, 0, 0.6}, {180, 0, 0.6}, {270, 0, 0.6}, {-7, 0.04, 1}, {23, 0.02, 0.8}} {
			img, h := licencePhoto(t, card, v.deg, v.persp, v.sigma, rng)
			res, err := r.ReadFormats(ctx, img, mrz.FrenchDL, mrz.SwissDL)
			if err != nil {
				t.Errorf("%d %v %+v: %v", si, sp.format, v, err)
				continue
			}
			if !slices.Equal(res.Lines, sp.lines) || res.Format != sp.format {
				t.Errorf("%d %+v: read %v %q (score %d), want %v %q", si, v, res.Format, res.Lines, res.Score, sp.format, sp.lines)
				continue
			}
			// Sharp renderings, mildly blurred: every reading is valid
			// and scores at least 50; a Swiss one is ambiguous exactly
			// when it scores below 80.
			if !res.Valid || res.Score < 50 || sp.format == mrz.SwissDL && (res.Score >= acceptScore) == res.Ambiguous {
				t.Errorf("%d %v %+v: valid %v score %d ambiguous %v", si, sp.format, v, res.Valid, res.Score, res.Ambiguous)
			}
			wantRot := (360 - int(math.Round(v.deg/90))*90%360) % 360
			if res.Rotate != wantRot {
				t.Errorf("%d %v %+v: Rotate %d, want %d", si, sp.format, v, res.Rotate, wantRot)
			}
			// Card corners: DocToImage (canonical 300 dpi) against the
			// rendering's homography (11 px/mm).
			s := dpmm / 11
			var worst float64
			for _, p := range []geometry.Point{{X: 0, Y: 0}, {X: 85.6 * 11, Y: 0}, {X: 85.6 * 11, Y: 53.98 * 11}, {X: 0, Y: 53.98 * 11}} {
				got := res.DocToImage.Apply(p.Mul(s))
				worst = math.Max(worst, got.Dist(h.Apply(p)))
			}
			if diag := math.Hypot(85.6, 53.98) * 11; worst > 0.05*diag {
				t.Errorf("%d %v %+v: card corner off by %.0f px (diagonal %.0f)", si, sp.format, v, worst, diag)
			}
			if len(res.CharQuads) != len(sp.lines) || len(res.CharQuads[0]) != len(sp.lines[0]) {
				t.Errorf("%d %v %+v: CharQuads shape %d lines", si, sp.format, v, len(res.CharQuads))
			}
			if v.deg == 0 {
				if got, err := r.Read(ctx, img); err == nil && (got.Format == mrz.FrenchDL || got.Format == mrz.SwissDL || got.Score >= acceptScore) {
					t.Errorf("%d %v: Read read %v %q score %d", si, sp.format, got.Format, got.Lines, got.Score)
				}
				other := mrz.SwissDL
				if sp.format == mrz.SwissDL {
					other = mrz.FrenchDL
				}
				if got, err := r.ReadFormats(ctx, img, other); err == nil && got.Score >= acceptScore {
					t.Errorf("%d %v: ReadFormats(%v) read %q score %d", si, sp.format, other, got.Lines, got.Score)
				} else if err != nil && !errors.Is(err, ErrNoMRZ) {
					t.Error(err)
				}
			}
		}
	}
}

// TestReadLicencesNotInPassports: the dev set's MRZs are no licences.
func TestReadLicencesNotInPassports(t *testing.T) {
	cases := devSet(t)
	r := newTestReader(t)
	defer r.Close()
	for _, c := range cases {
		res, err := r.ReadFormats(context.Background(), c.img, mrz.FrenchDL, mrz.SwissDL)
		if err == nil && (res.Score >= acceptScore || !res.Ambiguous) {
			t.Errorf("%s: read %v %q score %d", c.File, res.Format, strings.Join(res.Lines, "/"), res.Score)
		}
	}
}
