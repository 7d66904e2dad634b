// Package idrecog recognises identity documents offline and answers with
// exactly the JSON of the hosted ID-recognition API (see the contract in
// ../shared/spec/api-contract.md): New makes a Recognizer, Recognize reads
// one request, Close waits for asynchronous work and releases resources.
//
// A request is validated (error codes 1005, 1006, 1014, 1015), its images
// are checked from their headers and decoded with the EXIF orientation
// applied (1013), the MRZ stage reads the machine-readable zone (1009 when
// there is none), package mrz parses it, package fields maps it onto the
// contract's fields, and the document kind is checked against the request's
// idType (1011). Every error the package returns is an *Error.
package idrecog

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
	"github.com/idrecog/idrecog/ocr"
)

// Options configures a Recognizer. The zero value is usable: every zero
// field takes its default.
type Options struct {
	// MRZ reads the machine-readable zone. nil means the default stage,
	// package mrzscan's reader with the project's own OCR-B recogniser.
	MRZ MRZStage

	// VIZ reads the visual-zone fields after the MRZ. nil means the
	// default (templates from package doctype, Tesseract); MRZOnly skips
	// the visual zone altogether, for the fastest MRZ-only reads.
	VIZ     VIZStage
	MRZOnly bool

	// Documents reads documents without an MRZ (driving licences, Korean
	// and Indian cards, vehicle registration certificates) and, when no
	// MRZ is found and no template fits, any document generically. nil
	// means the default (package docread); MRZOnly disables it.
	Documents DocumentStage

	// Diagnostics adds the optional "diagnostics" object to responses.
	Diagnostics bool
	// DebugImagePath, if set, writes a PNG at this path after each
	// recognition: the upload with the document outline, the MRZ band,
	// character cells and characters read (default MRZ stage), and every
	// field's box with its key and score. For one request at a time.
	DebugImagePath string

	// Limits bounds accepted images (defaults: 25 MB, 40 megapixels,
	// 16,000 px a side).
	Limits ImageLimits

	// Now is the clock used to resolve two-digit MRZ years; nil means
	// time.Now.
	Now func() time.Time

	// Workers is how many asynchronous requests run at once (default
	// GOMAXPROCS); MaxPending how many may be accepted and not yet
	// finished before further ones are refused with 1003 (default 256).
	Workers    int
	MaxPending int

	// CallbackClient posts asynchronous results; nil means a client with
	// CallbackTimeout that does not follow redirects.
	CallbackClient *http.Client
	// CallbackAllowed, if set, vets a request's callbackUrl (an SSRF
	// policy, say); an error refuses the request with 1015.
	CallbackAllowed func(*url.URL) error
	// CallbackTimeout bounds one delivery attempt (default 10 s);
	// CallbackAttempts is the number of attempts (default 5);
	// CallbackBackoff is the wait after the first failed attempt, doubled
	// after each further one up to 30 s (default 1 s).
	CallbackTimeout  time.Duration
	CallbackAttempts int
	CallbackBackoff  time.Duration
	// CallbackFailed, if set, is told when a result could not be delivered
	// after every attempt.
	CallbackFailed func(transactionID string, err error)
}

// Recognizer recognises documents. It is safe for concurrent use.
type Recognizer struct {
	opt    Options
	client *http.Client
	sem    chan struct{} // asynchronous work slots

	owned []io.Closer // the default stages, which Close releases

	mu      sync.Mutex
	closed  bool
	pending int            // asynchronous requests accepted and not yet run
	wg      sync.WaitGroup // every call in progress and every asynchronous job
}

