package idrecog

import (
	"github.com/idrecog/idrecog/docread"
	"github.com/idrecog/idrecog/ocr"
)

// defaultFinder is the document finder the default document stage uses.
func defaultFinder(pool *ocr.Pool) docread.FindFunc { return nil }
