package batch

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/idrecog/idrecog"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestScanDir(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.jpg": "", "b_front.png": "", "b_back.png": "", "c-back.jpg": "", "D.JPEG": "", "d.back.jpeg": "",
		".hidden.jpg": "", ".git/x.png": "", "notes.txt": "", "sub/e.tif": "", "sub/e_BACK.tif": "",
	})
	jobs, err := ScanDir(dir, "UTO", "passport")
	if err != nil {
		t.Fatal(err)
	}
	want := []Job{
		{File: "D.JPEG", Back: "d.back.jpeg"},
		{File: "a.jpg"},
		{File: "b_front.png", Back: "b_back.png"},
		{File: "c-back.jpg"},
		{File: "sub/e.tif", Back: "sub/e_BACK.tif"},
	}
	for i := range want {
		want[i].IssuingCountry, want[i].IDType = "UTO", "passport"
	}
	if !reflect.DeepEqual(jobs, want) {
		t.Errorf("ScanDir:\n got %+v\nwant %+v", jobs, want)
	}
	if _, err := ScanDir(filepath.Join(dir, "missing"), "", ""); err == nil {
		t.Error("missing directory: no error")
	}
}

func TestReadManifest(t *testing.T) {
	for _, tc := range []struct {
		name    string
		csv     bool
		in      string
		want    []Job
		wantErr string
	}{
		{"jsonl", false, "# comment\n{\"file\":\"p1.jpg\",\"issuingCountry\":\"UTO\",\"idType\":\"passport\"}\n\n" +
			`{"file":"id7.jpg","issuingCountry":"DEU","idType":"government_id","back":"id7_back.jpg"}` + "\n",
			[]Job{{"p1.jpg", "UTO", "passport", ""}, {"id7.jpg", "DEU", "government_id", "id7_back.jpg"}}, ""},
		{"jsonl no file", false, `{"issuingCountry":"UTO"}`, nil, "line 1: no \"file\""},
		{"jsonl unknown key", false, "{\"file\":\"a\"}\n{\"file\":\"b\",\"contry\":\"UTO\"}", nil, "line 2"},
		{"jsonl not json", false, "a.jpg,UTO", nil, "line 1"},
		{"csv", true, "file,issuingCountry,idType,back\np1.jpg,UTO,passport,\n\"x, y.jpg\",DEU,government_id,x_back.jpg\n",
			[]Job{{"p1.jpg", "UTO", "passport", ""}, {"x, y.jpg", "DEU", "government_id", "x_back.jpg"}}, ""},
		{"csv short columns", true, "Type,File\npassport,a.jpg\n", []Job{{File: "a.jpg", IDType: "passport"}}, ""},
		{"csv no file column", true, "country,type\nUTO,passport\n", nil, "no \"file\" column"},
		{"csv unknown column", true, "file,colour\na.jpg,red\n", nil, "unknown column"},
		{"csv empty file", true, "file,country\n,UTO\n", nil, "line 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			jobs, err := ReadManifest(strings.NewReader(tc.in), tc.csv)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tc.wantErr)
				}
				if jobs != nil {
					t.Error("jobs returned alongside an error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(jobs, tc.want) {
				t.Errorf("got %+v, want %+v", jobs, tc.want)
			}
		})
	}
	jobs := []Job{{File: "a", IssuingCountry: "DEU"}, {File: "b", IDType: "visa"}}
	FillDefaults(jobs, "UTO", "passport")
	if jobs[0].IssuingCountry != "DEU" || jobs[0].IDType != "passport" || jobs[1].IssuingCountry != "UTO" || jobs[1].IDType != "visa" {
		t.Errorf("FillDefaults: %+v", jobs)
	}
}

// fakeRecognizer answers by the content of the front image: "ok…" gives a
// response whose transactionId is the content, "bad" a contract error,
// "boom" a plain error, "panic" a panic; "block" waits for ctx.
type fakeRecognizer struct {
	mu    sync.Mutex
	calls []string
}