// New returns a Recognizer. A negative option is refused with 1001.
func New(opt Options) (*Recognizer, error) {
	if opt.Workers < 0 || opt.MaxPending < 0 || opt.CallbackAttempts < 0 ||
		opt.CallbackTimeout < 0 || opt.CallbackBackoff < 0 ||
		opt.Limits.MaxBytes < 0 || opt.Limits.MaxPixels < 0 || opt.Limits.MaxSide < 0 {
		return nil, NewError(CodeWorkspaceUnavailable, "negative option")
	}
	opt.Limits = opt.Limits.withDefaults()
	if opt.Workers == 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.MaxPending == 0 {
		opt.MaxPending = 256
	}
	if opt.CallbackTimeout == 0 {
		opt.CallbackTimeout = 10 * time.Second
	}
	if opt.CallbackAttempts == 0 {
		opt.CallbackAttempts = 5
	}
	if opt.CallbackBackoff == 0 {
		opt.CallbackBackoff = time.Second
	}
	client := opt.CallbackClient
	if client == nil {
		client = &http.Client{
			Timeout:       opt.CallbackTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	r := &Recognizer{opt: opt, client: client, sem: make(chan struct{}, opt.Workers)}
	if r.opt.MRZ == nil {
		s, err := newDefaultStage(opt.DebugImagePath)
		if err != nil {
			return nil, NewError(CodeWorkspaceUnavailable, "MRZ reader: "+err.Error())
		}
		r.opt.MRZ = s
		r.owned = append(r.owned, s)
	}
	var pool *ocr.Pool
	if r.opt.VIZ == nil && !r.opt.MRZOnly {
		s := newVIZStage(opt.Workers)
		r.opt.VIZ = s
		r.owned = append(r.owned, s)
		pool = s.pool
	}
	if r.opt.Documents == nil && !r.opt.MRZOnly {
		s := newDocStage(pool, opt.Workers)
		r.opt.Documents = s
		r.owned = append(r.owned, s)
	}
	return r, nil
}

// Close refuses new work (1001), waits for every call in progress and every
// asynchronous result to be delivered, and returns nil. It is safe to call
// more than once.
func (r *Recognizer) Close() error {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	already := r.closed
	r.closed = true
	r.mu.Unlock()
	r.wg.Wait()
	if already {
		return nil
	}
	var first error
	for _, c := range r.owned {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// enter registers a call, or refuses it when the recognizer is closed.
func (r *Recognizer) enter() error {
	if r == nil {
		return NewError(CodeWorkspaceUnavailable, "the recognizer is not initialised")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return NewError(CodeWorkspaceUnavailable, "the recognizer is closed")
	}
	r.wg.Add(1)
	return nil
}

// Recognize reads one request. Without a callbackUrl it returns the full
// response. With one it returns at once a response holding only apiType and
// the transactionId, and POSTs the full response (or the error as
// {"apiType","transactionId","errorCode","message"}) to the URL when done.
// Every error is an *Error.
func (r *Recognizer) Recognize(ctx context.Context, req Request) (*Response, error) {
	if err := r.enter(); err != nil {
		return nil, err
	}
	defer r.wg.Done()
	j, err := r.prepare(&req)
	if err != nil {
		return nil, err
	}
	id := newTransactionID()
	if j.callback != nil {
		u := j.callback
		err := r.spawn(ctx, j, id, func(resp *Response, err error) { r.deliver(u, id, resp, err) })
		if err != nil {
			return nil, err
		}
		return &Response{APIType: APIType, TransactionID: id}, nil
	}
	return r.run(ctx, j, id)
}

// DefaultMaxRequestBytes bounds a JSON request body: two images of the
// default maximum size in base64, plus room for the other keys.
const DefaultMaxRequestBytes = 2*(DefaultMaxBytes*4/3+4) + 1<<20

// DecodeRequest reads a request body in the contract's JSON, refusing bodies
// over maxBytes (DefaultMaxRequestBytes when maxBytes <= 0). Malformed JSON,
// a key of the wrong type or trailing data is 1015; unknown keys are
// ignored. It does not validate the request (see Request.Validate).
func DecodeRequest(rd io.Reader, maxBytes int64) (*Request, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxRequestBytes
	}
	lr := &io.LimitedReader{R: rd, N: maxBytes + 1}
	dec := json.NewDecoder(lr)
	var req Request
	err := dec.Decode(&req)
	if err == nil && dec.More() {
		err = errors.New("unexpected data after the JSON object")
	}
	if err == nil {
		// dec.More does not see a stray non-space byte such as '}'.
		var extra json.RawMessage
		if e := dec.Decode(&extra); e != io.EOF {
			err = errors.New("unexpected data after the JSON object")
		}
	}
	if lr.N <= 0 {
		return nil, NewError(CodeInvalidInputs, fmt.Sprintf("request body exceeds %d bytes", maxBytes))
	}
	if err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return nil, NewError(CodeInvalidInputs, fmt.Sprintf("request body is not valid JSON at offset %d: %v", syn.Offset, syn))
		case errors.As(err, &typ) && typ.Field != "":
			return nil, NewError(CodeInvalidInputs, fmt.Sprintf("request key %q must be a %s, not %s", typ.Field, typ.Type, typ.Value))
		case errors.As(err, &typ):
			return nil, NewError(CodeInvalidInputs, "request body must be a JSON object")
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return nil, NewError(CodeInvalidInputs, "request body is empty or truncated")
		}
		return nil, NewError(CodeInvalidInputs, "request body: "+err.Error())
	}
	return &req, nil
}

// job is a validated request: normalised keys, checked image headers.
type job struct {
	country, idType string
	front, back     *imageSource
	callback        *url.URL
}

// prepare validates req (1005, 1006, 1014, 1015) and checks its images'
// headers (1013) without decoding pixels.
func (r *Recognizer) prepare(req *Request) (*job, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	j := &job{
		country: strings.ToUpper(strings.TrimSpace(req.IssuingCountry)),
		idType:  strings.ToLower(strings.TrimSpace(req.IDType)),
	}
	if req.CallbackURL != "" {
		u, err := parseCallbackURL(req.CallbackURL)
		if err != nil {
			return nil, err
		}
		if r.opt.CallbackAllowed != nil {
			if err := r.opt.CallbackAllowed(u); err != nil {
				return nil, &Error{Status: http.StatusBadRequest, Code: CodeInvalidInputs,
					Detail: "callbackUrl is not allowed: " + err.Error(), Err: err}
			}
		}
		j.callback = u
	}
	var err error
	if j.front, err = newImageSource("idImage", req.IDImage, req.FrontBytes, req.Front, r.opt.Limits); err != nil {
		return nil, err
	}
	if j.front == nil {
		return nil, NewError(CodeIDImageRequired, "")
	}
	if j.back, err = newImageSource("idBackImage", req.IDBackImage, req.BackBytes, req.Back, r.opt.Limits); err != nil {
		return nil, err
	}
	return j, nil
}

// run does the recognition proper. A panic in a stage becomes 1003.
func (r *Recognizer) run(ctx context.Context, j *job, id string) (resp *Response, err error) {
	defer func() {
		if p := recover(); p != nil {
			resp, err = nil, NewError(CodeProcessFailed, fmt.Sprintf("internal error: %v", p))
		}
	}()
	start := time.Now()
	timings := map[string]float64{}
	lap := func(name string, t0 time.Time) { timings[name] = float64(time.Since(t0).Microseconds()) / 1000 }

	t0 := time.Now()
	front, err := j.front.decode()
	if err != nil {
		return nil, err
	}
	lap("decode", t0)
	if r.opt.MRZ == nil {
		return nil, NewError(CodeAnalyzeFailed, "no MRZ reader is configured")
	}
	t0 = time.Now()
	var (
		reading *fields.MRZReading
		side    string
		sideImg image.Image
		licence bool // a driving licence read by its own MRZ format
	)
	if f, ok := licenceFormat(j.country, j.idType); ok {
		reading, side, sideImg, err = r.readLicenceMRZ(ctx, j, front, f)
		if err != nil && !errors.Is(err, fields.ErrNoMRZ) {
			return nil, err
		}
		// A reading that fails its checks with a low score may be print
		// taken for an MRZ: the licence is then read as before.
		licence = err == nil && (mrzValid(reading) || reading.Score >= trustedScore)
	}
	if !licence {
		reading, side, sideImg, err = r.readMRZ(ctx, j, front)
	}
	lap("mrz", t0)
	if !licence && r.useDocument(j, reading, err) {
		return r.runDocument(ctx, j, id, front, start, timings)
	}
	if err != nil {
		return nil, err
	}

	t0 = time.Now()
	now := time.Now
	if r.opt.Now != nil {
		now = r.opt.Now
	}
	parsed, err := mrz.Parse(reading.Lines, &mrz.Options{Now: now()})
	if err != nil || parsed == nil {
		if err == nil {
			err = mrz.ErrNotMRZ
		}
		return nil, &Error{Status: http.StatusBadRequest, Code: CodeAnalyzeFailed,
			Detail: "the machine-readable zone could not be read: " + err.Error(), Err: err}
	}
	out := fields.FromMRZ(parsed, reading)
	lap("fields", t0)
	// The visual zone is on the side that carries the MRZ for passports,
	// TD2 cards and visas; a TD1 card's MRZ is on the back, and the stage
	// then finds the front on its own.
	nMRZReasons := len(out.Reasons)
	mrzKeys := make(map[string]bool, len(out.Raw))
	for k := range out.Raw {
		mrzKeys[k] = true
	}
	frontRead := false
	if r.opt.VIZ != nil && !r.opt.MRZOnly {
		t0 = time.Now()
		in := VIZ{Country: j.country, IDType: j.idType, MRZ: parsed, Reading: reading, Now: now(), MRZSide: side}
		if side == "back" {
			in.Back = sideImg
		}
		if err := r.opt.VIZ.ReadVIZ(ctx, front, in, &out); err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return nil, &Error{Status: http.StatusBadRequest, Code: CodeProcessFailed, Detail: ctxErr.Error(), Err: ctxErr}
			}
			out.Notes = append(out.Notes, "visual zone not read: "+err.Error())
		} else {
			frontRead = true
		}
		lap("viz", t0)
	}
	nMRZReasons = licenceConfirm(&out, parsed, reading, nMRZReasons) // the front confirms a licence's MRZ
	licenceChecks(&out, parsed)                                      // a driving licence's field 5 (whichever way its MRZ was read)
	t0 = time.Now()
	docType, ok := documentType(out.Kind, j.idType)
	if !ok {
		return nil, NewError(CodeRecognizeFailed, fmt.Sprintf("the document is a %s (%s MRZ) but idType is %s",
			strings.ReplaceAll(out.Kind, "_", " "), parsed.Format, j.idType))
	}
	// The contract: a document of the declared kind whose printed issuing
	// state differs from issuingCountry, or is a non-standard code such as
	// D<< for Germany, is returned with review asked.
	reasons := out.Reasons
	qm := measure(sideImg, reading, &out)
	qWhy := qualityReasons(qm)
	printed := strings.TrimRight(parsed.IssuingState, "<")
	switch {
	case !fields.SameIssuer(parsed.IssuingState, j.country):
		reasons = append(reasons, fmt.Sprintf("the MRZ issuing state %q differs from issuingCountry %s", printed, j.country))
	case printed != j.country:
		code := parsed.IssuingState
		if f, ok := parsed.Field("issuingState"); ok && f.Raw != "" {
			code = f.Raw // as printed: "D<<"
		}
		reasons = append(reasons, fmt.Sprintf("the MRZ issuing state is the non-standard code %q for %s", code, j.country))
	}
	lap("fields", t0)

	res := &Result{
		Data:         Data{Raw: rawOf(out), OCR: ocrOf(out.Summary)},
		DocumentType: docType,
	}
	if side == "back" {
		// The MRZ came from the back: its checks and the image's quality
		// judge the back; the front's visual zone, read on its own, and its
		// agreement with the MRZ judge the front.
		front := append([]string(nil), out.Reasons[nMRZReasons:]...)
		if !frontRead {
			front = append(front, "the MRZ was read on the back; the front's visual zone was not read")
		}
		back := append(append(append(append([]string(nil), out.Reasons[:nMRZReasons]...), out.BackReasons...), reasons[len(out.Reasons):]...), qWhy...)
		res.ReviewBack = len(back) > 0
		res.ReviewFront = len(front) > 0
		reasons = back
		for _, why := range front {
			reasons = append(reasons, "front: "+why)
		}
	} else {
		reasons = append(reasons, qWhy...)
		res.ReviewFront = len(reasons) > 0
	}
	resp = &Response{APIType: APIType, TransactionID: id, Result: res}
	if r.opt.DebugImagePath != "" {
		// The boxes drawn are those in sideImg's pixels: every field when
		// the MRZ is on the front, the MRZ's own on a TD1 card's back.
		fs := debugFields(out, func(k string) bool { return side == "front" || mrzKeys[k] })
		if q, ok := documentOutline(reading.DocSize, reading.DocToImage); ok {
			fs = append(fs, debugField{key: "document", quad: q})
		}
		r.writeDebug(sideImg, fs)
	}
	if r.opt.Diagnostics {
		timings["total"] = float64(time.Since(start).Microseconds()) / 1000
		resp.Diagnostics = &Diagnostics{
			ReviewReasons: reasons,
			MRZ:           mrzDiagnostics(side, parsed, reading),
			Quality:       map[string]any{side: qm},
			TimingsMS:     timings,
			Notes:         out.Notes,
		}
	}
	return resp, nil
}

