//! The image sniff (`input::image_header`) on real files and on headers written byte by byte.
//!
//! `tests/fixtures/images/` holds tiny real files written by another implementation (Pillow 13:
//! a 3×2 PNG, a 5×4 JPEG with EXIF, a progressive one, a 40×30 JPEG with EXIF and a 5 KB colour
//! profile, 7×3 lossy and lossless WebP, a 9×4 animated WebP (VP8X), a 6×5 GIF and an animated
//! one). The rest are built here from the formats' specifications, each refusal with its own
//! message, all before anything is decoded.
#![cfg(not(target_arch = "wasm32"))] // Native tests; tests/web.rs runs in the browser.

use vae_playground::input::image_header::{
    FileEnds, HEAD_BYTES, ImageFormat, ImageHeader, SniffError, TAIL_BYTES, sniff_image,
};

fn sniff(bytes: &[u8]) -> Result<ImageHeader, SniffError> {
    sniff_image(&FileEnds::whole(bytes))
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/images/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn message(result: Result<ImageHeader, SniffError>) -> String {
    result.expect_err("refused").to_string()
}

#[test]
fn real_files_give_their_format_and_size() {
    let cases = [
        ("tiny.png", ImageFormat::Png, 3, 2),
        ("tiny.jpg", ImageFormat::Jpeg, 5, 4),
        ("progressive.jpg", ImageFormat::Jpeg, 5, 4),
        ("exif-icc.jpg", ImageFormat::Jpeg, 40, 30),
        ("lossy.webp", ImageFormat::Webp, 7, 3),
        ("lossless.webp", ImageFormat::Webp, 7, 3),
        ("animated.webp", ImageFormat::Webp, 9, 4),
        ("tiny.gif", ImageFormat::Gif, 6, 5),
        ("animated.gif", ImageFormat::Gif, 6, 5),
    ];
    for (name, format, width, height) in cases {
        assert_eq!(sniff(&fixture(name)), Ok(ImageHeader { format, width, height }), "{name}");
    }
}

#[test]
fn real_files_cut_short_are_truncated_wherever_they_are_cut() {
    // (One byte is too little to tell a format by: it is refused as unknown.)
    for name in ["tiny.png", "tiny.jpg", "exif-icc.jpg", "lossy.webp", "lossless.webp", "animated.webp", "tiny.gif"] {
        let bytes = fixture(name);
        for cut in 2..bytes.len() {
            match sniff(&bytes[..cut]) {
                Err(SniffError::Truncated { .. } | SniffError::TruncatedHeader { .. }) => {}
                other => panic!("{name} cut to {cut} of {} bytes: {other:?}", bytes.len()),
            }
        }
    }
}

/// A PNG of the given size: signature, IHDR with its CRC, an empty IDAT, IEND.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]); // 8-bit grey, deflate, adaptive filter, no interlace
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    bytes.extend(&ihdr);
    bytes.extend(crc32(&ihdr).to_be_bytes());
    bytes.extend([0, 0, 0, 0, b'I', b'D', b'A', b'T', 0x35, 0xAF, 0x06, 0x1E]);
    bytes.extend([0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82]);
    bytes
}

/// The CRC of PNG chunks, table-free, written independently of the module's.
fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(u32::MAX, |crc, &b| {
        (0..8).fold(crc ^ u32::from(b), |c, _| (c >> 1) ^ (0xEDB8_8320 & 0u32.wrapping_sub(c & 1)))
    })
}

/// A baseline JPEG's headers: SOI, an APP0 segment of `app_bytes`, SOF0 of the given size, SOS,
/// two bytes of scan data, EOI.
fn jpeg(width: u16, height: u16, app_bytes: usize) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend(((app_bytes + 2) as u16).to_be_bytes());
    bytes.extend(std::iter::repeat_n(0x4A, app_bytes));
    bytes.extend([0xFF, 0xC0, 0, 11, 8]);
    bytes.extend(height.to_be_bytes());
    bytes.extend(width.to_be_bytes());
    bytes.extend([1, 1, 0x11, 0]);
    bytes.extend([0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0, 0x12, 0x34, 0xFF, 0xD9]);
    bytes
}

