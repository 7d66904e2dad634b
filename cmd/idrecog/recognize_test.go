package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cli runs the command line and returns its exit status and streams.
func cli(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// errorCode decodes the contract error JSON printed on stdout.
func errorCode(t *testing.T, stdout string) int {
	t.Helper()
	var e struct {
		Code    int    `json:"errorCode"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal([]byte(stdout), &e); err != nil || e.Message == "" {
		t.Fatalf("stdout is not a contract error: %v: %q", err, stdout)
	}
	return e.Code
}

func writeFiles(t *testing.T) (pngFile, textFile string) {
	dir := t.TempDir()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 40, 30))); err != nil {
		t.Fatal(err)
	}
	pngFile, textFile = filepath.Join(dir, "blank.png"), filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(pngFile, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(textFile, []byte("not an image"), 0o644); err != nil {
		t.Fatal(err)
	}
	return pngFile, textFile
}

func TestRecognizeCommand(t *testing.T) {
	pngFile, textFile := writeFiles(t)
	tests := []struct {
		name string
		args []string
		exit int
		code int // contract error code when exit is 1
	}{
		{"no arguments", nil, 2, 0},
		{"unknown flag", []string{"-frnt", pngFile}, 2, 0},
		{"stray argument", []string{"-front", pngFile, "-country", "UTO", "-type", "passport", "extra"}, 2, 0},
		{"missing file", []string{"-front", filepath.Join(t.TempDir(), "none.jpg"), "-country", "UTO", "-type", "passport"}, 2, 0},
		{"no front", []string{"-country", "UTO", "-type", "passport"}, 1, 1005},
		{"no country", []string{"-front", pngFile, "-type", "passport"}, 1, 1006},
		{"no type", []string{"-front", pngFile, "-country", "UTO"}, 1, 1014},
		{"bad country", []string{"-front", pngFile, "-country", "XYZ", "-type", "passport"}, 1, 1015},
		{"not an image", []string{"-front", textFile, "-country", "UTO", "-type", "passport"}, 1, 1013},
		// A blank page has no MRZ: 1009, whichever MRZ stage is wired.
		{"nothing to read", []string{"-front", pngFile, "-country", "UTO", "-type", "passport", "-diagnostics"}, 1, 1009},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exit, stdout, stderr := cli(t, "", append([]string{"recognize"}, tt.args...)...)
			if exit != tt.exit {
				t.Fatalf("exit %d, want %d; stdout %q stderr %q", exit, tt.exit, stdout, stderr)
			}
			switch tt.exit {
			case 1:
				if got := errorCode(t, stdout); got != tt.code {
					t.Errorf("errorCode %d, want %d", got, tt.code)
				}
			case 2:
				if stdout != "" || stderr == "" {
					t.Errorf("usage error: stdout %q, stderr %q; want usage on stderr only", stdout, stderr)
				}
			}
		})
	}
}

func TestRequestCommand(t *testing.T) {
	pngFile, _ := writeFiles(t)
	img, err := os.ReadFile(pngFile)
	if err != nil {
		t.Fatal(err)
	}
	body := `{"idImage":"` + base64.StdEncoding.EncodeToString(img) + `","issuingCountry":"UTO","idType":"passport"}`
	bodyFile := filepath.Join(t.TempDir(), "req.json")
	if err := os.WriteFile(bodyFile, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		stdin string
		args  []string
		exit  int
		code  int
	}{
		{"stdin", body, nil, 1, 1009},
		{"dash", body, []string{"-"}, 1, 1009},
		{"file", "", []string{bodyFile}, 1, 1009},
		{"malformed", `{"idImage":`, nil, 1, 1015},
		{"data URL", `{"idImage":"data:image/png;base64,AAAA","issuingCountry":"UTO","idType":"passport"}`, nil, 1, 1013},
		{"missing idType", `{"idImage":"AAAA","issuingCountry":"UTO"}`, nil, 1, 1014},
		{"missing file", "", []string{filepath.Join(t.TempDir(), "none.json")}, 2, 0},
		{"two files", "", []string{bodyFile, bodyFile}, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exit, stdout, stderr := cli(t, tt.stdin, append([]string{"request"}, tt.args...)...)
			if exit != tt.exit {
				t.Fatalf("exit %d, want %d; stdout %q stderr %q", exit, tt.exit, stdout, stderr)
			}
			if tt.exit == 1 {
				if got := errorCode(t, stdout); got != tt.code {
					t.Errorf("errorCode %d, want %d", got, tt.code)
				}
			} else if stderr == "" {
				t.Error("usage error with nothing on stderr")
			}
		})
	}
}
