//! A person's own set of images as one file (docs/SET_FORMAT.md): a safetensors file whose
//! metadata says `format` = `vae-playground-set/1`, with the set's `name` and `class_names`, and two
//! U8 tensors, `images (count, 784)` (the preprocessed 28×28 the model sees, round(255·v)) and
//! `labels (count)` (an index into `class_names`, or [`UNLABELLED`]).
//!
//! The writer is deterministic: it writes the header itself, in a fixed order, since the
//! safetensors crate serialises its metadata from a `HashMap`, whose order changes from run to run.
//! The reader never panics on bytes and says what is wrong with a [`SetFileError`]. The same file is
//! read by the page's Train view, `train --dataset FILE` and `eval --set FILE`.

use ndarray::Array2;
use safetensors::SafeTensors;
use safetensors::tensor::{Dtype, SafeTensorError};

use crate::nn::config::PIXELS;
use crate::training::dataset::Dataset;

/// Value of the `format` metadata entry, bumped if the layout changes.
pub const FORMAT: &str = "vae-playground-set/1";

/// The `format` of a model's weights file, to say so when one is given as a set.
const MODEL_FORMAT: &str = crate::weights::FORMAT;

/// Most images in a set.
pub const MAX_IMAGES: usize = 20_000;

/// Most class names: a label is a byte and 255 means "unlabelled", so 0–254 name classes.
pub const MAX_CLASSES: usize = 255;

/// Longest class name, in characters (Unicode scalar values).
pub const MAX_CLASS_NAME_CHARS: usize = 40;

/// Longest set name, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// The label of an image that has none.
pub const UNLABELLED: u8 = 255;

/// Longest header a set file can need: 255 names of 40 four-byte characters, escaped, and the
/// rest is small. A longer length field is a corrupt file, not a short one.
const MAX_HEADER_BYTES: u64 = 1 << 20;

/// Bytes of the header's length field.
const LENGTH_FIELD: usize = 8;

/// A person's set: images, labels and the names of their classes.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageSet {
    /// What the person called it (1–100 characters, no surrounding spaces).
    pub name: String,
    /// The names of the classes, indexed by label (at most 255, each 1–40 characters, trimmed, distinct).
    pub class_names: Vec<String>,
    /// The preprocessed images, pixels as round(255·v). (count, 784) row-major
    pub images: Vec<u8>,
    /// Each image's class, an index into `class_names`, or [`UNLABELLED`]. (count)
    pub labels: Vec<u8>,
}

