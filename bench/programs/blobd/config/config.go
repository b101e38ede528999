// Package config reads blobd's TOML configuration and tells what changed between two of them.
package config

import (
	"fmt"
	"os"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/google/go-cmp/cmp"
)

// Config is blobd's configuration file.
type Config struct {
	Listen      string        `toml:"listen"`
	Codec       string        `toml:"codec"` // xz, lz4 or gzip
	MaxBlob     int64         `toml:"max_blob"`
	ReadTimeout time.Duration `toml:"read_timeout"`
	Tenants     []Tenant      `toml:"tenant"`
}

// Tenant is a namespace of blobs with its own quota.
type Tenant struct {
	Name  string `toml:"name"`
	Quota int64  `toml:"quota"`
}

// Default is used when no file is given.
var Default = Config{Listen: ":8080", Codec: "lz4", MaxBlob: 64 << 20, ReadTimeout: 30 * time.Second}

// Parse reads a configuration from TOML text, on top of Default.
func Parse(text string) (Config, error) {
	c := Default
	if _, err := toml.Decode(text, &c); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return c, c.Validate()
}

// Load reads the configuration file at path, or gives Default when path is empty.
func Load(path string) (Config, error) {
	if path == "" {
		return Default, nil
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return Config{}, err
	}
	return Parse(string(text))
}

// Validate says what is wrong with a configuration, if anything.
func (c Config) Validate() error {
	switch c.Codec {
	case "xz", "lz4", "gzip":
	default:
		return fmt.Errorf("config: codec %q: expected xz, lz4 or gzip", c.Codec)
	}
	if c.MaxBlob <= 0 {
		return fmt.Errorf("config: max_blob must be positive, got %d", c.MaxBlob)
	}
	seen := map[string]bool{}
	for _, t := range c.Tenants {
		if seen[t.Name] {
			return fmt.Errorf("config: tenant %q appears twice", t.Name)
		}
		seen[t.Name] = true
	}
	return nil
}

// Diff describes the change from old to new in a human-readable form ("" when equal).
func Diff(old, new Config) string { return cmp.Diff(old, new) }

// Encode writes a configuration back as TOML.
func (c Config) Encode() (string, error) {
	var b []byte
	w := &byteWriter{&b}
	if err := toml.NewEncoder(w).Encode(c); err != nil {
		return "", err
	}
	return string(b), nil
}

type byteWriter struct{ b *[]byte }

func (w *byteWriter) Write(p []byte) (int, error) { *w.b = append(*w.b, p...); return len(p), nil }
