// blobctl checks a blobd configuration and renders its README as HTML: the benchmark's second main
// package, sharing blobd's packages and dependencies (toml, go-cmp, goldmark, humanize).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"

	"example.com/blobd/config"
	"github.com/dustin/go-humanize"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var version = "dev"

func main() {
	configPath := flag.String("config", "", "TOML configuration file to check")
	markdown := flag.String("render", "", "Markdown file to render as HTML")
	flag.Parse()
	if *markdown != "" {
		text, err := os.ReadFile(*markdown)
		if err != nil {
			log.Fatal(err)
		}
		var html bytes.Buffer
		if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert(text, &html); err != nil {
			log.Fatal(err)
		}
		os.Stdout.Write(html.Bytes())
		return
	}
	cfg, err := config.Load(*configPath)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("blobctl %s: listen %s, codec %s, blobs up to %s\n", version, cfg.Listen, cfg.Codec,
		humanize.IBytes(uint64(cfg.MaxBlob)))
	if diff := config.Diff(config.Default, cfg); diff != "" {
		fmt.Printf("changed from the defaults:\n%s", diff)
	}
}
