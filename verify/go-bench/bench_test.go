// Package gobench measures how fast the Go models specsmith generates decode
// JSON, side by side with oapi-codegen's models of the same spec on the same
// bytes. scripts/bench-go-decode.sh generates both model sets next to a copy
// of this file and writes cases_test.go, which fills cases.
package gobench

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// decodeCase is one payload and the two types that decode it.
type decodeCase struct {
	name      string // spec/Type
	payload   string // file under payloads/
	specsmith func([]byte) error
	oapi      func([]byte) error
}

// decodeInto returns a decoder of a fresh T, as a caller decodes a response.
func decodeInto[T any]() func([]byte) error {
	return func(data []byte) error {
		var value T
		return json.Unmarshal(data, &value)
	}
}

func load(tb testing.TB, c decodeCase) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("payloads", c.payload))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// TestDecodes makes sure both model sets accept every payload: a benchmark of
// a decode that fails early would measure nothing.
func TestDecodes(t *testing.T) {
	if len(cases) == 0 {
		t.Fatal("no cases: cases_test.go lists none")
	}
	for _, c := range cases {
		data := load(t, c)
		if err := c.specsmith(data); err != nil {
			t.Errorf("%s: specsmith: %v", c.name, err)
		}
		if err := c.oapi(data); err != nil {
			t.Errorf("%s: oapi-codegen: %v", c.name, err)
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	for _, c := range cases {
		data := load(b, c)
		for _, side := range []struct {
			name   string
			decode func([]byte) error
		}{{"specsmith", c.specsmith}, {"oapi-codegen", c.oapi}} {
			b.Run(c.name+"/"+side.name, func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					if err := side.decode(data); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
