// Package mp4 reads what an MP4 or QuickTime (MOV) file says about itself:
// its brand, duration and the video track's size, from the ftyp, mvhd and
// tkhd boxes (ISO/IEC 14496-12). Generated and uploaded video is checked
// with it before it is recorded: a file that does not parse as this
// container is not video, whatever its name says. Standard library only.
package mp4

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Info is what the container declares.
type Info struct {
	Brand      string // the major brand: "isom", "mp42", "qt  " ...
	DurationMs int
	Width      int // of the first video track
	Height     int
}

// ErrNotMP4 is a file that is not an MP4 or QuickTime container.
var ErrNotMP4 = errors.New("mp4: not an MP4 or QuickTime file")

// Parse reads the container's boxes.
func Parse(b []byte) (Info, error) {
	var in Info
	boxes, err := children(b)
	if err != nil {
		return in, err
	}
	if len(boxes) == 0 || boxes[0].typ != "ftyp" || len(boxes[0].body) < 4 {
		return in, ErrNotMP4
	}
	in.Brand = string(boxes[0].body[:4])
	moov, ok := find(boxes, "moov")
	if !ok {
		return in, fmt.Errorf("%w: no moov box", ErrNotMP4)
	}
	kids, err := children(moov)
	if err != nil {
		return in, err
	}
	mvhd, ok := find(kids, "mvhd")
	if !ok {
		return in, fmt.Errorf("%w: no mvhd box", ErrNotMP4)
	}
	scale, dur, err := movieHeader(mvhd)
	if err != nil {
		return in, err
	}
	if scale > 0 {
		in.DurationMs = int(dur * 1000 / uint64(scale))
	}
	for _, k := range kids {
		if k.typ != "trak" {
			continue
		}
		tk, err := children(k.body)
		if err != nil {
			return in, err
		}
		if h, ok := find(tk, "tkhd"); ok {
			w, ht := trackSize(h)
			if w > 0 && ht > 0 {
				in.Width, in.Height = w, ht
				break
			}
		}
	}
	return in, nil
}

type box struct {
	typ  string
	body []byte
}

// children splits b into boxes: a 32-bit size (1: a 64-bit size follows;
// 0: to the end) and a four-character type.
func children(b []byte) ([]box, error) {
	var out []box
	for len(b) > 0 {
		if len(b) < 8 {
			return nil, fmt.Errorf("%w: truncated box header", ErrNotMP4)
		}
		size, head := uint64(binary.BigEndian.Uint32(b)), uint64(8)
		typ := string(b[4:8])
		switch size {
		case 0:
			size = uint64(len(b))
		case 1:
			if len(b) < 16 {
				return nil, fmt.Errorf("%w: truncated box header", ErrNotMP4)
			}
			size, head = binary.BigEndian.Uint64(b[8:]), 16
		}
		if size < head || size > uint64(len(b)) {
			return nil, fmt.Errorf("%w: box %q of %d bytes in %d", ErrNotMP4, typ, size, len(b))
		}
		out = append(out, box{typ, b[head:size]})
		b = b[size:]
	}
	return out, nil
}

func find(bs []box, typ string) ([]byte, bool) {
	for _, b := range bs {
		if b.typ == typ {
			return b.body, true
		}
	}
	return nil, false
}

func movieHeader(b []byte) (scale uint32, dur uint64, err error) {
	if len(b) < 20 {
		return 0, 0, fmt.Errorf("%w: short mvhd", ErrNotMP4)
	}
	if b[0] == 1 {
		if len(b) < 32 {
			return 0, 0, fmt.Errorf("%w: short mvhd", ErrNotMP4)
		}
		return binary.BigEndian.Uint32(b[20:]), binary.BigEndian.Uint64(b[24:]), nil
	}
	return binary.BigEndian.Uint32(b[12:]), uint64(binary.BigEndian.Uint32(b[16:])), nil
}

// trackSize reads tkhd's width and height (16.16 fixed point, the last
// eight bytes of the box).
func trackSize(b []byte) (w, h int) {
	want := 84
	if len(b) > 0 && b[0] == 1 {
		want = 96
	}
	if len(b) < want {
		return 0, 0
	}
	return int(binary.BigEndian.Uint32(b[want-8:]) >> 16), int(binary.BigEndian.Uint32(b[want-4:]) >> 16)
}

// Header writes the boxes Parse reads, for a file of the given size and
// duration with no media samples: the local Bedrock runtime in tests and
// the ad-platform simulator use it to stand in for a rendered video.
func Header(w, h, durationMs int) []byte {
	be := binary.BigEndian
	mk := func(typ string, body ...[]byte) []byte {
		n := 8
		for _, p := range body {
			n += len(p)
		}
		out := make([]byte, 8, n)
		be.PutUint32(out, uint32(n))
		copy(out[4:], typ)
		for _, p := range body {
			out = append(out, p...)
		}
		return out
	}
	ftyp := mk("ftyp", []byte("isom\x00\x00\x02\x00isomiso2mp41"))
	mvhd := make([]byte, 100)
	be.PutUint32(mvhd[12:], 1000)
	be.PutUint32(mvhd[16:], uint32(durationMs))
	be.PutUint32(mvhd[20:], 0x00010000) // rate 1.0
	be.PutUint16(mvhd[24:], 0x0100)     // volume 1.0
	be.PutUint32(mvhd[96:], 2)          // next track ID
	tkhd := make([]byte, 84)
	tkhd[3] = 3 // enabled, in movie
	be.PutUint32(tkhd[12:], 1)
	be.PutUint32(tkhd[20:], uint32(durationMs))
	be.PutUint32(tkhd[76:], uint32(w)<<16)
	be.PutUint32(tkhd[80:], uint32(h)<<16)
	return append(ftyp, mk("moov", mk("mvhd", mvhd), mk("trak", mk("tkhd", tkhd)))...)
}
