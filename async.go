package idrecog

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// maxCallbackBackoff caps the wait between delivery attempts.
const maxCallbackBackoff = 30 * time.Second

// RecognizeAsync validates req at once (returning the same errors as
// Recognize), then recognises it on the recognizer's worker pool and calls
// done with the result, from another goroutine. It returns the transaction
// id the response will carry. done is required (1010); req.CallbackURL is
// ignored, done being the callback. The work is not cancelled when ctx is;
// Close waits for done to return.
func (r *Recognizer) RecognizeAsync(ctx context.Context, req Request, done func(*Response, error)) (string, error) {
	if done == nil {
		return "", NewError(CodeCallbackRequired, "RecognizeAsync needs a function to call with the result")
	}
	if err := r.enter(); err != nil {
		return "", err
	}
	defer r.wg.Done()
	req.CallbackURL = ""
	j, err := r.prepare(&req)
	if err != nil {
		return "", err
	}
	id := newTransactionID()
	if err := r.spawn(ctx, j, id, done); err != nil {
		return "", err
	}
	return id, nil
}

// Submit is the asynchronous-only entry point: like Recognize, but a
// request without a callbackUrl is refused with 1010.
func (r *Recognizer) Submit(ctx context.Context, req Request) (*Response, error) {
	if req.CallbackURL == "" {
		return nil, NewError(CodeCallbackRequired, "")
	}
	return r.Recognize(ctx, req)
}

// spawn queues j on the worker pool. The caller holds a wg count, so the
// Add here cannot race with Close's Wait.
func (r *Recognizer) spawn(ctx context.Context, j *job, id string, done func(*Response, error)) error {
	r.mu.Lock()
	if r.pending >= r.opt.MaxPending {
		r.mu.Unlock()
		return NewError(CodeProcessFailed, "too many requests in progress; retry later")
	}
	r.pending++
	r.wg.Add(1)
	r.mu.Unlock()
	ctx = context.WithoutCancel(ctx)
	go func() {
		defer r.wg.Done()
		r.sem <- struct{}{}
		resp, err := r.run(ctx, j, id)
		<-r.sem
		r.mu.Lock()
		r.pending--
		r.mu.Unlock()
		done(resp, err)
	}()
	return nil
}

// callbackError is the body posted when an asynchronous request failed: the
// contract's error JSON plus the ids that tie it to its acknowledgement.
type callbackError struct {
	APIType       string `json:"apiType"`
	TransactionID string `json:"transactionId"`
	ErrorCode     int    `json:"errorCode"`
	Message       string `json:"message"`
}

// deliver POSTs a result to u, retrying with exponential backoff on network
// errors, 5xx, 408 and 429.
func (r *Recognizer) deliver(u *url.URL, id string, resp *Response, rerr error) {
	var v any = resp
	if rerr != nil {
		var e *Error
		if !errors.As(rerr, &e) {
			e = wrapError(CodeProcessFailed, rerr)
		}
		v = callbackError{APIType: APIType, TransactionID: id, ErrorCode: e.Code, Message: e.Message()}
	}
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		r.deliveryFailed(id, fmt.Errorf("idrecog: encoding the callback body: %w", err))
		return
	}
	wait := r.opt.CallbackBackoff
	var err error
	for attempt := 1; ; attempt++ {
		var retry bool
		retry, err = r.post(u, id, body.Bytes())
		if err == nil {
			return
		}
		if !retry || attempt >= r.opt.CallbackAttempts {
			break
		}
		time.Sleep(wait)
		wait = min(2*wait, maxCallbackBackoff)
	}
	r.deliveryFailed(id, err)
}

// post makes one delivery attempt; it says whether a failure is worth
// retrying.
func (r *Recognizer) post(u *url.URL, id string, body []byte) (retry bool, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), r.opt.CallbackTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return false, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Transaction-Id", id)
	resp, err := r.client.Do(req)
	if err != nil {
		return true, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return false, nil
	}
	retry = resp.StatusCode >= 500 || resp.StatusCode == http.StatusRequestTimeout || resp.StatusCode == http.StatusTooManyRequests
	return retry, fmt.Errorf("idrecog: callback %s answered %s", u.Redacted(), resp.Status)
}

func (r *Recognizer) deliveryFailed(id string, err error) {
	if r.opt.CallbackFailed != nil {
		r.opt.CallbackFailed(id, err)
	}
}