// readMRZ reads the MRZ on the front, then, if there is none and a back was
// sent, on the back (TD1 cards carry it there). It returns the side read.
func (r *Recognizer) readMRZ(ctx context.Context, j *job, front image.Image) (*fields.MRZReading, string, image.Image, error) {
	// A document that carries no MRZ and that the document stage reads:
	// an MRZ would only refuse it (a passport sent under its type), so
	// the stage's quicker probe, if it has one, is enough.
	read := r.opt.MRZ.ReadMRZ
	if p, ok := r.opt.MRZ.(MRZProbeStage); ok && !needsMRZ(j.idType) && r.opt.Documents != nil && !r.opt.MRZOnly {
		read = p.ProbeMRZ
	}
	reading, err := r.stageWith(ctx, front, read)
	if err == nil && !j.back.present() {
		return reading, "front", front, nil
	}
	if err != nil && errors.Is(err, fields.ErrNoMRZ) && !needsMRZ(j.idType) && r.opt.Documents != nil && !r.opt.MRZOnly {
		// A licence, Aadhaar, PAN or registration certificate: the front
		// showed no MRZ (so it is no passport or ID card sent under the
		// wrong type) and its back is the document stage's to read.
		return nil, "", nil, err
	}
	if err == nil && trusted(reading) {
		// The MRZ is on the front; a back sent with it must not be the
		// back of another document.
		if err := r.checkBack(ctx, j, reading); err != nil {
			return nil, "", nil, err
		}
		return reading, "front", front, nil
	}
	if errors.Is(err, ErrProcessFailed) { // the context ended
		return nil, "", nil, err
	}
	if j.back.present() {
		// No MRZ on the front, or only a doubtful one (a TD1 card's front
		// text can decode to something MRZ-like): read the back too and keep
		// the better reading.
		back, berr := j.back.decode()
		if berr != nil {
			return nil, "", nil, berr
		}
		breading, berr := r.stage(ctx, back)
		if berr == nil && (reading == nil || better(breading, reading)) {
			return breading, "back", back, nil
		}
		if errors.Is(berr, ErrProcessFailed) {
			return nil, "", nil, berr
		}
		if reading != nil {
			return reading, "front", front, nil
		}
	}
	var e *Error
	if errors.As(err, &e) && !needsMRZ(j.idType) {
		e.Detail += "; reading the visual zone of a " + strings.ReplaceAll(j.idType, "_", " ") + " is not available"
	}
	return nil, "", nil, err
}