/// Why bytes are not a set file, or why a set cannot be written.
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum SetFileError {
    #[error("the set file is empty (0 bytes)")]
    Empty,
    #[error("the set file is truncated: it has {found} bytes where its header needs {expected}")]
    Truncated { expected: u64, found: usize },
    #[error("the set file is corrupt: {0}")]
    Corrupt(String),
    #[error("this is a model's weights file, not a set of images: load it as a model instead")]
    ModelFile,
    #[error("this safetensors file is not a set of images: its `format` is {0}, a set's is `{FORMAT}`")]
    NotASet(String),
    #[error("the set file has no `{0}` metadata entry")]
    MissingMetadata(&'static str),
    #[error("the set's name {0}")]
    BadName(String),
    #[error("the set's class names: {0}")]
    BadClassNames(String),
    #[error("the set file lacks the tensor `{0}`")]
    MissingTensor(&'static str),
    #[error("the set file holds a tensor `{0}`, which is no part of a set (only `images` and `labels` are)")]
    UnexpectedTensor(String),
    #[error("the set's `{name}` tensor is stored as {found}, not U8")]
    WrongDtype { name: &'static str, found: String },
    #[error("the set's `{name}` tensor has shape {found:?}, not {expected}")]
    WrongShape { name: &'static str, found: Vec<usize>, expected: String },
    #[error("the set has no images: a set holds 1 to {MAX_IMAGES}")]
    NoImages,
    #[error("the set has {0} images: at most {MAX_IMAGES} are accepted")]
    TooManyImages(usize),
    #[error("the set's images hold {pixels} bytes for {labels} labels: each image is {PIXELS} bytes")]
    LengthMismatch { pixels: usize, labels: usize },
    #[error(
        "image {index} has the label {label}, but the set has {classes} class names (255 marks an unlabelled image)"
    )]
    BadLabel { index: usize, label: u8, classes: usize },
}

impl ImageSet {
    /// Images in the set.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Checks every limit of the format; the writer and the reader both call it.
    pub fn validate(&self) -> Result<(), SetFileError> {
        check_name(&self.name)?;
        check_class_names(&self.class_names)?;
        if self.images.len() != self.labels.len() * PIXELS {
            return Err(SetFileError::LengthMismatch { pixels: self.images.len(), labels: self.labels.len() });
        }
        check_count(self.labels.len())?;
        check_labels(&self.labels, self.class_names.len())
    }

    /// The file's bytes: the same set always gives the same bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, SetFileError> {
        self.validate()?;
        let mut header = self.header_json().into_bytes();
        // Padded with spaces to a multiple of 8, as the safetensors crate pads, so that the data
        // that follows is aligned.
        header.resize(header.len().next_multiple_of(LENGTH_FIELD), b' ');
        let mut bytes = Vec::with_capacity(LENGTH_FIELD + header.len() + self.images.len() + self.labels.len());
        bytes.extend((header.len() as u64).to_le_bytes());
        bytes.extend(header);
        bytes.extend(&self.images);
        bytes.extend(&self.labels);
        Ok(bytes)
    }

    /// The header, every key in a fixed order.
    fn header_json(&self) -> String {
        let count = self.len();
        let image_bytes = count * PIXELS;
        let class_names = serde_json::to_string(&self.class_names).expect("strings serialise");
        format!(
            concat!(
                r#"{{"__metadata__":{{"format":{},"name":{},"class_names":{}}},"#,
                r#""images":{{"dtype":"U8","shape":[{},{}],"data_offsets":[0,{}]}},"#,
                r#""labels":{{"dtype":"U8","shape":[{}],"data_offsets":[{},{}]}}}}"#
            ),
            json_string(FORMAT),
            json_string(&self.name),
            json_string(&class_names),
            count,
            PIXELS,
            image_bytes,
            count,
            image_bytes,
            image_bytes + count,
        )
    }

    /// Reads a set file, checking everything [`validate`](Self::validate) checks.
    pub fn from_bytes(bytes: &[u8]) -> Result<ImageSet, SetFileError> {
        if bytes.is_empty() {
            return Err(SetFileError::Empty);
        }
        let file = SafeTensors::deserialize(bytes).map_err(|e| explain(e, bytes))?;
        let (_, header) = SafeTensors::read_metadata(bytes).map_err(|e| explain(e, bytes))?;
        let metadata = header.metadata().as_ref();
        let format = metadata.and_then(|m| m.get("format"));
        match format.map(String::as_str) {
            Some(FORMAT) => {}
            Some(MODEL_FORMAT) => return Err(SetFileError::ModelFile),
            Some(other) => return Err(SetFileError::NotASet(format!("`{}`", truncate(other, 60)))),
            None => return Err(SetFileError::NotASet("missing".to_string())),
        }
        let get = |key: &'static str| metadata.and_then(|m| m.get(key)).ok_or(SetFileError::MissingMetadata(key));
        let name = get("name")?.clone();
        let class_names: Vec<String> = serde_json::from_str(get("class_names")?)
            .map_err(|e| SetFileError::BadClassNames(format!("not a JSON array of strings ({e})")))?;

        if let Some(extra) = file.names().into_iter().find(|n| *n != "images" && *n != "labels") {
            return Err(SetFileError::UnexpectedTensor(truncate(extra, 60)));
        }
        let labels = u8_tensor(&file, "labels")?;
        let count = match labels.shape() {
            [count] => *count,
            other => return Err(wrong_shape("labels", other, "(count)".to_string())),
        };
        check_count(count)?;
        let images = u8_tensor(&file, "images")?;
        if images.shape() != [count, PIXELS] {
            return Err(wrong_shape("images", images.shape(), format!("({count}, {PIXELS})")));
        }
        let set = ImageSet { name, class_names, images: images.data().to_vec(), labels: labels.data().to_vec() };
        set.validate()?;
        Ok(set)
    }

    /// The set as the trainer takes it: pixels in [0, 1], labels as they are ([`UNLABELLED`]
    /// included), named `set:{name}` so that no one takes it for MNIST.
    pub fn to_dataset(&self) -> Dataset {
        Dataset {
            name: dataset_name(&self.name),
            images: Array2::from_shape_fn((self.len(), PIXELS), |(i, j)| self.images[i * PIXELS + j] as f32 / 255.0),
            labels: self.labels.clone(),
            class_names: self.class_names.clone(),
        }
    }

    /// A set of a dataset's images, rounded to bytes (its `set:` prefix, if any, dropped from the
    /// name), checked like a file.
    pub fn from_dataset(dataset: &Dataset) -> Result<ImageSet, SetFileError> {
        let set = ImageSet {
            name: dataset.name.strip_prefix(DATASET_PREFIX).unwrap_or(&dataset.name).to_string(),
            class_names: dataset.class_names.clone(),
            images: dataset.images.iter().map(|&v| (v.clamp(0.0, 1.0) * 255.0).round() as u8).collect(),
            labels: dataset.labels.clone(),
        };
        set.validate()?;
        Ok(set)
    }
}

/// What a model trained on a set records as its dataset: `set:` and the set's name.
pub const DATASET_PREFIX: &str = "set:";

pub fn dataset_name(set_name: &str) -> String {
    format!("{DATASET_PREFIX}{set_name}")
}

/// Whether a dataset name is an own set's (see [`dataset_name`]).
pub fn is_set_dataset(name: &str) -> bool {
    name.starts_with(DATASET_PREFIX)
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).expect("strings serialise")
}

