// blobpack compresses standard input into a blob with blobd's codecs: the benchmark's third main
// package, sharing blobd's store package and its dependencies (uuid, xz, lz4).
package main

import (
	"flag"
	"fmt"
	"log"
	"os"

	"example.com/blobd/store"
	"github.com/google/uuid"
)

var version = "dev"

func main() {
	codecName := flag.String("codec", "lz4", "xz, lz4 or gzip")
	flag.Parse()
	codec, err := store.NewCodec(*codecName)
	if err != nil {
		log.Fatal(err)
	}
	s := store.New(codec, map[string]int64{"cli": 1 << 30})
	blob, err := s.Put("cli", os.Stdin)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "blobpack %s: %s (%s) as %s\n", version, blob.ID, codec.Name(), uuid.NewString())
	if _, err := s.Get(blob.ID, os.Stdout); err != nil {
		log.Fatal(err)
	}
}
