//! What an image file is and how large it says it is, read from its header bytes alone, before
//! anything decodes it: the gate for the images a person drops into the Train view, which the
//! page then decodes with the browser (`createImageBitmap`).
//!
//! PNG (signature and IHDR, with its checksum), GIF (logical screen descriptor and, if it is within
//! reach, the first image descriptor), JPEG (its markers walked, bounded, to the first frame
//! header SOFn) and WebP (RIFF with a VP8, VP8L or VP8X chunk) are read; everything else is refused,
//! named when it is recognisable (an SVG, a program, an archive, another image format). So is an
//! image with a side of 0, a side over 4096 pixels, or a header that claims more than 4096 × 4096
//! pixels in all (a decompression bomb), and one whose file is cut short: its header, or its end
//! (a PNG must end with IEND, a GIF with its trailer, a JPEG with its end-of-image marker, a WebP
//! must be as long as its RIFF header says). Nothing here panics on any bytes.
//!
//! A file is read as its first [`HEAD_BYTES`] and its last [`TAIL_BYTES`] and its length
//! ([`FileEnds`]), so that a large file need not be copied whole into wasm memory.

use std::fmt;

use serde::Serialize;
use thiserror::Error;

use crate::input::raster::MAX_SIDE;

/// The most pixels an accepted image may have: a 4096 × 4096 square.
pub const MAX_PIXELS: u64 = (MAX_SIDE as u64) * (MAX_SIDE as u64);

/// How much of a file's beginning is read: a JPEG's frame header must lie within it (a camera's
/// EXIF thumbnail and colour profile take well under this).
pub const HEAD_BYTES: usize = 1 << 20;

/// How much of a file's end is read: where a PNG's IEND, a GIF's trailer, a JPEG's end marker are.
pub const TAIL_BYTES: usize = 4096;

/// The formats accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    Png,
    Jpeg,
    Webp,
    Gif,
}

impl fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self {
            ImageFormat::Png => "PNG",
            ImageFormat::Jpeg => "JPEG",
            ImageFormat::Webp => "WebP",
            ImageFormat::Gif => "GIF",
        })
    }
}

/// An accepted image's format and size in pixels, from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImageHeader {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

/// Why a file is not an image the page decodes.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SniffError {
    #[error("the file is empty (0 bytes)")]
    Empty,
    #[error(
        "SVG images are not accepted: an SVG is a drawing described in text, which only a browser's \
         renderer could turn into pixels; save it as a PNG first"
    )]
    Svg,
    #[error("this is {0}, not an image")]
    NotAnImage(&'static str),
    #[error("{0} images are not accepted: only PNG, JPEG, WebP and GIF")]
    OtherImage(&'static str),
    #[error("this is not a PNG, JPEG, WebP or GIF image: it begins with the bytes {0}")]
    Unknown(String),
    #[error("the {format} file is truncated: it has {found} bytes, and its header needs {needed}")]
    TruncatedHeader { format: ImageFormat, needed: u64, found: u64 },
    #[error("the {format} file is truncated: {reason}")]
    Truncated { format: ImageFormat, reason: String },
    #[error("the {format} file's header is damaged: {reason}")]
    Damaged { format: ImageFormat, reason: String },
    #[error("the image is {width} × {height} pixels: a side of 0 pixels holds no image")]
    ZeroSide { width: u32, height: u32 },
    #[error("the image is {width} × {height} pixels: at most {MAX_SIDE} pixels a side are accepted")]
    TooLarge { width: u32, height: u32 },
    #[error(
        "the image's header claims {width} × {height} pixels ({} million), more than the {MAX_SIDE} × {MAX_SIDE} \
         accepted: refused before decoding, as a decompression bomb would be", megapixels(*.width, *.height)
    )]
    Bomb { width: u32, height: u32 },
}

fn megapixels(width: u32, height: u32) -> u64 {
    (u64::from(width) * u64::from(height)).div_ceil(1_000_000)
}

/// What the sniff reads of a file: its beginning, its end, and its length in bytes.
#[derive(Debug, Clone, Copy)]
pub struct FileEnds<'a> {
    /// The file's first bytes (all of them, or at least [`HEAD_BYTES`]).
    pub head: &'a [u8],
    /// The file's last bytes (all of them, or at least [`TAIL_BYTES`]).
    pub tail: &'a [u8],
    /// The file's length; at least `head`'s and `tail`'s (a smaller figure is read as theirs).
    pub len: u64,
}

