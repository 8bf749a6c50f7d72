//! Training and measuring a VAE: batches of images ([`dataset`]), Adam ([`optim`]), one step and one
//! epoch ([`trainer`], single-threaded so that it also runs in wasm), data augmentation
//! ([`augment`]), the test loss every shipped model is judged by ([`eval`]), and a run taken a few
//! steps at a time that the page's Train view drives ([`session`]). A person's own set of images:
//! its file ([`set_file`]), which of its examples are held out ([`held_out`]), and a model's
//! figures on it ([`set_figures`]).

pub mod augment;
pub mod dataset;
pub mod eval;
pub mod held_out;
pub mod optim;
pub mod session;
pub mod set_figures;
pub mod set_file;
pub mod trainer;