// checkBack reads the back of a document whose MRZ was read on the front:
// a back that carries a trusted MRZ of another document (another number or
// holder) is refused with 1012. A back without an MRZ is accepted (a
// passport's or a TD2 card's back has none).
func (r *Recognizer) checkBack(ctx context.Context, j *job, front *fields.MRZReading) error {
	back, err := j.back.decode()
	if err != nil {
		return err
	}
	breading, err := r.stage(ctx, back)
	if errors.Is(err, ErrProcessFailed) {
		return err
	}
	if err != nil || !trusted(breading) {
		return nil
	}
	fp, ferr := mrz.Parse(front.Lines, nil)
	bp, berr := mrz.Parse(breading.Lines, nil)
	if ferr != nil || berr != nil {
		return nil
	}
	if fp.DocumentNumber != bp.DocumentNumber || fp.Surname != bp.Surname {
		return NewError(CodeBackFailed, fmt.Sprintf("the back carries the MRZ of another document (number %s, front %s)",
			bp.DocumentNumber, fp.DocumentNumber))
	}
	return nil
}

// trustedScore is the reading score from which a valid front MRZ is taken
// without looking at the back.
const trustedScore = 50

// trusted reports whether a reading passes every check digit with a
// reasonable score.
func trusted(rd *fields.MRZReading) bool {
	return rd.Score >= trustedScore && mrzValid(rd)
}