impl<'a> FileEnds<'a> {
    /// The ends of a whole file in memory.
    pub fn whole(bytes: &'a [u8]) -> FileEnds<'a> {
        let head = &bytes[..bytes.len().min(HEAD_BYTES)];
        let tail = &bytes[bytes.len() - bytes.len().min(TAIL_BYTES)..];
        FileEnds { head, tail, len: bytes.len() as u64 }
    }

    fn len(&self) -> u64 {
        self.len.max(self.head.len() as u64).max(self.tail.len() as u64)
    }

    /// Whether `head` is the whole file.
    fn head_is_whole(&self) -> bool {
        self.head.len() as u64 >= self.len()
    }
}

/// The format and size of an image file, or why it is refused, from its header alone.
pub fn sniff_image(file: &FileEnds) -> Result<ImageHeader, SniffError> {
    if file.len() == 0 {
        return Err(SniffError::Empty);
    }
    let head = file.head;
    let (format, width, height) = if starts_like(head, PNG_SIGNATURE) {
        png(file)?
    } else if starts_like(head, b"GIF87a") || starts_like(head, b"GIF89a") {
        gif(file)?
    } else if starts_like(head, &[0xFF, 0xD8, 0xFF]) {
        jpeg(file)?
    } else if starts_like(head, b"RIFF") && (head.len() < 12 || &head[8..12] == b"WEBP") {
        webp(file)?
    } else {
        return Err(not_an_image(head));
    };
    check_size(format, width, height)
}

/// Whether `head` begins with `magic`, or with two or more of its bytes and then ends (a file
/// cut inside its magic).
fn starts_like(head: &[u8], magic: &[u8]) -> bool {
    let n = head.len().min(magic.len());
    n >= 2.min(magic.len()) && head[..n] == magic[..n]
}

fn check_size(format: ImageFormat, width: u32, height: u32) -> Result<ImageHeader, SniffError> {
    if width == 0 || height == 0 {
        Err(SniffError::ZeroSide { width, height })
    } else if u64::from(width) * u64::from(height) > MAX_PIXELS {
        Err(SniffError::Bomb { width, height })
    } else if width as usize > MAX_SIDE || height as usize > MAX_SIDE {
        Err(SniffError::TooLarge { width, height })
    } else {
        Ok(ImageHeader { format, width, height })
    }
}

/// The bytes at `at..at + N` of the head, if it has them.
fn bytes<const N: usize>(head: &[u8], at: usize) -> Option<[u8; N]> {
    head.get(at..at.checked_add(N)?)?.try_into().ok()
}

fn damaged(format: ImageFormat, reason: impl Into<String>) -> SniffError {
    SniffError::Damaged { format, reason: reason.into() }
}

/// The header needs `needed` bytes: a file shorter than that is truncated.
fn need(file: &FileEnds, format: ImageFormat, needed: usize) -> Result<(), SniffError> {
    if file.head.len() < needed {
        return Err(SniffError::TruncatedHeader { format, needed: needed as u64, found: file.len() });
    }
    Ok(())
}

/// The tail with trailing zero bytes (padding some writers add) taken off.
fn tail_without_padding<'a>(file: &FileEnds<'a>) -> &'a [u8] {
    let end = file.tail.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    &file.tail[..end]
}

const PNG_SIGNATURE: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// The chunk that ends every PNG: length 0, `IEND`, its CRC.
const PNG_IEND: &[u8] = &[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82];

/// Signature, then the IHDR chunk: length 13, `IHDR`, width and height (big-endian u32), bit
/// depth, colour type, compression, filter, interlace, CRC. (PNG specification, 5.2 and 11.2.2.)
fn png(file: &FileEnds) -> Result<(ImageFormat, u32, u32), SniffError> {
    let format = ImageFormat::Png;
    need(file, format, 33)?;
    let head = file.head;
    if head[..8] != *PNG_SIGNATURE {
        return Err(damaged(format, "its signature is incomplete"));
    }
    if head[8..16] != [0, 0, 0, 13, b'I', b'H', b'D', b'R'] {
        return Err(damaged(format, "its first chunk is not the 13-byte IHDR"));
    }
    let stored = u32::from_be_bytes([head[29], head[30], head[31], head[32]]);
    if crc32(&head[12..29]) != stored {
        return Err(damaged(format, "its IHDR chunk's checksum is wrong"));
    }
    if !file.tail.windows(PNG_IEND.len()).any(|w| w == PNG_IEND) {
        return Err(SniffError::Truncated { format, reason: "it does not end with its IEND chunk".into() });
    }
    let width = u32::from_be_bytes([head[16], head[17], head[18], head[19]]);
    let height = u32::from_be_bytes([head[20], head[21], head[22], head[23]]);
    Ok((format, width, height))
}

