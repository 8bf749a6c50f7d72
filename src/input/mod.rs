//! Turning a person's drawing into the model's input: stroke points fitted to MNIST's 20-pixel box
//! and drawn there with a pen of MNIST's width ([`strokes`], drawing with [`raster`]), or canvas
//! pixels cropped, fitted to 20×20 and centred by mass in 28×28 the way MNIST's digits were made
//! ([`preprocess`]); caps on what a drawing may ask ([`limits`]). For images dropped in: their
//! format and size read from the header before anything decodes them ([`image_header`]), and their
//! pixels read as ink whichever tone it is ([`polarity`]). For the drawn-digit benchmark: a
//! digit image thinned and traced into pen strokes ([`skeleton`]) and drawn on the pad as pointer
//! events ([`pen`]).

pub mod image_header;
pub mod limits;
pub mod pen;
pub mod polarity;
pub mod preprocess;
pub mod raster;
pub mod skeleton;
pub mod strokes;
