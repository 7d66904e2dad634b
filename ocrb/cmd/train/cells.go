package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"strings"

	"github.com/idrecog/idrecog/ocrb"
)

// loadCells reads the files written by ocrb/cmd/cells and returns the cells
// normalised to w×h and quantised like the rendered pools, with their class
// indices. Records with a character outside the alphabet are an error.
func loadCells(files []string, w, h int) ([]int8, []uint8, error) {
	var xs []int8
	var ys []uint8
	x := make([]float32, w*h)
	q := make([]int8, w*h)
	err := readCells(files, func(c int, g *image.Gray) {
		ocrb.Normalize(g, w, h, x)
		quantise(x, q)
		xs = append(xs, q...)
		ys = append(ys, uint8(c))
	})
	if err != nil {
		return nil, nil, err
	}
	return xs, ys, nil
}

// readCells calls fn with the class index and the pixels of every cell in
// the files written by ocrb/cmd/cells, in file order. It fails on a
// malformed file or when the files hold no cell.
func readCells(files []string, fn func(class int, g *image.Gray)) error {
	n := 0
	for _, name := range files {
		f, err := os.Open(strings.TrimSpace(name))
		if err != nil {
			return err
		}
		r := bufio.NewReader(f)
		var magic [4]byte
		if _, err := io.ReadFull(r, magic[:]); err != nil || string(magic[:]) != "OCRC" {
			f.Close()
			return fmt.Errorf("%s: not a cell dump", name)
		}
		for {
			var hdr [5]byte
			if _, err := io.ReadFull(r, hdr[:]); err != nil {
				if errors.Is(err, io.EOF) {
					break
				}
				f.Close()
				return fmt.Errorf("%s: %w", name, err)
			}
			c := strings.IndexByte(ocrb.Alphabet, hdr[0])
			cw, ch := int(binary.LittleEndian.Uint16(hdr[1:])), int(binary.LittleEndian.Uint16(hdr[3:]))
			if c < 0 || cw == 0 || ch == 0 || cw*ch > maxCellPixels {
				f.Close()
				return fmt.Errorf("%s: bad cell record", name)
			}
			g := image.NewGray(image.Rect(0, 0, cw, ch))
			if _, err := io.ReadFull(r, g.Pix); err != nil {
				f.Close()
				return fmt.Errorf("%s: %w", name, err)
			}
			fn(c, g)
			n++
		}
		f.Close()
	}
	if n == 0 {
		return errors.New("no cells")
	}
	return nil
}

// initFrom copies the weights of a model file into net, whose layer widths
// must match.
func initFrom(net *mlp, name string) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	m, err := ocrb.Load(data)
	if err != nil {
		return err
	}
	if len(m.Layers) != len(net.layers) {
		return fmt.Errorf("%s: %d layers, want %d", name, len(m.Layers), len(net.layers))
	}
	for i, l := range m.Layers {
		nl := net.layers[i]
		if l.In != nl.in || l.Out != nl.out {
			return fmt.Errorf("%s: layer %d is %d→%d, want %d→%d", name, i, l.In, l.Out, nl.in, nl.out)
		}
		copy(nl.w, l.W)
		copy(nl.b, l.B)
	}
	return nil
}

// maxCellPixels bounds a dumped cell's size (the reader's cells are a few
// hundred pixels), so a corrupt file cannot ask for gigabytes.
const maxCellPixels = 1 << 16