/// CRC-32 (ISO 3309, as PNG uses it), bit by bit: it runs over 17 bytes.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Most GIF blocks walked before the first image: far more than any encoder writes.
const MAX_GIF_BLOCKS: usize = 10_000;

/// `GIF87a`/`GIF89a`, the logical screen descriptor (width and height little-endian u16, flags),
/// its global colour table, then extension blocks up to the first image descriptor (position and
/// size of the first frame). The size reported covers both the screen and that frame, which may
/// reach beyond it: a decoder allocates for both. (GIF89a specification, 17–20.)
fn gif(file: &FileEnds) -> Result<(ImageFormat, u32, u32), SniffError> {
    let format = ImageFormat::Gif;
    need(file, format, 13)?;
    let head = file.head;
    let le16 = |at: usize| bytes::<2>(head, at).map(|b| u32::from(u16::from_le_bytes(b)));
    let (mut width, mut height) = (le16(6).unwrap_or(0), le16(8).unwrap_or(0));
    let flags = head[10];
    let mut at = 13 + if flags & 0x80 != 0 { 3 << ((flags & 7) + 1) } else { 0 };
    let cut_short = || SniffError::Truncated { format, reason: "it ends before its first image".into() };
    let mut frame = None;
    for _ in 0..MAX_GIF_BLOCKS {
        let Some(&introducer) = head.get(at) else {
            // Beyond what was read: the screen's size stands, unless the file itself ends here.
            if file.head_is_whole() {
                return Err(cut_short());
            }
            break;
        };
        match introducer {
            0x2C => {
                let (Some(left), Some(top), Some(w), Some(h)) =
                    (le16(at + 1), le16(at + 3), le16(at + 5), le16(at + 7))
                else {
                    return Err(if file.head_is_whole() {
                        cut_short()
                    } else {
                        damaged(format, "its first image descriptor is cut off")
                    });
                };
                frame = Some((left + w, top + h));
                break;
            }
            0x21 => {
                // Label, then data sub-blocks, each led by its size, up to a size of 0.
                at += 2;
                loop {
                    match head.get(at) {
                        Some(0) => break,
                        Some(&size) => at += 1 + usize::from(size),
                        None => break,
                    }
                }
                at += 1;
            }
            0x3B => return Err(damaged(format, "it has no image before its trailer")),
            other => return Err(damaged(format, format!("a block begins with 0x{other:02X}, which is no GIF block"))),
        }
    }
    if let Some((right, bottom)) = frame {
        (width, height) = (width.max(right), height.max(bottom));
    }
    if tail_without_padding(file).last() != Some(&0x3B) {
        return Err(SniffError::Truncated { format, reason: "it does not end with its trailer (0x3B)".into() });
    }
    Ok((format, width, height))
}

/// Most JPEG markers walked before the frame header.
const MAX_JPEG_MARKERS: usize = 4096;

