package campaign_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/shared/campaign"
)

// isoFile is an ISO media file: an ftyp box of brand, then a moov box
// whose mvhd says duration/timescale.
func isoFile(brand string, timescale, duration uint32) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, 0, 20})
	b.WriteString("ftyp" + brand)
	b.Write([]byte{0, 0, 2, 0})
	b.WriteString("isom")
	mvhd := make([]byte, 8+4+16)
	copy(mvhd[0:4], []byte{0, 0, 0, byte(len(mvhd) + 8)})
	copy(mvhd[4:8], "mvhd")
	binary.BigEndian.PutUint32(mvhd[8+4+8:], timescale)
	binary.BigEndian.PutUint32(mvhd[8+4+12:], duration)
	b.Write([]byte{0, 0, 0, byte(len(mvhd) + 8)})
	b.WriteString("moov")
	b.Write(mvhd)
	b.Write(make([]byte, 64))
	return b.Bytes()
}

func TestVerify(t *testing.T) {
	var pngB, jpgB, small bytes.Buffer
	png.Encode(&pngB, image.NewGray(image.Rect(0, 0, 1080, 1350)))
	jpeg.Encode(&jpgB, image.NewGray(image.Rect(0, 0, 1080, 1080)), nil)
	png.Encode(&small, image.NewGray(image.Rect(0, 0, 320, 320)))
	for _, c := range []struct {
		name, ct string
		data     []byte
		size     int64
		w, h, ms int
		refused  string
	}{
		{name: "png", ct: "image/png", data: pngB.Bytes(), w: 1080, h: 1350},
		{name: "jpeg", ct: "image/jpeg", data: jpgB.Bytes(), w: 1080, h: 1080},
		{name: "jpeg declared png", ct: "image/png", data: jpgB.Bytes(), refused: "not what its content type says"},
		{name: "png declared jpeg", ct: "image/jpeg", data: pngB.Bytes(), refused: "not what its content type says"},
		{name: "small png", ct: "image/png", data: small.Bytes(), refused: "each side must be"},
		{name: "oversized png", ct: "image/png", data: pngB.Bytes(), size: campaign.MaxImageBytes + 1, refused: "at most"},
		{name: "mp4", ct: "video/mp4", data: isoFile("mp42", 1000, 15000), ms: 15000},
		{name: "mov", ct: "video/quicktime", data: isoFile("qt  ", 600, 1800), ms: 3000},
		{name: "mov declared mp4", ct: "video/mp4", data: isoFile("qt  ", 600, 1800), refused: "brand"},
		{name: "png declared mp4", ct: "video/mp4", data: pngB.Bytes(), refused: "no ISO media"},
		{name: "too long", ct: "video/mp4", data: isoFile("mp42", 1, 5*60*60), refused: "must last"},
		{name: "gif", ct: "image/gif", data: []byte("GIF89a"), refused: "not accepted"},
	} {
		size := c.size
		if size == 0 {
			size = int64(len(c.data))
		}
		m, err := campaign.Verify(c.ct, size, c.data, nil)
		switch {
		case c.refused != "" && (err == nil || !strings.Contains(err.Error(), c.refused)):
			t.Errorf("%s: %v, want refused with %q", c.name, err, c.refused)
		case c.refused == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.refused == "" && (m.Width != c.w || m.Height != c.h || m.DurationMs != c.ms):
			t.Errorf("%s: %+v", c.name, m)
		}
	}
}
