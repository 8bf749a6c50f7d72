//! Weights on disk: the safetensors format that describes itself and the loader that never panics
//! on bytes ([`format`], re-exported here), the same layout for a classifier, the page's judge
//! ([`classifier_file`]), and the models compiled into the module ([`embedded`]).

mod classifier_file;
pub mod embedded;
mod format;

pub use classifier_file::*;
pub use format::*;
