package idrecog

import (
	"context"
	"errors"
	"image"
	"net/http"
	"strings"
	"time"

	"github.com/idrecog/idrecog/docread"
	"github.com/idrecog/idrecog/fields"
)

// useDocument decides, after the MRZ stage, whether the document is read by
// the document stage instead: when no MRZ was found on any side, or when the
// declared document normally carries none (or has a reader of its own) and
// the MRZ read, if any, is not trusted. A trusted MRZ always wins, so a
// passport sent as drivers_license is still refused with 1011.
func (r *Recognizer) useDocument(j *job, reading *fields.MRZReading, err error) bool {
	if r.opt.Documents == nil || r.opt.MRZOnly {
		return false
	}
	if err != nil {
		return errors.Is(err, fields.ErrNoMRZ)
	}
	if trusted(reading) {
		return false
	}
	_, _, own := docread.Lookup(j.country, j.idType)
	return own || !needsMRZ(j.idType)
}

// runDocument reads a document through the document stage and builds the
// response.
func (r *Recognizer) runDocument(ctx context.Context, j *job, id string, front image.Image, start time.Time, timings map[string]float64) (*Response, error) {
	var back image.Image
	if j.back.present() {
		b, err := j.back.decode()
		if err != nil {
			return nil, err
		}
		back = b
	}
	now := time.Now
	if r.opt.Now != nil {
		now = r.opt.Now
	}
	t0 := time.Now()
	res, err := r.opt.Documents.ReadDocument(ctx, Document{Country: j.country, IDType: j.idType, Front: front, Back: back, Now: now()})
	timings["document"] = float64(time.Since(t0).Microseconds()) / 1000
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, &Error{Status: http.StatusBadRequest, Code: CodeProcessFailed, Detail: ctxErr.Error(), Err: ctxErr}
	}
	switch {
	case err == nil && res == nil:
		return nil, NewError(CodeAnalyzeFailed, "no document found")
	case errors.Is(err, docread.ErrNotThisDocument):
		return nil, &Error{Status: http.StatusBadRequest, Code: CodeRecognizeFailed, Detail: detailOf(err, "the front is not a "+words(j.idType)), Err: err}
	case errors.Is(err, docread.ErrNotThisBack):
		return nil, &Error{Status: http.StatusBadRequest, Code: CodeBackFailed, Detail: detailOf(err, "the back is not this "+words(j.idType)+"'s back"), Err: err}
	case errors.Is(err, docread.ErrNothingRead):
		return nil, &Error{Status: http.StatusBadRequest, Code: CodeAnalyzeFailed, Detail: detailOf(err, "no document found"), Err: err}
	case err != nil:
		return nil, wrapError(CodeAnalyzeFailed, err)
	}
	if res.Reader == "generic" {
		// Nothing on a generically read page is validated by a template:
		// a person looks at it.
		res.Front.Review = true
		res.Front.Reasons = append(res.Front.Reasons, "read generically: no template for "+j.country+" "+words(j.idType))
	}
	docType := res.Out.Kind
	if docType == "" {
		docType = j.idType
	}
	out := res.Out
	result := &Result{
		Data:         Data{Raw: rawOf(out), OCR: ocrOf(out.Summary)},
		DocumentType: docType,
		ReviewFront:  res.Front.Review || len(res.Front.Reasons) > 0,
		ReviewBack:   back != nil && (res.Back.Review || len(res.Back.Reasons) > 0),
	}
	resp := &Response{APIType: APIType, TransactionID: id, Result: result}
	r.writeDebug(front, debugFields(out, nil))
	if r.opt.Diagnostics {
		// Out.Reasons mirrors the sides' reasons in docread's readers: the
		// sides are what is reported, each reason once, named by its side.
		var reasons []string
		for _, why := range res.Front.Reasons {
			reasons = append(reasons, "front: "+strings.TrimPrefix(why, "front: "))
		}
		if back != nil {
			for _, why := range res.Back.Reasons {
				reasons = append(reasons, "back: "+strings.TrimPrefix(why, "back: "))
			}
		}
		timings["total"] = float64(time.Since(start).Microseconds()) / 1000
		resp.Diagnostics = &Diagnostics{
			ReviewReasons: reasons,
			Reader:        res.Reader,
			Document:      res.Diagnostics,
			TimingsMS:     timings,
			Notes:         out.Notes,
		}
	}
	return resp, nil
}

// detailOf is err's message, or fallback when err is a bare docread
// sentinel that says nothing more.
func detailOf(err error, fallback string) string {
	for _, s := range []error{docread.ErrNotThisDocument, docread.ErrNotThisBack, docread.ErrNothingRead} {
		if err == s {
			return fallback
		}
	}
	return strings.TrimPrefix(err.Error(), "docread: ")
}

func words(idType string) string { return strings.ReplaceAll(idType, "_", " ") }
