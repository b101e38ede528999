module example.com/blobd

go 1.24

require (
	github.com/BurntSushi/toml v1.4.0
	github.com/dustin/go-humanize v1.0.1
	github.com/google/go-cmp v0.6.0
	github.com/google/uuid v1.6.0
	github.com/gorilla/mux v1.8.1
	github.com/pierrec/lz4/v4 v4.1.18
	github.com/ulikunitz/xz v0.5.6
	github.com/yuin/goldmark v1.7.4
)