// better reports whether reading a is to be preferred to b: a valid reading
// over an invalid one, then the higher score.
func better(a, b *fields.MRZReading) bool {
	va, vb := mrzValid(a), mrzValid(b)
	if va != vb {
		return va
	}
	return a.Score > b.Score
}

func mrzValid(rd *fields.MRZReading) bool {
	p, err := mrz.Parse(rd.Lines, nil)
	return err == nil && p.Valid
}

// stage runs the MRZ stage once: a missing reading is 1009, the context's
// end 1003.
func (r *Recognizer) stage(ctx context.Context, img image.Image) (*fields.MRZReading, error) {
	return r.stageWith(ctx, img, r.opt.MRZ.ReadMRZ)
}

// stageWith is stage with the stage's reading method given.
func (r *Recognizer) stageWith(ctx context.Context, img image.Image, read func(context.Context, image.Image) (*fields.MRZReading, error)) (*fields.MRZReading, error) {
	reading, err := read(ctx, img)
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, &Error{Status: http.StatusBadRequest, Code: CodeProcessFailed, Detail: ctxErr.Error(), Err: ctxErr}
	}
	switch {
	case errors.Is(err, fields.ErrNoMRZ), err == nil && (reading == nil || len(reading.Lines) == 0):
		return nil, &Error{Status: http.StatusBadRequest, Code: CodeAnalyzeFailed, Detail: "no machine-readable zone found", Err: fields.ErrNoMRZ}
	case err != nil:
		return nil, wrapError(CodeAnalyzeFailed, err)
	}
	return reading, nil
}

