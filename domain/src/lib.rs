//! Pure rules and value types of the membership-card system.
//!
//! No IO lives here: this crate is compiled for the server and for the browser,
//! so the same rule answers in both places.

pub mod access;
pub mod company;
pub mod error;
pub mod money;
pub mod password;
pub mod shift;
pub mod staff;
pub mod store;
pub mod text;

pub use error::{Field, FieldError, Problem};

/// Milliseconds since the Unix epoch, UTC. Every timestamp in the database is one.
pub type UnixMs = i64;