func (f *fakeRecognizer) Recognize(ctx context.Context, req idrecog.Request) (*idrecog.Response, error) {
	front := string(req.FrontBytes)
	f.mu.Lock()
	f.calls = append(f.calls, front)
	f.mu.Unlock()
	switch {
	case front == "bad":
		return nil, idrecog.NewError(idrecog.CodeAnalyzeFailed, "")
	case front == "boom":
		return nil, context.DeadlineExceeded
	case front == "panic":
		panic("bug")
	case front == "block":
		<-ctx.Done()
		return nil, ctx.Err()
	case req.IssuingCountry == "":
		return nil, idrecog.NewError(idrecog.CodeCountryRequired, "")
	}
	tx := front
	if len(req.BackBytes) > 0 {
		tx += "+" + string(req.BackBytes)
	}
	return &idrecog.Response{APIType: "id_recognition", TransactionID: tx,
		Result: &idrecog.Result{DocumentType: req.IDType, Data: idrecog.Data{OCR: idrecog.OCR{MRZLine1: "P<UTO"}}}}, nil
}

func (f *fakeRecognizer) n() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

type outLine struct {
	File     string            `json:"file"`
	Back     string            `json:"back"`
	Response *idrecog.Response `json:"response"`
	Error    *struct {
		Code    int    `json:"errorCode"`
		Message string `json:"message"`
	} `json:"error"`
}

func readOut(t *testing.T, name string) map[string]outLine {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > 0 && b[len(b)-1] != '\n' {
		t.Error("output does not end with a newline")
	}
	m := map[string]outLine{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		var l outLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("output line %q: %v", sc.Text(), err)
		}
		if _, dup := m[l.File]; dup {
			t.Errorf("file %s recorded twice", l.File)
		}
		if (l.Response == nil) == (l.Error == nil) {
			t.Errorf("line %s: want exactly one of response and error", sc.Text())
		}
		m[l.File] = l
	}
	return m
}

