package mrz

import (
	"bufio"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestGenerateBatchFile writes random valid MRZs, one per line with '|'
// between MRZ lines, for measuring `idrecog mrz` throughput. It runs only
// when MRZ_GEN_FILE is set (MRZ_GEN_N lines, default 200000):
//
//	MRZ_GEN_FILE=/tmp/mrz200k.txt go test -run TestGenerateBatchFile ./mrz
func TestGenerateBatchFile(t *testing.T) {
	path := os.Getenv("MRZ_GEN_FILE")
	if path == "" {
		t.Skip("MRZ_GEN_FILE not set")
	}
	n := 200000
	if s := os.Getenv("MRZ_GEN_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	rng := rand.New(rand.NewPCG(3, 4))
	formats := []Format{TD3, TD3, TD3, TD1, TD1, TD2, MRVA, MRVB, FrenchID, SwissDL, FrenchDL}
	for i := 0; i < n; i++ {
		fo := formats[rng.IntN(len(formats))]
		lines, err := Build(fo, randIdentity(rng, fo, refNow.Now))
		if err != nil {
			t.Fatal(err)
		}
		w.WriteString(strings.Join(lines, "|"))
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
}