/// SOI, then marker segments (`FF xx`, a big-endian length that counts itself) up to the first
/// start-of-frame SOFn, whose segment holds the precision, the height and the width (big-endian
/// u16). (ITU-T T.81, B.1 and B.2.)
fn jpeg(file: &FileEnds) -> Result<(ImageFormat, u32, u32), SniffError> {
    let format = ImageFormat::Jpeg;
    need(file, format, 4)?;
    let head = file.head;
    let cut_short = |needed: usize| {
        if file.head_is_whole() {
            SniffError::TruncatedHeader { format, needed: needed as u64, found: file.len() }
        } else {
            damaged(format, format!("its frame header (SOF) is not within its first {} MiB", HEAD_BYTES >> 20))
        }
    };
    let mut at = 2;
    for _ in 0..MAX_JPEG_MARKERS {
        match head.get(at) {
            Some(0xFF) => {}
            Some(other) => {
                return Err(damaged(format, format!("byte {at} is 0x{other:02X} where a marker (0xFF) should be")));
            }
            None => return Err(cut_short(at + 2)),
        }
        // Fill bytes: any number of 0xFF before the marker's code.
        while head.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let Some(&marker) = head.get(at + 1) else { return Err(cut_short(at + 2)) };
        at += 2;
        match marker {
            0x01 | 0xD0..=0xD8 => continue, // no segment: TEM, RSTn, SOI
            0xD9 => return Err(damaged(format, "it ends (EOI) before its frame header (SOF)")),
            0xDA => return Err(damaged(format, "its image data (SOS) begins before its frame header (SOF)")),
            0x00 => return Err(damaged(format, format!("byte {} is a stuffed 0x00 outside image data", at - 1))),
            _ => {}
        }
        let Some(length) = bytes::<2>(head, at).map(|b| usize::from(u16::from_be_bytes(b))) else {
            return Err(cut_short(at + 2));
        };
        if length < 2 {
            return Err(damaged(format, format!("a segment at byte {at} has the length {length}")));
        }
        let is_frame_header = matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF);
        if is_frame_header {
            if length < 8 {
                return Err(damaged(format, format!("its frame header is {length} bytes long")));
            }
            let (Some(height), Some(width)) = (bytes::<2>(head, at + 3), bytes::<2>(head, at + 5)) else {
                return Err(cut_short(at + 7));
            };
            if tail_without_padding(file).ends_with(&[0xFF, 0xD9]) {
                return Ok((format, u16::from_be_bytes(width).into(), u16::from_be_bytes(height).into()));
            }
            return Err(SniffError::Truncated {
                format,
                reason: "it does not end with its end-of-image marker (FF D9): it is cut short, or has other \
                         data after the image (a motion photo's video?)"
                    .into(),
            });
        }
        at += length;
    }
    Err(damaged(format, format!("no frame header (SOF) among its first {MAX_JPEG_MARKERS} markers")))
}

/// `RIFF`, the file's length less 8 (little-endian u32), `WEBP`, then the first chunk: `VP8 `
/// (lossy: a key frame's start code 9D 01 2A, then 14-bit width and height), `VP8L` (lossless:
/// signature 0x2F, then 14-bit width − 1 and height − 1) or `VP8X` (extended: 24-bit canvas width
/// − 1 and height − 1). (RFC 9649, 2 and 5.)
fn webp(file: &FileEnds) -> Result<(ImageFormat, u32, u32), SniffError> {
    let format = ImageFormat::Webp;
    need(file, format, 30)?;
    let head = file.head;
    let le = |at: usize, n: usize| head[at..at + n].iter().rev().fold(0u32, |v, &b| (v << 8) | u32::from(b));
    let riff_length = u64::from(le(4, 4)) + 8;
    if riff_length < 20 {
        return Err(damaged(format, format!("its RIFF header says the file has {riff_length} bytes")));
    }
    if riff_length > file.len() {
        let reason = format!("its RIFF header says it has {riff_length} bytes, and the file has {}", file.len());
        return Err(SniffError::Truncated { format, reason });
    }
    let data = 20;
    let (width, height) = match &head[12..16] {
        b"VP8 " => {
            if head[data] & 1 != 0 || head[data + 3..data + 6] != [0x9D, 0x01, 0x2A] {
                return Err(damaged(format, "its VP8 chunk does not begin with a key frame"));
            }
            (le(data + 6, 2) & 0x3FFF, le(data + 8, 2) & 0x3FFF)
        }
        b"VP8L" => {
            let bits = le(data + 1, 4);
            if head[data] != 0x2F || bits >> 29 != 0 {
                return Err(damaged(format, "its VP8L chunk has no lossless signature"));
            }
            ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        }
        b"VP8X" => (le(data + 4, 3) + 1, le(data + 7, 3) + 1),
        other => {
            let name: String =
                other.iter().map(|&b| if b.is_ascii_graphic() || b == b' ' { b as char } else { '?' }).collect();
            return Err(damaged(format, format!("its first chunk is `{name}`, not VP8, VP8L or VP8X")));
        }
    };
    Ok((format, width, height))
}

