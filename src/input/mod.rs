//! Turning a person's drawing into the model's input: stroke points rasterised into ink
//! ([`raster`]), then cropped, fitted to 20×20 and centred by mass in 28×28 the way MNIST's digits
//! were made ([`preprocess`]).

pub mod preprocess;
pub mod raster;