func TestRunAndResume(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"p1.jpg": "ok1", "p2.jpg": "ok2", "p3.jpg": "ok3", "p3_back.jpg": "back3",
		"bad.jpg": "bad", "boom.jpg": "boom", "panic.jpg": "panic",
	})
	jobs, err := ScanDir(dir, "UTO", "passport")
	if err != nil {
		t.Fatal(err)
	}
	jobs = append(jobs, Job{File: "missing.jpg", IssuingCountry: "UTO", IDType: "passport"}, jobs[0]) // and a duplicate
	out := filepath.Join(t.TempDir(), "results.jsonl")

	rec := &fakeRecognizer{}
	var progress bytes.Buffer
	sum, err := Run(context.Background(), rec, jobs, out, &Options{Dir: dir, Workers: 3, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if sum != (Summary{Total: 7, OK: 3, Failed: 4, Elapsed: sum.Elapsed}) {
		t.Errorf("summary %+v", sum)
	}
	got := readOut(t, out)
	if len(got) != 7 {
		t.Fatalf("%d lines, want 7", len(got))
	}
	if l := got["p3.jpg"]; l.Response == nil || l.Response.TransactionID != "ok3+back3" || l.Back != "p3_back.jpg" {
		t.Errorf("p3 with back: %+v", l)
	}
	for file, code := range map[string]int{"bad.jpg": 1009, "boom.jpg": 1003, "panic.jpg": 1003, "missing.jpg": 1005} {
		if l := got[file]; l.Error == nil || l.Error.Code != code {
			t.Errorf("%s: error %+v, want code %d", file, l.Error, code)
		}
	}
	raw, _ := os.ReadFile(out)
	if !bytes.Contains(raw, []byte(`"P<UTO"`)) {
		t.Error("MRZ filler escaped in the output")
	}
	if !strings.Contains(progress.String(), "7 files: 3 recognised, 4 failed, 0 skipped") {
		t.Errorf("summary line missing from progress:\n%s", progress.String())
	}

	// Second run: everything is there already.
	calls := rec.n()
	sum, err = Run(context.Background(), rec, jobs, out, &Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if rec.n() != calls || sum.Skipped != 7 || sum.OK+sum.Failed != 0 {
		t.Errorf("second run: %d new calls, summary %+v", rec.n()-calls, sum)
	}

	// Retry failed ones only.
	calls = rec.n()
	sum, err = Run(context.Background(), rec, jobs, out, &Options{Dir: dir, RetryFailed: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := rec.n() - calls; n != 3 || sum.Skipped != 3 || sum.Failed != 4 { // missing.jpg is not read by the recognizer
		t.Errorf("retry run: %d calls, summary %+v", n, sum)
	}
}

// TestResumeAfterKill: an output cut mid-line by a killed run is repaired
// and the unfinished files are done, each exactly once.
func TestResumeAfterKill(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		files[n+".png"] = "ok-" + n
	}
	writeFiles(t, dir, files)
	jobs, _ := ScanDir(dir, "UTO", "passport")
	out := filepath.Join(t.TempDir(), "r.jsonl")
	if _, err := Run(context.Background(), &fakeRecognizer{}, jobs[:2], out, &Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	f, _ := os.OpenFile(out, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"file":"c.png","response":{"apiT`)
	f.Close()

	rec := &fakeRecognizer{}
	sum, err := Run(context.Background(), rec, jobs, out, &Options{Dir: dir, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(rec.calls)
	if !reflect.DeepEqual(rec.calls, []string{"ok-c", "ok-d", "ok-e"}) || sum.Skipped != 2 {
		t.Errorf("resume called %v, summary %+v", rec.calls, sum)
	}
	if got := readOut(t, out); len(got) != 5 {
		t.Errorf("%d results after resume, want 5", len(got))
	}
}

func TestRunRefusesForeignOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(out, []byte("my precious notes\n"), 0o644)
	if _, err := Run(context.Background(), &fakeRecognizer{}, []Job{{File: "x"}}, out, nil); err == nil {
		t.Fatal("appended to a file that is not a batch output")
	}
	if b, _ := os.ReadFile(out); string(b) != "my precious notes\n" {
		t.Error("foreign file modified")
	}
}

// TestCancel: jobs cut short by cancellation are not recorded, so a later
// run does them.
func TestCancel(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.png": "ok-a", "b.png": "block", "c.png": "ok-c"})
	jobs, _ := ScanDir(dir, "UTO", "passport")
	out := filepath.Join(t.TempDir(), "r.jsonl")
	ctx, cancel := context.WithCancel(context.Background())
	rec := &cancelAfter{fakeRecognizer: &fakeRecognizer{}, trigger: "block", cancel: cancel}
	sum, err := Run(ctx, rec, jobs, out, &Options{Dir: dir, Workers: 1})
	if err == nil {
		t.Error("cancelled run returned no error")
	}
	got := readOut(t, out)
	if _, ok := got["b.png"]; ok {
		t.Error("cancelled job recorded")
	}
	if _, ok := got["c.png"]; ok || sum.OK != 1 {
		t.Errorf("work dispatched after cancel: %+v, summary %+v", got, sum)
	}
}

type cancelAfter struct {
	*fakeRecognizer
	trigger string
	cancel  func()
}

func (c *cancelAfter) Recognize(ctx context.Context, req idrecog.Request) (*idrecog.Response, error) {
	if string(req.FrontBytes) == c.trigger {
		c.cancel()
	}
	return c.fakeRecognizer.Recognize(ctx, req)
}

func TestProgressLines(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.png": "ok-a", "b.png": "bad"})
	jobs, _ := ScanDir(dir, "UTO", "passport")
	for _, term := range []bool{false, true} {
		var buf bytes.Buffer
		out := filepath.Join(t.TempDir(), "r.jsonl")
		if _, err := Run(context.Background(), &fakeRecognizer{}, jobs, out, &Options{Dir: dir, Workers: 1, Progress: &buf, Terminal: term}); err != nil {
			t.Fatal(err)
		}
		s := buf.String()
		if !strings.Contains(s, "2/2  100%") || !strings.Contains(s, "files/s") || !strings.Contains(s, "1 failed") {
			t.Errorf("terminal=%v: progress %q", term, s)
		}
		if hasBar := strings.Contains(s, "\r[########################]"); hasBar != term {
			t.Errorf("terminal=%v: bar drawn=%v: %q", term, hasBar, s)
		}
	}
}
