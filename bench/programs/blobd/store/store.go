// Package store keeps compressed blobs in memory, per tenant, under random IDs.
package store

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/google/uuid"
	"github.com/pierrec/lz4/v4"
	"github.com/ulikunitz/xz"
)

// ErrNotFound is returned for an unknown blob.
var ErrNotFound = errors.New("blob not found")

// ErrQuota is returned when a tenant would exceed its quota.
var ErrQuota = errors.New("quota exceeded")

// Codec compresses and decompresses blobs.
type Codec interface {
	Name() string
	Compress(dst io.Writer, src io.Reader) error
	Decompress(dst io.Writer, src io.Reader) error
}

// NewCodec returns the codec of that name.
func NewCodec(name string) (Codec, error) {
	switch name {
	case "xz":
		return xzCodec{}, nil
	case "lz4":
		return lz4Codec{}, nil
	case "gzip":
		return gzipCodec{}, nil
	}
	return nil, fmt.Errorf("unknown codec %q", name)
}

// compressWith copies src through a compressing writer, closing it to flush the end.
func compressWith(w io.WriteCloser, src io.Reader) error {
	if _, err := io.Copy(w, src); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

type xzCodec struct{}

func (xzCodec) Name() string { return "xz" }
func (xzCodec) Compress(dst io.Writer, src io.Reader) error {
	w, err := xz.NewWriter(dst)
	if err != nil {
		return err
	}
	return compressWith(w, src)
}
func (xzCodec) Decompress(dst io.Writer, src io.Reader) error {
	r, err := xz.NewReader(src)
	if err != nil {
		return err
	}
	_, err = io.Copy(dst, r)
	return err
}

type lz4Codec struct{}

func (lz4Codec) Name() string { return "lz4" }
func (lz4Codec) Compress(dst io.Writer, src io.Reader) error {
	return compressWith(lz4.NewWriter(dst), src)
}
func (lz4Codec) Decompress(dst io.Writer, src io.Reader) error {
	_, err := io.Copy(dst, lz4.NewReader(src))
	return err
}

type gzipCodec struct{}

func (gzipCodec) Name() string { return "gzip" }
func (gzipCodec) Compress(dst io.Writer, src io.Reader) error {
	w, err := gzip.NewWriterLevel(dst, gzip.BestSpeed)
	if err != nil {
		return err
	}
	return compressWith(w, src)
}
func (gzipCodec) Decompress(dst io.Writer, src io.Reader) error {
	r, err := gzip.NewReader(src)
	if err != nil {
		return err
	}
	defer r.Close()
	_, err = io.Copy(dst, r)
	return err
}

// Blob is what the store knows of one blob.
type Blob struct {
	ID         string `json:"id"`
	Tenant     string `json:"tenant"`
	Size       int64  `json:"size"`
	Compressed int64  `json:"compressed"`
}

// Store holds blobs for tenants with quotas (0: unlimited).
type Store struct {
	codec  Codec
	quotas map[string]int64
	mu     sync.RWMutex
	blobs  map[string]stored
	used   map[string]int64
}

type stored struct {
	Blob
	data []byte
}

// New returns an empty store.
func New(codec Codec, quotas map[string]int64) *Store {
	return &Store{codec: codec, quotas: quotas, blobs: map[string]stored{}, used: map[string]int64{}}
}

// Put compresses and keeps a blob, and returns what it stored.
func (s *Store) Put(tenant string, r io.Reader) (Blob, error) {
	var raw bytes.Buffer
	if _, err := io.Copy(&raw, r); err != nil {
		return Blob{}, err
	}
	var packed bytes.Buffer
	size := int64(raw.Len())
	if err := s.codec.Compress(&packed, &raw); err != nil {
		return Blob{}, fmt.Errorf("%s: %w", s.codec.Name(), err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if q := s.quotas[tenant]; q > 0 && s.used[tenant]+int64(packed.Len()) > q {
		return Blob{}, ErrQuota
	}
	b := Blob{ID: uuid.NewString(), Tenant: tenant, Size: size, Compressed: int64(packed.Len())}
	s.blobs[b.ID] = stored{b, packed.Bytes()}
	s.used[tenant] += b.Compressed
	return b, nil
}

// Get writes a blob's original bytes.
func (s *Store) Get(id string, w io.Writer) (Blob, error) {
	s.mu.RLock()
	b, ok := s.blobs[id]
	s.mu.RUnlock()
	if !ok {
		return Blob{}, ErrNotFound
	}
	return b.Blob, s.codec.Decompress(w, bytes.NewReader(b.data))
}

// Delete forgets a blob.
func (s *Store) Delete(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.blobs[id]
	if !ok {
		return ErrNotFound
	}
	delete(s.blobs, id)
	s.used[b.Tenant] -= b.Compressed
	return nil
}

// Usage returns the compressed bytes each tenant uses.
func (s *Store) Usage() map[string]int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make(map[string]int64, len(s.used))
	for k, v := range s.used {
		out[k] = v
	}
	return out
}