/// At most `chars` characters of `text`, for messages.
fn truncate(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

fn check_name(name: &str) -> Result<(), SetFileError> {
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_NAME_CHARS {
        return Err(SetFileError::BadName(format!("has {chars} characters: it must have 1 to {MAX_NAME_CHARS}")));
    }
    if name.trim() != name {
        return Err(SetFileError::BadName(format!("\"{}\" begins or ends with spaces", truncate(name, 40))));
    }
    if name.chars().any(char::is_control) {
        return Err(SetFileError::BadName("holds a control character".to_string()));
    }
    Ok(())
}

fn check_class_names(names: &[String]) -> Result<(), SetFileError> {
    let bad = |reason: String| Err(SetFileError::BadClassNames(reason));
    if names.len() > MAX_CLASSES {
        return bad(format!("{} of them, at most {MAX_CLASSES}", names.len()));
    }
    for (index, name) in names.iter().enumerate() {
        let chars = name.chars().count();
        if chars == 0 || chars > MAX_CLASS_NAME_CHARS {
            return bad(format!(
                "class {index} has a name of {chars} characters: 1 to {MAX_CLASS_NAME_CHARS} are allowed"
            ));
        }
        if name.trim() != name {
            return bad(format!("class {index}'s name \"{name}\" begins or ends with spaces"));
        }
        if name.chars().any(char::is_control) {
            return bad(format!("class {index}'s name holds a control character"));
        }
        if let Some(first) = names[..index].iter().position(|other| other == name) {
            return bad(format!("classes {first} and {index} are both called \"{name}\""));
        }
    }
    Ok(())
}

fn check_count(count: usize) -> Result<(), SetFileError> {
    match count {
        0 => Err(SetFileError::NoImages),
        count if count > MAX_IMAGES => Err(SetFileError::TooManyImages(count)),
        _ => Ok(()),
    }
}

fn check_labels(labels: &[u8], classes: usize) -> Result<(), SetFileError> {
    match labels.iter().enumerate().find(|&(_, &l)| l != UNLABELLED && l as usize >= classes) {
        Some((index, &label)) => Err(SetFileError::BadLabel { index, label, classes }),
        None => Ok(()),
    }
}

fn u8_tensor<'a>(
    file: &SafeTensors<'a>,
    name: &'static str,
) -> Result<safetensors::tensor::TensorView<'a>, SetFileError> {
    let tensor = file.tensor(name).map_err(|_| SetFileError::MissingTensor(name))?;
    if tensor.dtype() != Dtype::U8 {
        return Err(SetFileError::WrongDtype { name, found: format!("{:?}", tensor.dtype()) });
    }
    Ok(tensor)
}