// needsMRZ reports whether documents of idType normally carry an MRZ.
func needsMRZ(idType string) bool {
	switch idType {
	case IDTypePassport, IDTypeVisa, IDTypeGovernmentID, IDTypeResidencePermit:
		return true
	}
	return false
}

// documentType checks the document kind the MRZ shows against the
// requested idType and returns the response's document_type. A passport
// answers only passport, a visa only visa, a driving licence only
// drivers_license; an ID-card MRZ (TD1, TD2, French ID) answers
// government_id or residence_permit, which the MRZ cannot tell apart, so the
// request's word is taken.
func documentType(kind, idType string) (string, bool) {
	switch {
	case kind == IDTypeGovernmentID && (idType == IDTypeGovernmentID || idType == IDTypeResidencePermit):
		return idType, true
	case kind == idType:
		return kind, true
	}
	return "", false
}

func rawOf(out fields.Output) Raw {
	raw := Raw{Fields: make(map[string]RawField, len(out.Raw)), Rotate: strconv.Itoa(out.Rotate)}
	for k, f := range out.Raw {
		raw.Fields[k] = RawField{
			Value:               f.Value,
			Score:               f.Score,
			Accepted:            f.Accepted,
			Coordinates:         coordinatesOf(f.Quad),
			OriginalCoordinates: coordinatesOf(f.ImageQuad),
		}
	}
	return raw
}