/// Why a file that is none of the four formats is refused: what it is, if that shows.
fn not_an_image(head: &[u8]) -> SniffError {
    let starts = |magic: &[u8]| head.starts_with(magic);
    let at = |offset: usize, magic: &[u8]| head.get(offset..offset + magic.len()) == Some(magic);
    let program = |what| SniffError::NotAnImage(what);
    let other = |what| SniffError::OtherImage(what);
    match () {
        _ if starts(b"MZ") => program("a Windows program (MZ)"),
        _ if starts(b"\x7FELF") => program("a Linux program (ELF)"),
        _ if [
            &[0xFE, 0xED, 0xFA, 0xCE],
            &[0xFE, 0xED, 0xFA, 0xCF],
            &[0xCE, 0xFA, 0xED, 0xFE],
            &[0xCF, 0xFA, 0xED, 0xFE],
        ]
        .iter()
        .any(|m| starts(&m[..])) =>
        {
            program("a macOS program (Mach-O)")
        }
        _ if starts(&[0xCA, 0xFE, 0xBA, 0xBE]) => program("a program (a macOS universal binary or a Java class)"),
        _ if starts(b"\0asm") => program("a WebAssembly module"),
        _ if starts(b"#!") => program("a script (#!)"),
        _ if starts(b"%PDF") => program("a PDF document"),
        _ if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") => program("a ZIP archive (or a document packed as one)"),
        _ if starts(&[0x1F, 0x8B]) => program("a gzip-compressed file"),
        _ if starts(b"Rar!\x1A\x07") => program("a RAR archive"),
        _ if starts(&[b'7', b'z', 0xBC, 0xAF, 0x27, 0x1C]) => program("a 7-Zip archive"),
        _ if starts(b"RIFF") && at(8, b"WAVE") => program("a WAV sound"),
        _ if starts(b"RIFF") && at(8, b"AVI ") => program("an AVI video"),
        _ if starts(b"OggS") => program("an Ogg sound or video"),
        _ if starts(b"fLaC") => program("a FLAC sound"),
        _ if starts(b"ID3") => program("an MP3 sound"),
        _ if at(4, b"ftyp") && [&b"avif"[..], b"avis"].iter().any(|brand| at(8, brand)) => other("AVIF"),
        _ if at(4, b"ftyp") && [&b"heic"[..], b"heix", b"hevc", b"mif1", b"msf1"].iter().any(|brand| at(8, brand)) => {
            other("HEIC")
        }
        _ if at(4, b"ftyp") => program("a video (MP4 or QuickTime)"),
        _ if starts(b"BM") && head.get(14).is_some_and(|&size| [12, 40, 52, 56, 64, 108, 124].contains(&size)) => {
            other("BMP")
        }
        _ if starts(b"II*\0") || starts(b"MM\0*") => other("TIFF"),
        _ if starts(&[0, 0, 1, 0]) => other("ICO"),
        _ if starts(&[0xFF, 0x0A]) || starts(b"\0\0\0\x0CJXL \r\n\x87\n") => other("JPEG XL"),
        _ if starts(b"8BPS") => other("Photoshop (PSD)"),
        _ if starts(b"qoif") => other("QOI"),
        _ => text_or_unknown(head),
    }
}

/// SVG and other text: XML, HTML, or plain text; otherwise the first bytes, in hex.
fn text_or_unknown(head: &[u8]) -> SniffError {
    let start = &head[..head.len().min(4096)];
    let text = match start {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        _ => String::from_utf8_lossy(start).into_owned(),
    };
    let lower = text.trim_start().to_ascii_lowercase(); // the tags sought are ASCII: no Unicode tables needed
    if lower.contains("<svg") {
        return SniffError::Svg;
    }
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return SniffError::NotAnImage("an HTML page");
    }
    if lower.starts_with("<?xml") {
        return SniffError::NotAnImage("an XML document");
    }
    let printable = text.chars().filter(|&c| !c.is_control() || c.is_whitespace()).count();
    let is_text = !text.is_empty() && !text.contains('\u{FFFD}') && printable * 20 >= text.chars().count() * 19;
    if is_text {
        return SniffError::NotAnImage("a text file");
    }
    let first: Vec<String> = head.iter().take(8).map(|b| format!("{b:02X}")).collect();
    SniffError::Unknown(first.join(" "))
}

fn utf16(bytes: &[u8], read: fn([u8; 2]) -> u16) -> String {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|pair| read([pair[0], pair[1]])).collect();
    String::from_utf16_lossy(&units)
}
