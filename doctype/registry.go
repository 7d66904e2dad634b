package doctype

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
)

//go:embed templates/*.json
var templateFS embed.FS

// Registry is a table of templates. The zero value is empty and ready to use;
// it is safe for concurrent use.
type Registry struct {
	mu       sync.RWMutex
	specific map[string][]*Template // COUNTRY|idType → templates (any format)
	generic  map[string]*Template   // format|side → generic ICAO template
	names    map[string]bool
}

// Register adds t to the registry. A template with a country and idType is
// specific; one without is the generic template for its format. Names must be
// unique, and there is one generic template per format and side.
func (r *Registry) Register(t *Template) error {
	if t == nil {
		return fmt.Errorf("doctype: Register of nil template")
	}
	if err := t.Validate(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.names == nil {
		r.names = map[string]bool{}
		r.specific = map[string][]*Template{}
		r.generic = map[string]*Template{}
	}
	if r.names[t.Name] {
		return &TemplateError{Template: t.Name, Msg: "already registered"}
	}
	switch {
	case len(t.Countries) > 0:
		for _, c := range t.Countries {
			k := key(c, t.IDType)
			r.specific[k] = append(r.specific[k], t)
		}
	case t.Country == "":
		g := t.Format + "|" + t.Side
		if _, dup := r.generic[g]; dup {
			return &TemplateError{Template: t.Name, Msg: "a generic " + t.Side + " template for " + t.Format + " is already registered"}
		}
		r.generic[g] = t
	default:
		k := key(t.Country, t.IDType)
		r.specific[k] = append(r.specific[k], t)
	}
	r.names[t.Name] = true
	return nil
}

func key(country, idType string) string {
	return strings.ToUpper(strings.TrimSpace(country)) + "|" + strings.TrimSpace(idType)
}

// Lookup returns the template for a document: the specific template
// registered for country and idType whose format is format, else the
// generic ICAO template for format (the MRZ format's name,
// mrz.Format.String(): "TD3", "TD2", "TD1", "MRVA", "MRVB"), else the
// specific template that names no format (a document without an MRZ), else
// false. Only front-side templates are returned; see LookupSide.
func (r *Registry) Lookup(country, idType, format string) (*Template, bool) {
	return r.LookupSide(country, idType, format, "front")
}

// LookupSide is Lookup for the given side, "front" or "back".
func (r *Registry) LookupSide(country, idType, format, side string) (*Template, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var anyFormat *Template
	for _, t := range r.specific[key(country, idType)] {
		if t.Side != side {
			continue
		}
		if t.Format == format && format != "" {
			return t, true
		}
		if t.Format == "" && anyFormat == nil {
			anyFormat = t
		}
	}
	// A specific template that names no format describes a document
	// without an MRZ (a resident card, a licence): when an MRZ was read,
	// the document in hand is another of that country's (a TD2 identity
	// card sent as government_id), and the generic template of the
	// format read describes it better.
	if t, ok := r.generic[format+"|"+side]; ok && format != "" {
		return t, true
	}
	if anyFormat != nil {
		return anyFormat, true
	}
	return nil, false
}

// Generic returns the generic ICAO template for an MRZ format and side.
func (r *Registry) Generic(format, side string) (*Template, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	t, ok := r.generic[format+"|"+side]
	return t, ok
}

// Templates returns every registered template, sorted by name.
func (r *Registry) Templates() []*Template {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []*Template
	seen := map[*Template]bool{}
	for _, ts := range r.specific {
		for _, t := range ts {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	for _, t := range r.generic {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// LoadFS parses and registers every *.json file in dir of fsys.
func (r *Registry) LoadFS(fsys fs.FS, dir string) error {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return fmt.Errorf("doctype: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return fmt.Errorf("doctype: %w", err)
		}
		t, err := ParseTemplate(data)
		if err != nil {
			return fmt.Errorf("%w (file %s)", err, e.Name())
		}
		if err := r.Register(t); err != nil {
			return fmt.Errorf("%w (file %s)", err, e.Name())
		}
	}
	return nil
}

// NewBuiltin returns a new registry holding the embedded templates.
func NewBuiltin() (*Registry, error) {
	r := new(Registry)
	if err := r.LoadFS(templateFS, "templates"); err != nil {
		return nil, err
	}
	return r, nil
}

var (
	builtinOnce sync.Once
	builtin     *Registry
)

// Default returns the registry of the embedded templates, loaded on first
// use. The embedded files are checked by the package's tests, so a failure to
// load them is a build defect and panics.
func Default() *Registry {
	builtinOnce.Do(func() {
		r, err := NewBuiltin()
		if err != nil {
			panic(err)
		}
		builtin = r
	})
	return builtin
}

// Register adds t to the default registry.
func Register(t *Template) error { return Default().Register(t) }

// Lookup finds a front-side template in the default registry; see
// Registry.Lookup.
func Lookup(country, idType, format string) (*Template, bool) {
	return Default().Lookup(country, idType, format)
}
