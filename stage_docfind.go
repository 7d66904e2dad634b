package idrecog

import (
	"github.com/idrecog/idrecog/docfind"
	"github.com/idrecog/idrecog/docread"
	"github.com/idrecog/idrecog/ocr"
)

// defaultFinder is the document finder of the default stages: package
// docfind's quadrilateral search, with the upright orientation read by
// Tesseract through pool.
func defaultFinder(pool *ocr.Pool) docread.FindFunc { return docfind.FindFunc(pool) }
