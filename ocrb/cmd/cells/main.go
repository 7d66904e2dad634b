// Command cells dumps labelled training cells for the ocrb classifier: it
// generates synthetic document photos (package synth, deterministic by seed),
// reads each with mrzscan and keeps the cells mrzscan cut, labelled with the
// generator's true MRZ, when the read found a band with the true number of
// lines and characters and agrees with the truth on most of each line (so a
// band shifted by a cell or a wrong band contributes nothing). Each cell is
// written at every horizontal shift the reader classifies it at.
//
//	go run ./ocrb/cmd/cells -model base.bin -seeds 11,12 -n 250 -levels hard -out /tmp/cells.bin
//
// The cells depend on the model the reader classifies with (-model): give
// the model that is to be fine-tuned, so that the dump is reproducible after
// ocrb/model.bin changed.
//
// With -cut truth the cells are instead cut along the generator's true
// geometry (truth.go), from every photo, read or not: the cells the reader
// misses whole documents on.
//
//	go run ./ocrb/cmd/cells -cut truth -seeds 19,20 -n 150 -levels hard -out /tmp/truth.bin
//
// Never use the held-out seed (424242) here; the command refuses it and the
// other seeds reserved for evaluation (reservedSeeds).
//
// File format (read by ocrb/cmd/train -cells): magic "OCRC", then records of
// one label byte (the character), uint16 width, uint16 height (little-endian)
// and width×height grey bytes.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"flag"
	"image"
	"image/jpeg"
	"log"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/idrecog/idrecog/mrzscan"
	"github.com/idrecog/idrecog/ocrb"
	"github.com/idrecog/idrecog/synth"
)

// reservedSeeds are the synthetic seeds no cells may come from: the README's
// held-out seeds and the fresh seeds the fine-tuned models are compared on.
var reservedSeeds = map[uint64]bool{424242: true, 515151: true, 977: true, 31337: true}

func main() {
	var (
		seeds  = flag.String("seeds", "11,12", "synth seeds, comma-separated (never 424242, 515151, 977 or 31337: held out or used for evaluation)")
		n      = flag.Int("n", 200, "documents per seed and level")
		levels = flag.String("levels", "photo,hard", "synth levels, comma-separated")
		agree  = flag.Float64("agree", 0.7, "minimum share of a line's characters read right for its cells to be kept")
		out    = flag.String("out", "cells.bin", "output file")
		model  = flag.String("model", "", "ocrb model file the reader classifies with (default: the embedded one)")
		cut    = flag.String("cut", "reader", "where cells come from: reader (the cells mrzscan cut in its reading) or truth (the generator's true geometry)")
		jitter = flag.Float64("jitter", 0.1, "with -cut truth: max misalignment of a cell, in pitches (scale ±jitter/2)")
		top1   = flag.Bool("top1", false, "with -cut truth: -legible counts only the classifier's first candidate")
		types  = flag.String("types", "", "only documents of these synth types, comma-separated (e.g. frid; default: all)")
		legib  = flag.Float64("legible", 0.5, "with -cut truth: minimum share of a line's cells with the truth among the classifier's candidates")
	)
	flag.Parse()
	log.SetFlags(0)
	if *cut != "reader" && *cut != "truth" {
		log.Fatalf("bad -cut %q: reader or truth", *cut)
	}
	var opts *mrzscan.Options
	var cls mrzscan.Classifier = ocrb.Default()
	if *model != "" {
		data, err := os.ReadFile(*model)
		if err != nil {
			log.Fatal(err)
		}
		m, err := ocrb.Load(data)
		if err != nil {
			log.Fatal(err)
		}
		opts = &mrzscan.Options{Classifier: m}
		cls = m
	}
	r, err := mrzscan.NewReader(opts)
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("OCRC")
	shifts := mrzscan.CellShifts()
	var total, wrong, docs, kept int
	for _, s := range strings.Split(*seeds, ",") {
		seed, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
		if err != nil {
			log.Fatalf("bad seed %q", s)
		}
		if reservedSeeds[seed] {
			log.Fatalf("seed %d is held out or used for evaluation", seed)
		}
		for _, lv := range strings.Split(*levels, ",") {
			g, err := synth.NewGenerator(synth.Options{Seed: seed, Level: synth.Level(strings.TrimSpace(lv))})
			if err != nil {
				log.Fatal(err)
			}
			for i := 0; i < *n; i++ {
				doc, err := g.Generate(i)
				if err != nil {
					log.Fatal(err)
				}
				if len(doc.Truth.MRZ) == 0 || *types != "" && !slices.Contains(strings.Split(*types, ","), string(doc.Truth.Type)) {
					continue
				}
				data := doc.Front
				if doc.Truth.MRZSide == "back" {
					data = doc.Back
				}
				img, err := jpeg.Decode(bytes.NewReader(data))
				if err != nil {
					log.Fatal(err)
				}
				docs++
				if *cut == "truth" {
					kept++ // documents cut
					rnd := rand.New(rand.NewPCG(seed, uint64(i)))
					truthCells(img, &doc.Truth, *jitter, rnd, cls, *legib, *top1, func(label byte, g *image.Gray) {
						writeCell(w, label, g)
						total++
					})
					continue
				}
				res, band, cells, err := r.ReadCells(context.Background(), img)
				if err != nil || band == nil || len(cells) != len(doc.Truth.MRZ) || len(res.Lines) != len(cells) {
					continue
				}
				kept++
				for k, want := range doc.Truth.MRZ {
					if len(cells[k]) != len(want) || len(res.Lines[k]) != len(want) {
						continue
					}
					same := 0
					for j := range want {
						if res.Lines[k][j] == want[j] {
							same++
						}
					}
					if float64(same) < *agree*float64(len(want)) {
						continue
					}
					for j, c := range cells[k] {
						if c.Empty() {
							continue
						}
						if res.Lines[k][j] != want[j] {
							wrong++
						}
						for _, dx := range shifts {
							cc := c.Add(image.Pt(dx, 0)).Intersect(band.Rect)
							if cc.Dx() < c.Dx()*3/4 || cc.Dy() < c.Dy()/2 || cc.Dx() > 0xffff || cc.Dy() > 0xffff {
								continue
							}
							writeCell(w, want[j], band.SubImage(cc).(*image.Gray))
							total++
						}
					}
				}
			}
			log.Printf("seed %d %s: %d documents, %d with the true line layout, %d cells so far (%d cells misread)", seed, lv, docs, kept, total, wrong)
		}
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %d cells to %s", total, *out)
}

func writeCell(w *bufio.Writer, label byte, g *image.Gray) {
	b := g.Rect
	var hdr [5]byte
	hdr[0] = label
	binary.LittleEndian.PutUint16(hdr[1:], uint16(b.Dx()))
	binary.LittleEndian.PutUint16(hdr[3:], uint16(b.Dy()))
	w.Write(hdr[:])
	for y := b.Min.Y; y < b.Max.Y; y++ {
		o := g.PixOffset(b.Min.X, y)
		w.Write(g.Pix[o : o+b.Dx()])
	}
}
