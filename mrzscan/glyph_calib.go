package mrzscan

import (
	"strings"

	"github.com/idrecog/idrecog/ocrb"
)

// heavyOffsets switches the class offsets of the heavy re-scoring on; a
// variable for the development aids that compare with and without.
var heavyOffsets = true

// heavyOffset is the amount added to class c's rendering correlation when
// a heavily blurred band's cell is re-scored (rescore, wide): the
// rendering favours some glyphs over others whatever the cell shows (a
// blurred I correlates better with a rendered Z than a Z with an I: in
// the dump below, I was read as Z 514 times and Z as I 48 times before
// these offsets, 154 and 157 times with them). The offsets maximise the likelihood of the true characters of
// the cells the re-scoring weighed on synthetic hard photos of seeds 19-30
// (TestRescoreDump, 150 documents each; neither the tuning seeds nor the
// held-out ones), each cell's competition restricted to the truth's group
// (letters and '<', or digits and '<'); regenerate with the commands in
// docs/mrzscan.md ("Class offsets of the heavy re-scoring").
func heavyOffset(c byte) float64 {
	if i := strings.IndexByte(ocrb.Alphabet, c); i >= 0 {
		return heavyOffsetTable[i]
	}
	return 0
}