fn wrong_shape(name: &'static str, found: &[usize], expected: String) -> SetFileError {
    SetFileError::WrongShape { name, found: found.to_vec(), expected }
}

/// Turns the safetensors crate's error into ours, telling a short file from a damaged one.
fn explain(error: SafeTensorError, bytes: &[u8]) -> SetFileError {
    let Some(Ok(field)) = bytes.get(..LENGTH_FIELD).map(<[u8; LENGTH_FIELD]>::try_from) else {
        return SetFileError::Truncated { expected: LENGTH_FIELD as u64, found: bytes.len() };
    };
    let header_len = u64::from_le_bytes(field);
    if header_len > MAX_HEADER_BYTES {
        return SetFileError::Corrupt(format!(
            "its header length field says {header_len} bytes, more than a set's header can be ({MAX_HEADER_BYTES})"
        ));
    }
    let header_end = LENGTH_FIELD as u64 + header_len;
    let Some(header) = bytes.get(LENGTH_FIELD..header_end as usize) else {
        return SetFileError::Truncated { expected: header_end, found: bytes.len() };
    };
    // The data's length, from the offsets in the header, if it can be read.
    let declared = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(header)
        .ok()
        .map(|entries| entries.values().filter_map(|v| v.get("data_offsets")?.get(1)?.as_u64()).max().unwrap_or(0));
    match declared.and_then(|data| header_end.checked_add(data)) {
        Some(expected) if expected > bytes.len() as u64 => SetFileError::Truncated { expected, found: bytes.len() },
        _ => SetFileError::Corrupt(error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(count: usize) -> ImageSet {
        ImageSet {
            name: "letters".to_string(),
            class_names: vec!["A".to_string(), "B".to_string(), "ö \"quoted\"".to_string()],
            images: (0..count * PIXELS).map(|i| (i * 7 % 256) as u8).collect(),
            labels: (0..count).map(|i| if i % 4 == 3 { UNLABELLED } else { (i % 3) as u8 }).collect(),
        }
    }

    #[test]
    fn a_set_round_trips_through_its_file() {
        let original = set(11);
        let bytes = original.to_bytes().unwrap();
        assert_eq!(ImageSet::from_bytes(&bytes).unwrap(), original);
        // The safetensors crate reads it too, as any safetensors file.
        let file = SafeTensors::deserialize(&bytes).unwrap();
        assert_eq!(file.tensor("images").unwrap().shape(), [11, PIXELS]);
        assert_eq!((LENGTH_FIELD + u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize) % 8, 0, "aligned data");
    }

    #[test]
    fn the_writer_gives_the_same_bytes_every_time() {
        // No map decides the order: the header is written key by key. Each write here would draw
        // fresh hash seeds if it used a HashMap, and the header is pinned to the byte.
        let original = set(2);
        let first = original.to_bytes().unwrap();
        for _ in 0..20 {
            assert_eq!(original.clone().to_bytes().unwrap(), first);
        }
        let header_len = u64::from_le_bytes(first[..8].try_into().unwrap()) as usize;
        let header = std::str::from_utf8(&first[8..8 + header_len]).unwrap();
        let expected = concat!(
            r#"{"__metadata__":{"format":"vae-playground-set/1","name":"letters","#,
            r#""class_names":"[\"A\",\"B\",\"ö \\\"quoted\\\"\"]"},"#,
            r#""images":{"dtype":"U8","shape":[2,784],"data_offsets":[0,1568]},"#,
            r#""labels":{"dtype":"U8","shape":[2],"data_offsets":[1568,1570]}}"#
        );
        assert_eq!(header.trim_end(), expected);
        assert_eq!(first.len(), 8 + header_len + 2 * PIXELS + 2);
    }

    #[test]
    fn a_dataset_round_trips_through_a_set() {
        let original = set(5);
        let dataset = original.to_dataset();
        assert_eq!(dataset.name, "set:letters");
        assert_eq!(dataset.images[[1, 0]], original.images[PIXELS] as f32 / 255.0);
        assert_eq!(ImageSet::from_dataset(&dataset).unwrap(), original);
    }

    #[test]
    fn bad_sets_are_refused_by_the_writer_with_their_reason() {
        let cases: Vec<(ImageSet, &str)> = vec![
            (ImageSet { name: String::new(), ..set(3) }, "1 to 100"),
            (ImageSet { name: " x".into(), ..set(3) }, "spaces"),
            (ImageSet { class_names: vec!["A".into(), "A".into()], ..set(3) }, "both called"),
            (ImageSet { class_names: vec!["A".into(), "x".repeat(41)], ..set(3) }, "41 characters"),
            (ImageSet { class_names: vec!["".into()], ..set(3) }, "0 characters"),
            (ImageSet { class_names: (0..256).map(|i| i.to_string()).collect(), ..set(3) }, "at most 255"),
            (ImageSet { labels: vec![], images: vec![], ..set(3) }, "no images"),
            (ImageSet { images: vec![0; 10], ..set(3) }, "784 bytes"),
            (ImageSet { labels: vec![0, 1, 7], ..set(3) }, "label 7"),
        ];
        for (bad, reason) in cases {
            let error = bad.to_bytes().unwrap_err().to_string();
            assert!(error.contains(reason), "{error} (wanted {reason})");
        }
        let many = ImageSet { labels: vec![0; MAX_IMAGES + 1], images: vec![0; (MAX_IMAGES + 1) * PIXELS], ..set(1) };
        assert_eq!(many.validate(), Err(SetFileError::TooManyImages(MAX_IMAGES + 1)));
    }

    #[test]
    fn damaged_files_say_what_is_wrong() {
        let bytes = set(4).to_bytes().unwrap();
        assert_eq!(ImageSet::from_bytes(&[]), Err(SetFileError::Empty));
        assert!(matches!(ImageSet::from_bytes(&bytes[..5]), Err(SetFileError::Truncated { expected: 8, .. })));
        assert!(matches!(ImageSet::from_bytes(&bytes[..40]), Err(SetFileError::Truncated { .. })));
        let short = ImageSet::from_bytes(&bytes[..bytes.len() - 1]).unwrap_err();
        assert_eq!(short, SetFileError::Truncated { expected: bytes.len() as u64, found: bytes.len() - 1 });
        let mut forged = bytes.clone();
        forged[..8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(matches!(ImageSet::from_bytes(&forged), Err(SetFileError::Corrupt(_))));
        assert!(matches!(
            ImageSet::from_bytes(b"MZ\x90\0\x03\0\0\0\x04\0\0\0"),
            Err(SetFileError::Corrupt(_) | SetFileError::Truncated { .. })
        ));
    }

    #[test]
    fn other_safetensors_files_are_told_apart() {
        let model = crate::weights::embedded::MODELS[0].bytes;
        assert_eq!(ImageSet::from_bytes(model), Err(SetFileError::ModelFile));
        // A safetensors file of the right tensors but no set metadata.
        let view = safetensors::tensor::TensorView::new(Dtype::U8, vec![1], &[0u8]).unwrap();
        let plain = safetensors::serialize([("labels", view)], None).unwrap();
        assert_eq!(ImageSet::from_bytes(&plain), Err(SetFileError::NotASet("missing".into())));
        // Right metadata, a tensor of the wrong type.
        let text = set(2).header_json().replace(r#""dtype":"U8","shape":[2]"#, r#""dtype":"I8","shape":[2]"#);
        let mut bytes = (text.len() as u64).to_le_bytes().to_vec();
        bytes.extend(text.as_bytes());
        bytes.extend(vec![0; 2 * PIXELS + 2]);
        assert!(matches!(ImageSet::from_bytes(&bytes), Err(SetFileError::WrongDtype { name: "labels", .. })));
    }
}
