//! Weights on disk: the safetensors format that describes itself and the loader that never panics
//! on bytes ([`format`], re-exported here), and the models compiled into the module ([`embedded`]).

pub mod embedded;
mod format;

pub use format::*;
