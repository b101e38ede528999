// hello is the example app of go-mini-action: an HTTP server that fails visibly when its image
// lacks the CA bundle (it verifies a TLS peer at start) or tzdata (it loads a time zone), and says
// whether it may write to /tmp.
package main

import (
	"encoding/json"
	"flag"
	"log"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"time"
)

// version is stamped at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	addr := flag.String("addr", ":8080", "address to listen on")
	ping := flag.String("ping", "", "HTTPS URL to request, with certificate verification, before serving")
	zone := flag.String("tz", "Europe/Berlin", "time zone to report the time in")
	flag.Parse()

	location, err := time.LoadLocation(*zone)
	if err != nil {
		log.Fatalf("cannot load time zone %q (is tzdata in the image?): %v", *zone, err)
	}
	pinged := ""
	if *ping != "" {
		client := &http.Client{Timeout: 10 * time.Second}
		resp, err := client.Get(*ping)
		if err != nil {
			log.Fatalf("TLS request to %s failed (is the CA bundle in the image?): %v", *ping, err)
		}
		resp.Body.Close()
		pinged = resp.Status
	}

	// Programs write temporary files; an image without a writable /tmp breaks them at run time.
	tmp := "writable"
	if f, err := os.CreateTemp("", "hello-"); err != nil {
		tmp = err.Error()
	} else {
		f.Close()
		os.Remove(f.Name())
	}

	http.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{
			"version":  version,
			"platform": runtime.GOOS + "/" + runtime.GOARCH,
			"zone":     location.String(),
			"time":     time.Now().In(location).Format(time.RFC3339),
			"ping":     pinged,
			"uid":      strconv.Itoa(os.Getuid()),
			"tmp":      tmp,
		})
	})
	log.Printf("hello %s (%s/%s) listening on %s", version, runtime.GOOS, runtime.GOARCH, *addr)
	log.Fatal(http.ListenAndServe(*addr, nil))
}