/// A GIF89a: logical screen, no colour table, a graphic control extension, then an image
/// descriptor at (left, top) of the given size, a minimal image and the trailer.
fn gif(screen: (u16, u16), frame: (u16, u16, u16, u16)) -> Vec<u8> {
    let mut bytes = b"GIF89a".to_vec();
    bytes.extend(screen.0.to_le_bytes());
    bytes.extend(screen.1.to_le_bytes());
    bytes.extend([0, 0, 0]);
    bytes.extend([0x21, 0xF9, 4, 0, 0, 0, 0, 0]);
    bytes.push(0x2C);
    for value in [frame.0, frame.1, frame.2, frame.3] {
        bytes.extend(value.to_le_bytes());
    }
    bytes.extend([0, 2, 2, 0x4C, 0x01, 0, 0x3B]);
    bytes
}

/// A WebP whose first chunk is `fourcc` with `payload`, the RIFF length as written.
fn webp(fourcc: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut bytes = b"RIFF".to_vec();
    bytes.extend(((12 + payload.len()) as u32).to_le_bytes());
    bytes.extend(b"WEBP");
    bytes.extend(fourcc);
    bytes.extend((payload.len() as u32).to_le_bytes());
    bytes.extend(payload);
    bytes
}

fn vp8x(width: u32, height: u32) -> Vec<u8> {
    let mut payload = vec![0x10, 0, 0, 0];
    payload.extend(&(width - 1).to_le_bytes()[..3]);
    payload.extend(&(height - 1).to_le_bytes()[..3]);
    webp(b"VP8X", &payload)
}

#[test]
fn headers_written_by_hand_give_their_size() {
    assert_eq!(sniff(&png(28, 4096)).unwrap(), ImageHeader { format: ImageFormat::Png, width: 28, height: 4096 });
    assert_eq!(
        sniff(&jpeg(640, 480, 100)).unwrap(),
        ImageHeader { format: ImageFormat::Jpeg, width: 640, height: 480 }
    );
    // A first frame reaching beyond the logical screen: the decoder needs room for both.
    let header = sniff(&gif((10, 10), (5, 2, 30, 8))).unwrap();
    assert_eq!((header.format, header.width, header.height), (ImageFormat::Gif, 35, 10));
    assert_eq!((sniff(&vp8x(4096, 1)).unwrap().width, sniff(&vp8x(4096, 1)).unwrap().height), (4096, 1));
    // Lossless: 14-bit width − 1 and height − 1 after the signature 0x2F.
    let bits: u32 = (99 - 1) | ((17 - 1) << 14);
    let mut lossless = vec![0x2F];
    lossless.extend(bits.to_le_bytes());
    lossless.extend([0; 5]);
    assert_eq!(
        sniff(&webp(b"VP8L", &lossless)).unwrap(),
        ImageHeader { format: ImageFormat::Webp, width: 99, height: 17 }
    );
}

#[test]
fn sizes_beyond_the_limits_are_refused_before_decoding() {
    assert_eq!(sniff(&png(4097, 28)), Err(SniffError::TooLarge { width: 4097, height: 28 }));
    assert!(message(sniff(&png(4097, 28))).contains("at most 4096 pixels a side"));
    assert_eq!(sniff(&png(100_000, 100_000)), Err(SniffError::Bomb { width: 100_000, height: 100_000 }));
    let bomb = message(sniff(&png(100_000, 100_000)));
    assert!(bomb.contains("10000 million") && bomb.contains("decompression bomb"), "{bomb}");
    assert_eq!(sniff(&png(0, 28)), Err(SniffError::ZeroSide { width: 0, height: 28 }));
    assert_eq!(sniff(&jpeg(65535, 65535, 0)), Err(SniffError::Bomb { width: 65535, height: 65535 }));
    assert_eq!(sniff(&jpeg(28, 0, 0)), Err(SniffError::ZeroSide { width: 28, height: 0 }));
    assert_eq!(sniff(&gif((65535, 65535), (0, 0, 1, 1))), Err(SniffError::Bomb { width: 65535, height: 65535 }));
    assert_eq!(sniff(&gif((10, 10), (0, 0, 5000, 3))), Err(SniffError::TooLarge { width: 5000, height: 10 }));
    assert_eq!(sniff(&vp8x(16384, 16384)), Err(SniffError::Bomb { width: 16384, height: 16384 }));
}

