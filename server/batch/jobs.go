// Package batch recognises a folder of document images, or the files a
// manifest names, with a bounded pool of workers, writing one JSON line per
// file. A run is resumable: files already in the output are skipped.
//
// Output lines are
//
//	{"file":"a/b.jpg","response":{...the contract's response...}}
//	{"file":"a/c.jpg","error":{"errorCode":1009,"message":"Fail to analyze data"}}
//
// with "back" added when a back image was sent.
package batch

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Job is one document to recognise. File and Back are slash-separated paths
// relative to the run's directory (or absolute).
type Job struct {
	File           string `json:"file"`
	IssuingCountry string `json:"issuingCountry,omitempty"`
	IDType         string `json:"idType,omitempty"`
	Back           string `json:"back,omitempty"`
}

// imageExts are the extensions ScanDir picks up (the contract's formats).
var imageExts = map[string]bool{
	".jpg": true, ".jpeg": true, ".png": true, ".webp": true,
	".tif": true, ".tiff": true, ".bmp": true, ".gif": true,
}

// backSuffixes mark a back image: "x_back.jpg" is the back of "x.jpg" or of
// "x_front.jpg" (likewise with '-' or '.' as separator, any case).
var backSuffixes = []string{"_back", "-back", ".back"}
var frontSuffixes = []string{"_front", "-front", ".front"}

// ScanDir lists the images under dir (recursively, skipping hidden files
// and directories) as jobs with the given country and type, sorted by path.
// An image whose name ends in _back (or -back, .back) before its extension
// becomes the Back of the front with the same name without that suffix
// (with or without a _front suffix) in the same directory; a back without a
// front is processed as a front of its own.
func ScanDir(dir, country, idType string) ([]Job, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() || !imageExts[strings.ToLower(filepath.Ext(p))] {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("batch: %w", err)
	}
	sort.Strings(files)

	// key: directory + lower-case stem without any front suffix.
	stemKey := func(f string, suffixes []string) (string, bool) {
		stem := strings.TrimSuffix(f, path.Ext(f))
		low := strings.ToLower(stem)
		for _, s := range suffixes {
			if strings.HasSuffix(low, s) {
				return low[:len(low)-len(s)], true
			}
		}
		return low, false
	}
	backs := map[string]string{}
	for _, f := range files {
		if k, ok := stemKey(f, backSuffixes); ok {
			if _, dup := backs[k]; !dup {
				backs[k] = f
			}
		}
	}
	used := map[string]bool{}
	var jobs []Job
	for _, f := range files {
		if _, isBack := stemKey(f, backSuffixes); isBack {
			continue
		}
		k, _ := stemKey(f, frontSuffixes)
		j := Job{File: f, IssuingCountry: country, IDType: idType}
		if b, ok := backs[k]; ok && !used[b] {
			j.Back, used[b] = b, true
		}
		jobs = append(jobs, j)
	}
	for _, f := range files {
		if _, isBack := stemKey(f, backSuffixes); isBack && !used[f] {
			jobs = append(jobs, Job{File: f, IssuingCountry: country, IDType: idType})
		}
	}
	sort.SliceStable(jobs, func(a, b int) bool { return jobs[a].File < jobs[b].File })
	return jobs, nil
}

// ReadManifestFile reads a manifest: CSV when the name ends in .csv, JSON
// lines otherwise. See ReadManifest.
func ReadManifestFile(name string) ([]Job, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("batch: %w", err)
	}
	defer f.Close()
	return ReadManifest(f, strings.EqualFold(filepath.Ext(name), ".csv"))
}

// ReadManifest reads the jobs of a manifest.
//
// JSON lines (isCSV false): one object per line,
//
//	{"file":"p1.jpg","issuingCountry":"UTO","idType":"passport"}
//	{"file":"id7.jpg","issuingCountry":"DEU","idType":"government_id","back":"id7_back.jpg"}
//
// with blank lines and lines starting with # ignored. CSV (isCSV true): a
// header row naming the columns file (required), issuingCountry, idType and
// back (also accepted: country, type; any case), then one row per document.
// Empty country or type fall back to the run's defaults (see FillDefaults).
func ReadManifest(r io.Reader, isCSV bool) ([]Job, error) {
	if isCSV {
		return readCSV(r)
	}
	var jobs []Job
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		var j Job
		if err := dec.Decode(&j); err != nil {
			return nil, fmt.Errorf("batch: manifest line %d: %v", n, err)
		}
		if dec.More() {
			return nil, fmt.Errorf("batch: manifest line %d: more than one JSON value", n)
		}
		if strings.TrimSpace(j.File) == "" {
			return nil, fmt.Errorf("batch: manifest line %d: no \"file\"", n)
		}
		jobs = append(jobs, j)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("batch: manifest: %w", err)
	}
	return jobs, nil
}

func readCSV(r io.Reader) ([]Job, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.TrimLeadingSpace = true
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("batch: manifest header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) {
		case "file":
			col["file"] = i
		case "issuingcountry", "country":
			col["country"] = i
		case "idtype", "type":
			col["type"] = i
		case "back", "idbackimage":
			col["back"] = i
		default:
			return nil, fmt.Errorf("batch: manifest header: unknown column %q", h)
		}
	}
	if _, ok := col["file"]; !ok {
		return nil, errors.New("batch: manifest header: no \"file\" column")
	}
	get := func(rec []string, k string) string {
		if i, ok := col[k]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var jobs []Job
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return jobs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("batch: manifest: %w", err)
		}
		line, _ := cr.FieldPos(0)
		j := Job{File: get(rec, "file"), IssuingCountry: get(rec, "country"), IDType: get(rec, "type"), Back: get(rec, "back")}
		if j.File == "" {
			return nil, fmt.Errorf("batch: manifest line %d: empty file", line)
		}
		jobs = append(jobs, j)
	}
}

// FillDefaults sets an empty IssuingCountry or IDType to the given default.
func FillDefaults(jobs []Job, country, idType string) {
	for i := range jobs {
		if jobs[i].IssuingCountry == "" {
			jobs[i].IssuingCountry = country
		}
		if jobs[i].IDType == "" {
			jobs[i].IDType = idType
		}
	}
}
