package campaign

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // decodes JPEG headers for image.DecodeConfig
	_ "image/png"  // decodes PNG headers
)

// Media is what verification learnt about an uploaded file.
type Media struct {
	Width, Height int
	DurationMs    int
}

// Image size limits: the platforms' smallest useful and largest accepted.
const (
	MinImageSide = 600
	MaxImageSide = 30000
	// MaxVideoMs is the longest video we accept (Meta feed video: 241 minutes).
	MaxVideoMs = 241 * 60 * 1000
)

// ErrNotWhatItClaims: the bytes are not of the declared type.
var ErrNotWhatItClaims = errors.New("the file is not what its content type says")

// Verify checks an upload's bytes against its declared content type: the
// magic bytes, an image's decoded size, a video's container and, when its
// movie header is within head or tail, its duration. head is the file's
// first bytes (at least 64 KiB, or all of it), tail its last ones.
func Verify(contentType string, size int64, head, tail []byte) (Media, error) {
	if max := MaxBytes(contentType); max == 0 {
		return Media{}, fmt.Errorf("content type %q is not accepted", contentType)
	} else if size > max {
		return Media{}, fmt.Errorf("the file has %d bytes; %s files may have at most %d", size, contentType, max)
	}
	if size == 0 {
		return Media{}, errors.New("the file is empty")
	}
	switch contentType {
	case "image/png", "image/jpeg":
		magic := map[string][]byte{"image/png": []byte("\x89PNG\r\n\x1a\n"), "image/jpeg": {0xFF, 0xD8, 0xFF}}[contentType]
		if !bytes.HasPrefix(head, magic) {
			return Media{}, ErrNotWhatItClaims
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(head))
		if err != nil || "image/"+format != contentType {
			return Media{}, fmt.Errorf("%w: its image header does not decode", ErrNotWhatItClaims)
		}
		if min(cfg.Width, cfg.Height) < MinImageSide || max(cfg.Width, cfg.Height) > MaxImageSide {
			return Media{}, fmt.Errorf("the image is %dx%d; each side must be %d-%d pixels", cfg.Width, cfg.Height, MinImageSide, MaxImageSide)
		}
		return Media{Width: cfg.Width, Height: cfg.Height}, nil
	default:
		if len(head) < 12 || string(head[4:8]) != "ftyp" {
			return Media{}, fmt.Errorf("%w: no ISO media file type box", ErrNotWhatItClaims)
		}
		brand := string(head[8:12])
		if (contentType == "video/quicktime") != (brand == "qt  ") {
			return Media{}, fmt.Errorf("%w: the container's brand is %q", ErrNotWhatItClaims, brand)
		}
		m := Media{DurationMs: -1}
		for _, b := range [][]byte{head, tail} {
			if d, ok := mvhdDuration(b); ok {
				m.DurationMs = d
				break
			}
		}
		if m.DurationMs == 0 || m.DurationMs > MaxVideoMs {
			return Media{}, fmt.Errorf("the video lasts %d ms; it must last up to %d minutes", m.DurationMs, MaxVideoMs/60000)
		}
		if m.DurationMs < 0 {
			m.DurationMs = 0 // unknown: the movie header is in the middle of a large file
		}
		return m, nil
	}
}

// mvhdDuration finds a movie header box and returns its duration.
func mvhdDuration(b []byte) (int, bool) {
	i := bytes.Index(b, []byte("mvhd"))
	if i < 4 || len(b) < i+4+1+3+28 {
		return 0, false
	}
	p := b[i+4:]
	version := p[0]
	p = p[4:]
	var scale, dur uint64
	if version == 1 {
		if len(p) < 28 {
			return 0, false
		}
		scale, dur = uint64(binary.BigEndian.Uint32(p[16:20])), binary.BigEndian.Uint64(p[20:28])
	} else {
		scale, dur = uint64(binary.BigEndian.Uint32(p[8:12])), uint64(binary.BigEndian.Uint32(p[12:16]))
	}
	if scale == 0 {
		return 0, false
	}
	return int(dur * 1000 / scale), true
}
