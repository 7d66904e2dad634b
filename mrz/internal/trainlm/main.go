// Command trainlm trains the letter trigram model that mrz.Decode uses as a
// prior on name positions (mrz/namelm.bin) from Debian's word lists.
//
// Each list's words are transliterated to the MRZ alphabet with
// mrz.Transliterate (ICAO 9303 Part 3 §6: Ä→AE, Ø→OE, ß→SS …), so the
// statistics are those of MRZ spellings; a hyphenated word gives its parts.
// Words holding anything but letters and hyphens (apostrophes, digits,
// dots) are skipped, and each list counts once per distinct word (the
// Bulgarian and Ukrainian lists are Cyrillic: the ICAO transliteration
// gives their Latin MRZ spellings). Every language weighs the same,
// whatever the size of its list. No name list
// (in particular not the synthetic generator's) is used: the model knows
// the orthography of European languages, not names.
//
// Usage (from the repository root, after
// `apt-get install wamerican wngerman wfrench wspanish witalian wportuguese
// wswedish wnorwegian wpolish wdutch wdanish wcatalan wbulgarian wukrainian
// wgalician-minimos wirish wfaroese wesperanto wgaelic`):
//
//	go run ./mrz/internal/trainlm -dict /usr/share/dict -o mrz/namelm.bin
//
// The output is the same bytes for the same lists.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/idrecog/idrecog/mrz"
)

// sources are the word lists, one per language, under the dictionary
// directory, with the Debian package that installs each.
var sources = []struct{ file, pkg string }{
	{"american-english", "wamerican"},
	{"ngerman", "wngerman"},
	{"french", "wfrench"},
	{"spanish", "wspanish"},
	{"italian", "witalian"},
	{"portuguese", "wportuguese"},
	{"swedish", "wswedish"},
	{"bokmaal", "wnorwegian"},
	{"polish", "wpolish"},
	{"dutch", "wdutch"},
	{"danish", "wdanish"},
	{"catalan", "wcatalan"},
	{"bulgarian", "wbulgarian"},
	{"ukrainian", "wukrainian"},
	{"galician-minimos", "wgalician-minimos"},
	{"irish", "wirish"},
	{"faroese", "wfaroese"},
	{"esperanto", "wesperanto"},
	{"gaelic", "wgaelic"},
}

// Model layout; it must match mrz/namelm.go.
const (
	nSym  = 27 // 0: word boundary, 1-26: A-Z
	scale = 8  // quantisation: 1/scale bit
	magic = "MRZLM1\n"
)

func main() {
	dict := flag.String("dict", "/usr/share/dict", "directory of the word lists")
	out := flag.String("o", "mrz/namelm.bin", "model file to write")
	flag.Parse()
	model, stats, err := train(*dict)
	if err != nil {
		fmt.Fprintln(os.Stderr, "trainlm:", err)
		os.Exit(1)
	}
	for _, s := range stats {
		fmt.Printf("%-18s %9d words\n", s.file, s.words)
	}
	if err := os.WriteFile(*out, model, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "trainlm:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %s (%d bytes)\n", *out, len(model))
}

// langStat is the number of distinct words one list contributed.
type langStat struct {
	file  string
	words int
}

// counts are trigram counts over (a, b, c): c after the context a, b.
type counts [nSym][nSym][nSym]float64

// errMissing reports a word list that is not installed.
var errMissing = errors.New("word list missing")

