//! Password hashing: argon2id, off the async threads.

use crate::DbError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Argon2, Params};
use rand::rngs::OsRng;

/// Runs a hash on a blocking thread, at most one per core at a time. Each staff
/// hash takes 19 MiB: sixty-four tills signing in at once took 1.5 GB of memory
/// before this limit; the others now wait their turn (they would wait for a core
/// anyway).
async fn hashing<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    static CORES: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    let cores = CORES.get_or_init(|| {
        let n = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new(n)
    });
    let _turn = cores.acquire().await.ok()?;
    tokio::task::spawn_blocking(work).await.ok()
}

/// argon2id with OWASP's minimum parameters for passwords (19 MiB, 2 passes).
fn staff_hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// Hashes a staff password on a blocking thread.
pub async fn hash_password(password: String) -> Result<String, DbError> {
    hashing(move || {
        let salt = SaltString::generate(&mut OsRng);
        staff_hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| DbError::Hashing(e.to_string()))
    })
    .await
    .unwrap_or_else(|| Err(DbError::Hashing("the hashing thread stopped".into())))
}

/// Checks a password against a stored hash on a blocking thread.
/// A malformed hash never matches.
pub async fn verify_password(password: String, hash: String) -> bool {
    hashing(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                staff_hasher()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A valid hash of a random password, so that an unknown username costs the same
/// time as a wrong password.
pub async fn decoy_hash() -> &'static str {
    static DECOY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DECOY
        .get_or_init(|| async {
            let random: u128 = rand::random();
            // A failure leaves an empty decoy: verification then fails fast, as it must.
            hash_password(format!("decoy-{random}"))
                .await
                .unwrap_or_default()
        })
        .await
}

/// argon2id sized for a six-digit PIN (4 MiB, 1 pass): a million PINs are cheap to
/// try offline whatever the cost, so the lockout protects a PIN, and the till
/// stays fast.
fn pin_hasher() -> Argon2<'static> {
    let params = Params::new(4 * 1024, 1, 1, None).unwrap_or_default();
    Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

pub async fn hash_pin(pin: String) -> Result<String, DbError> {
    hashing(move || {
        let salt = SaltString::generate(&mut OsRng);
        pin_hasher()
            .hash_password(pin.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| DbError::Hashing(e.to_string()))
    })
    .await
    .unwrap_or_else(|| Err(DbError::Hashing("the hashing thread stopped".into())))
}

pub async fn verify_pin(pin: String, hash: String) -> bool {
    hashing(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                pin_hasher()
                    .verify_password(pin.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}