// coordinatesOf rounds q to integer corners; nil when q is nil or not
// finite.
func coordinatesOf(q *geometry.Quad) *Coordinates {
	if q == nil {
		return nil
	}
	var c [4]Corner
	for i, p := range q {
		if math.IsNaN(p.X) || math.IsNaN(p.Y) || math.Abs(p.X) > 1e9 || math.Abs(p.Y) > 1e9 {
			return nil
		}
		c[i] = Corner{X: int(math.Round(p.X)), Y: int(math.Round(p.Y))}
	}
	return &Coordinates{First: c[0], Second: c[1], Third: c[2], Fourth: c[3]}
}

func ocrOf(s fields.Summary) OCR {
	o := OCR{
		FullName: s.FullName, FirstName: s.FirstName, MiddleName: s.MiddleName, LastName: s.LastName,
		Gender: s.Gender, Nationality: s.Nationality, BirthDate: s.BirthDate,
		IdentityNumber: s.IdentityNumber, IssueDate: s.IssueDate, ExpireDate: s.ExpireDate,
		Version: s.Version, Number: s.Number, FullMRZ: s.FullMRZ,
	}
	lines := s.MRZLines
	if len(lines) > 0 {
		o.MRZLine1 = lines[0]
	}
	if len(lines) > 1 {
		o.MRZLine2 = lines[1]
	}
	if len(lines) > 2 {
		o.MRZLine3 = lines[2]
	}
	return o
}

// mrzDiagnostics is the diagnostics' "mrz" object.
func mrzDiagnostics(side string, p *mrz.Result, reading *fields.MRZReading) map[string]any {
	type check struct {
		Field string `json:"field"`
		Valid bool   `json:"valid"`
		Got   string `json:"got"`
		Want  string `json:"want"`
	}
	checks := make([]check, 0, len(p.Checks))
	for _, c := range p.Checks {
		checks = append(checks, check{c.Field, c.Valid, string(c.Got), string(c.Want)})
	}
	errs := make([]string, 0, len(p.Errors))
	for _, e := range p.Errors {
		errs = append(errs, e.Error())
	}
	d := map[string]any{
		"side": side, "format": p.Format.String(), "lines": p.Lines, "valid": p.Valid,
		"checks": checks, "errors": errs, "score": reading.Score, "ambiguous": reading.Ambiguous,
	}
	if len(p.Corrections) > 0 {
		d["corrections"] = len(p.Corrections)
	}
	if len(reading.Diagnostics) > 0 {
		d["stage"] = reading.Diagnostics
	}
	return d
}

// newTransactionID returns 13 random lower-case alphanumeric characters.
func newTransactionID() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	var id [13]byte
	var buf [32]byte
	n := 0
	for n < len(id) {
		if _, err := rand.Read(buf[:]); err != nil {
			panic("idrecog: crypto/rand failed: " + err.Error()) // crypto/rand.Read does not fail on supported platforms
		}
		for _, b := range buf {
			if b < 252 && n < len(id) { // 252 = 7×36: no modulo bias
				id[n] = alphabet[b%36]
				n++
			}
		}
	}
	return string(id[:])
}