// train reads every list of sources under dir and returns the model file.
func train(dir string) ([]byte, []langStat, error) {
	var total counts
	var stats []langStat
	perLang := make([]*counts, 0, len(sources))
	sum := 0
	for _, s := range sources {
		words, err := readWords(filepath.Join(dir, s.file))
		if err != nil {
			return nil, nil, fmt.Errorf("%s (package %s): %w", s.file, s.pkg, err)
		}
		c := new(counts)
		for _, w := range words {
			addWord(c, w)
		}
		perLang = append(perLang, c)
		stats = append(stats, langStat{s.file, len(words)})
		sum += len(words)
	}
	// Every language weighs the same: its counts are scaled to the mean
	// list size.
	mean := float64(sum) / float64(len(sources))
	for i, c := range perLang {
		w := mean / float64(stats[i].words)
		for a := range c {
			for b := range c[a] {
				for x := range c[a][b] {
					total[a][b][x] += float64(c[a][b][x] * w)
				}
			}
		}
	}
	return encode(smooth(&total)), stats, nil
}

// readWords returns the distinct MRZ spellings of the list's words. A line
// that is not valid UTF-8 is read as Latin-1 (the Swedish and Norwegian
// lists).
func readWords(path string) ([]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, errMissing
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	seen := map[string]bool{}
	var out []string
	r := bufio.NewReader(f)
	for {
		line, err := r.ReadBytes('\n')
		line = bytes.TrimSpace(line)
		if len(line) > 0 {
			for _, w := range strings.Split(mrz.Transliterate(decodeLine(line)), "<") {
				if w != "" && !seen[w] {
					seen[w] = true
					out = append(out, w)
				}
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// decodeLine returns the line as text, or "" when it holds anything but
// letters and hyphens.
func decodeLine(line []byte) string {
	var s string
	if utf8.Valid(line) {
		s = string(line)
	} else {
		rs := make([]rune, len(line))
		for i, b := range line {
			rs[i] = rune(b)
		}
		s = string(rs)
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && r != '-' {
			return ""
		}
	}
	return s
}

// sym returns the model symbol of an MRZ letter.
func sym(c byte) int { return int(c-'A') + 1 }

// addWord counts the trigrams of #w# with two boundaries before the word.
func addWord(c *counts, w string) {
	a, b := 0, 0
	for i := 0; i < len(w); i++ {
		x := sym(w[i])
		c[a][b][x]++
		a, b = b, x
	}
	c[a][b][0]++
}

// smooth returns P(c | a, b) by Witten-Bell interpolation of the trigram,
// bigram and unigram estimates (the unigram add-one smoothed).
func smooth(t *counts) *counts {
	var uni [nSym]float64
	var bi [nSym][nSym]float64
	for a := range t {
		for b := range t[a] {
			for x := range t[a][b] {
				uni[x] += t[a][b][x]
				bi[b][x] += t[a][b][x]
			}
		}
	}
	n := 0.0
	for _, v := range uni {
		n += v
	}
	var p1 [nSym]float64
	for x := range uni {
		p1[x] = (uni[x] + 1) / (n + nSym)
	}
	var p2 [nSym][nSym]float64
	for b := range bi {
		cb, tb := 0.0, 0.0
		for _, v := range bi[b] {
			cb += v
			if v > 0 {
				tb++
			}
		}
		for x := range bi[b] {
			if cb == 0 {
				p2[b][x] = p1[x]
				continue
			}
			p2[b][x] = (bi[b][x] + float64(tb*p1[x])) / (cb + tb)
		}
	}
	out := new(counts)
	for a := range t {
		for b := range t[a] {
			cab, tab := 0.0, 0.0
			for _, v := range t[a][b] {
				cab += v
				if v > 0 {
					tab++
				}
			}
			for x := range t[a][b] {
				if cab == 0 {
					out[a][b][x] = p2[b][x]
					continue
				}
				out[a][b][x] = (t[a][b][x] + float64(tab*p2[b][x])) / (cab + tab)
			}
		}
	}
	return out
}

// encode quantises -log2 P to 1/scale bit in one byte per trigram, after
// the magic line.
func encode(p *counts) []byte {
	out := []byte(magic)
	for a := range p {
		for b := range p[a] {
			for x := range p[a][b] {
				q := math.Round(-math.Log2(p[a][b][x]) * scale)
				out = append(out, byte(min(255, max(0, q))))
			}
		}
	}
	return out
}
