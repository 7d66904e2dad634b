package synth

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestCorpusUpToDate regenerates a few committed corpus documents and the
// README sample and checks they are byte-identical: the determinism guard.
// If it fails after an intended change to the generator, run go generate
// ./synth and commit the new corpus.
func TestCorpusUpToDate(t *testing.T) {
	dir := filepath.Join("..", "testdata", "corpus")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no committed corpus")
	}
	g := newGen(t, CorpusOptions)
	for _, i := range []int{2, 3, 7} { // hard td3, clean td1 (two sides), photo td2
		d, err := g.Generate(i)
		if err != nil {
			t.Fatal(err)
		}
		compareFile(t, filepath.Join(dir, d.Truth.File), d.Front)
		if d.Truth.BackFile != "" {
			compareFile(t, filepath.Join(dir, d.Truth.BackFile), d.Back)
		}
		var committed Truth
		b, err := os.ReadFile(filepath.Join(dir, FileName(i)+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &committed); err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(committed)
		got, _ := json.Marshal(d.Truth)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: regenerated truth differs from the committed one", FileName(i))
		}
	}

	sample := filepath.Join("..", "testdata", "sample", "passport-front.jpg")
	if _, err := os.Stat(sample); err != nil {
		return
	}
	d, err := newGen(t, SampleOptions).Generate(0)
	if err != nil {
		t.Fatal(err)
	}
	compareFile(t, sample, d.Front)
}

func compareFile(t *testing.T, path string, got []byte) {
	t.Helper()
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: regenerated image differs from the committed file (%d vs %d bytes); run go generate ./synth if the change is intended", path, len(got), len(want))
	}
}
