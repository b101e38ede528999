// blobd is a small blob server: the benchmark's bigger program, with real dependencies
// (toml, go-cmp, uuid, gorilla/mux, go-humanize, goldmark, xz, lz4).
package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"runtime"
	"sort"

	"example.com/blobd/config"
	"example.com/blobd/store"
	"github.com/dustin/go-humanize"
	"github.com/gorilla/mux"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

//go:embed README.md
var readme []byte

var version = "dev"

func main() {
	configPath := flag.String("config", "", "TOML configuration file")
	check := flag.Bool("check", false, "print the effective configuration and exit")
	flag.Parse()

	cfg, err := config.Load(*configPath)
	if err != nil {
		log.Fatal(err)
	}
	if *check {
		text, err := cfg.Encode()
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("# blobd %s (%s/%s)\n%s", version, runtime.GOOS, runtime.GOARCH, text)
		if diff := config.Diff(config.Default, cfg); diff != "" {
			fmt.Printf("# changed from the defaults:\n%s", diff)
		}
		return
	}
	codec, err := store.NewCodec(cfg.Codec)
	if err != nil {
		log.Fatal(err)
	}
	quotas := map[string]int64{}
	for _, t := range cfg.Tenants {
		quotas[t.Name] = t.Quota
	}
	s := store.New(codec, quotas)
	server := &http.Server{Addr: cfg.Listen, Handler: routes(s, cfg), ReadTimeout: cfg.ReadTimeout}
	log.Printf("blobd %s listening on %s (%s, blobs up to %s)", version, cfg.Listen, cfg.Codec, humanize.IBytes(uint64(cfg.MaxBlob)))
	log.Fatal(server.ListenAndServe())
}

func routes(s *store.Store, cfg config.Config) http.Handler {
	r := mux.NewRouter()
	var page bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert(readme, &page); err != nil {
		log.Fatal(err)
	}
	r.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page.Bytes())
	}).Methods("GET")
	r.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok\n") }).Methods("GET")
	r.HandleFunc("/v1/{tenant}/blobs", func(w http.ResponseWriter, req *http.Request) {
		b, err := s.Put(mux.Vars(req)["tenant"], http.MaxBytesReader(w, req.Body, cfg.MaxBlob))
		if err != nil {
			fail(w, err)
			return
		}
		w.WriteHeader(http.StatusCreated)
		writeJSON(w, b)
	}).Methods("POST")
	r.HandleFunc("/v1/blobs/{id}", func(w http.ResponseWriter, req *http.Request) {
		if _, err := s.Get(mux.Vars(req)["id"], w); err != nil {
			fail(w, err)
		}
	}).Methods("GET")
	r.HandleFunc("/v1/blobs/{id}", func(w http.ResponseWriter, req *http.Request) {
		if err := s.Delete(mux.Vars(req)["id"]); err != nil {
			fail(w, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}).Methods("DELETE")
	r.HandleFunc("/v1/usage", func(w http.ResponseWriter, _ *http.Request) {
		usage := s.Usage()
		tenants := make([]string, 0, len(usage))
		for t := range usage {
			tenants = append(tenants, t)
		}
		sort.Strings(tenants)
		out := make([]map[string]string, 0, len(tenants))
		for _, t := range tenants {
			out = append(out, map[string]string{"tenant": t, "used": humanize.IBytes(uint64(usage[t]))})
		}
		writeJSON(w, out)
	}).Methods("GET")
	return r
}

func fail(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		http.Error(w, err.Error(), http.StatusNotFound)
	case errors.Is(err, store.ErrQuota):
		http.Error(w, err.Error(), http.StatusInsufficientStorage)
	default:
		http.Error(w, err.Error(), http.StatusBadRequest)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
