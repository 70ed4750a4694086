//! Pure rules and value types of the membership-card system.
//!
//! No IO lives here: this crate is compiled for the server and for the browser,
//! so the same rule answers in both places.

pub mod access;
pub mod backup;
pub mod bridge;
pub mod card;
pub mod catalogue;
pub mod company;
pub mod cover;
pub mod custom_field;
pub mod day;
pub mod error;
pub mod gift;
pub mod import;
pub mod ledger;
pub mod level;
pub mod member;
pub mod member_code;
pub mod money;
pub mod password;
pub mod pay_method;
pub mod plan;
pub mod points;
pub mod portal;
pub mod promotion;
pub mod reader;
pub mod rebate;
pub mod report;
pub mod sale;
pub mod session;
pub mod settings;
pub mod shift;
pub mod slip;
pub mod staff;
pub mod store;
pub mod text;
pub mod till;

pub use error::{Field, FieldError, Problem, Problems};

/// Milliseconds since the Unix epoch, UTC. Every timestamp in the database is one.
pub type UnixMs = i64;