#[test]
fn damaged_and_cut_headers_each_say_so() {
    let mut bad_crc = png(28, 28);
    bad_crc[20] ^= 1;
    assert!(message(sniff(&bad_crc)).contains("IHDR chunk's checksum is wrong"));
    let no_iend = &png(28, 28)[..45];
    assert!(message(sniff(no_iend)).contains("does not end with its IEND chunk"));
    assert_eq!(
        sniff(&png(28, 28)[..20]),
        Err(SniffError::TruncatedHeader { format: ImageFormat::Png, needed: 33, found: 20 })
    );
    assert!(message(sniff(&[0xFF, 0xD8, 0xFF, 0xD9])).contains("ends (EOI) before its frame header"));
    assert!(
        message(sniff(&[0xFF, 0xD8, 0xFF, 0xDA, 0, 2, 0xFF, 0xD9])).contains("(SOS) begins before its frame header")
    );
    let no_end = jpeg(28, 28, 10);
    assert!(message(sniff(&no_end[..no_end.len() - 2])).contains("end-of-image marker"));
    assert!(message(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 1])).contains("the length 1"));
    let mut riff = vp8x(28, 28);
    riff[4] += 2; // says two bytes more than the file has
    assert!(message(sniff(&riff)).contains("its RIFF header says it has"));
    assert!(message(sniff(&webp(b"VP8 ", &[0; 10]))).contains("key frame"));
    assert!(message(sniff(&webp(b"ALPH", &[0; 10]))).contains("first chunk is `ALPH`"));
    let only_trailer = b"GIF89a\x0A\x00\x0A\x00\x00\x00\x00\x3B";
    assert!(message(sniff(only_trailer)).contains("no image before its trailer"));
    let mut no_trailer = gif((10, 10), (0, 0, 10, 10));
    no_trailer.pop();
    assert!(message(sniff(&no_trailer)).contains("trailer (0x3B)"));
    assert_eq!(
        sniff(&[0x89, b'P']),
        Err(SniffError::TruncatedHeader { format: ImageFormat::Png, needed: 33, found: 2 })
    );
}

#[test]
fn a_jpeg_whose_frame_header_lies_beyond_the_head_that_was_read_is_refused() {
    // Segments are at most 65,535 bytes: 20 of them push SOF past the first MiB.
    let mut bytes = vec![0xFF, 0xD8];
    for _ in 0..20 {
        bytes.extend([0xFF, 0xE1, 0xFF, 0xFF]);
        bytes.extend(std::iter::repeat_n(0, 65533));
    }
    bytes.extend(&jpeg(28, 28, 0)[2..]);
    assert!(sniff(&bytes).unwrap_err().to_string().contains("not within its first 1 MiB"));
    // Read whole (as a test may), the same file is measured.
    let whole = FileEnds { head: &bytes, tail: &bytes[bytes.len() - TAIL_BYTES..], len: bytes.len() as u64 };
    assert_eq!(sniff_image(&whole).unwrap().width, 28);
    assert!(bytes.len() > HEAD_BYTES);
}

#[test]
fn other_files_are_named_when_they_can_be() {
    let cases: [(&[u8], &str); 16] = [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "this is a Windows program (MZ), not an image"),
        (b"\x7FELF\x02\x01\x01", "this is a Linux program (ELF), not an image"),
        (b"#!/bin/sh\nrm -rf /\n", "this is a script (#!), not an image"),
        (b"%PDF-1.7\n", "this is a PDF document, not an image"),
        (b"PK\x03\x04\x14\x00", "this is a ZIP archive"),
        (b"\x00\x00\x00\x1Cftypavif\x00\x00", "AVIF images are not accepted: only PNG, JPEG, WebP and GIF"),
        (b"\x00\x00\x00\x18ftypheic", "HEIC images are not accepted"),
        (b"\x00\x00\x00\x18ftypisom", "this is a video (MP4 or QuickTime), not an image"),
        (b"BM\x46\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00", "BMP images are not accepted"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "this is a WAV sound, not an image"),
        (b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "SVG images are not accepted"),
        (b"\xEF\xBB\xBF  <svg width=\"10\"></svg>", "SVG images are not accepted"),
        (b"<!DOCTYPE html><html></html>", "this is an HTML page, not an image"),
        (b"a,b,c\n1,2,3\n", "this is a text file, not an image"),
        (b"\x00\x01\x02\x03\xF0\xF1\xF2\xF3\x04\x05", "it begins with the bytes 00 01 02 03 F0 F1 F2 F3"),
        (b"", "the file is empty (0 bytes)"),
    ];
    for (bytes, expected) in cases {
        let said = message(sniff(bytes));
        assert!(said.contains(expected), "{bytes:?}: {said}");
    }
    // An SVG in UTF-16, as some editors save it.
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("<svg/>".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    assert_eq!(sniff(&utf16), Err(SniffError::Svg));
}
