package mp4

import (
	"encoding/binary"
	"errors"
	"testing"
)

func TestParseHeader(t *testing.T) {
	in, err := Parse(append(Header(1280, 720, 6000), 0, 0, 0, 8, 'm', 'd', 'a', 't'))
	if err != nil {
		t.Fatal(err)
	}
	if in != (Info{Brand: "isom", DurationMs: 6000, Width: 1280, Height: 720}) {
		t.Fatalf("%+v", in)
	}
}

// TestRefusesWhatIsNotMP4: a PNG, a truncated file, a box that claims more
// than the file holds, and an ftyp without a movie are all refused.
func TestRefusesWhatIsNotMP4(t *testing.T) {
	good := Header(640, 640, 3000)
	huge := append([]byte(nil), good...)
	binary.BigEndian.PutUint32(huge[len(good)-100:], 1<<30)
	for name, b := range map[string][]byte{
		"png":       []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
		"truncated": good[:len(good)-3],
		"oversize":  huge,
		"no moov":   good[:24],
		"empty":     nil,
	} {
		if _, err := Parse(b); !errors.Is(err, ErrNotMP4) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestLargeSizeAndVersion1(t *testing.T) {
	// A 64-bit-sized mdat before the movie box and a version-1 mvhd.
	mdat := make([]byte, 16+4)
	binary.BigEndian.PutUint32(mdat, 1)
	copy(mdat[4:], "mdat")
	binary.BigEndian.PutUint64(mdat[8:], uint64(len(mdat)))
	mvhd := make([]byte, 8+112)
	binary.BigEndian.PutUint32(mvhd, uint32(len(mvhd)))
	copy(mvhd[4:], "mvhd")
	mvhd[8] = 1
	binary.BigEndian.PutUint32(mvhd[8+20:], 600)
	binary.BigEndian.PutUint64(mvhd[8+24:], 600*90)
	moov := append([]byte{0, 0, 0, byte(8 + len(mvhd)), 'm', 'o', 'o', 'v'}, mvhd...)
	b := append(append(Header(1, 1, 1)[:28], mdat...), moov...)
	in, err := Parse(b)
	if err != nil || in.DurationMs != 90000 {
		t.Fatalf("%+v %v", in, err)
	}
}
