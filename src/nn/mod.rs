//! The network and its maths: the shape of a VAE ([`config`]), dense layers with their backward
//! pass ([`layers`]) over the matrix products of [`linalg`], the VAE itself with the
//! reparameterisation trick ([`vae`]), the terms of the ELBO ([`loss`]), weights rounded to a
//! few bits per column ([`quantize`]), and the seeded random numbers everything draws from ([`rng`]). Nothing here reads files or knows about the browser.

pub mod classifier;
pub mod config;
pub mod layers;
pub mod linalg;
pub mod loss;
pub mod quantize;
pub mod rng;
pub mod vae;
