//! The permission matrix's world and calls (its rows and cells are in
//! `permissions.rs`).

pub(crate) mod calls;
pub(crate) mod world;
