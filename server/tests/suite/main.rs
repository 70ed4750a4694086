//! The server's HTTP suite, one test binary: the real server on a random port
//! driven like a browser, each database test once on SQLite and once on Postgres.
//! One binary instead of one per file: one link and one copy of the app on disk.

mod common;
mod matrix;

mod audit_http;
mod backup_cli;
mod bad_input;
mod cards_http;
mod check;
mod crash;
mod dropped_requests;
mod hardening;
mod hardening_input;
mod http;
mod import_http;
mod member_actions;
mod permissions;
mod pin_brute_force;
mod portal;
mod replay;
mod reports_http;
mod servers;
mod tills_http;
