//! Password hashing: argon2id, off the async threads.

use crate::DbError;
use argon2::password_hash::{Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use rand::rngs::OsRng;
use std::sync::Mutex;

/// Hashing runs on blocking threads, at most one per core at a time, each in a
/// working memory that is kept and reused (19 MiB for a staff password). Freed
/// and allocated again on whichever thread ran it, that memory stayed in each
/// thread's allocator arena: sixty-four tills signing in at once left the server
/// holding 330 MB. Now it holds one working memory per core, whatever the load.
struct Workspaces {
    turns: tokio::sync::Semaphore,
    spare: Mutex<Vec<Vec<Block>>>,
}

fn workspaces() -> &'static Workspaces {
    static WORKSPACES: std::sync::OnceLock<Workspaces> = std::sync::OnceLock::new();
    WORKSPACES.get_or_init(|| Workspaces {
        turns: tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(2, |n| n.get()),
        ),
        spare: Mutex::new(Vec::new()),
    })
}

async fn hashing<T: Send + 'static>(
    work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
) -> Option<T> {
    let places = workspaces();
    let _turn = places.turns.acquire().await.ok()?;
    let mut memory = places.spare.lock().ok()?.pop().unwrap_or_default();
    let (result, memory) = tokio::task::spawn_blocking(move || {
        let result = work(&mut memory);
        (result, memory)
    })
    .await
    .ok()?;
    if let Ok(mut spare) = places.spare.lock() {
        spare.push(memory);
    }
    Some(result)
}

/// The most working memory a stored hash may ask for (64 MiB): the hashes are
/// ours, this only bounds what a damaged row can make the server allocate.
const MAX_BLOCKS: usize = 64 * 1024;

/// A PHC string (`$argon2id$v=19$m=...`) of `secret` under `params`, with a new salt.
fn hash_in(memory: &mut Vec<Block>, params: Params, secret: &[u8]) -> Result<String, DbError> {
    let failed = |e: argon2::password_hash::Error| DbError::Hashing(e.to_string());
    let hasher = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; Salt::MAX_LENGTH];
    let raw_salt = salt.decode_b64(&mut salt_bytes).map_err(failed)?;
    memory.resize(hasher.params().block_count(), Block::default());
    let hash = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        hasher
            .hash_password_into_with_memory(secret, raw_salt, out, &mut memory[..])
            .map_err(|_| argon2::password_hash::Error::Crypto)
    })
    .map_err(failed)?;
    let phc = PasswordHash {
        algorithm: argon2::ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(hasher.params()).map_err(failed)?,
        salt: Some(salt.as_salt()),
        hash: Some(hash),
    };
    Ok(phc.to_string())
}

/// Does `secret` match the stored PHC string? Compared in constant time; a
/// malformed hash never matches.
fn matches_in(memory: &mut Vec<Block>, secret: &[u8], stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params)) = (
        Algorithm::try_from(parsed.algorithm),
        Params::try_from(&parsed),
    ) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    if params.block_count() > MAX_BLOCKS {
        return false;
    }
    let hasher = Argon2::new(algorithm, version, params);
    let mut salt_bytes = [0u8; Salt::MAX_LENGTH];
    let Ok(raw_salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    memory.resize(hasher.params().block_count(), Block::default());
    let computed = Output::init_with(expected.len(), |out| {
        hasher
            .hash_password_into_with_memory(secret, raw_salt, out, &mut memory[..])
            .map_err(|_| argon2::password_hash::Error::Crypto)
    });
    // `Output`'s equality is constant-time.
    computed.is_ok_and(|computed| computed == expected)
}

/// argon2id with OWASP's minimum parameters for passwords (19 MiB, 2 passes).
fn staff_params() -> Params {
    Params::new(19 * 1024, 2, 1, None).unwrap_or_default()
}

/// Hashes a staff password on a blocking thread.
pub async fn hash_password(password: String) -> Result<String, DbError> {
    hashing(move |memory| hash_in(memory, staff_params(), password.as_bytes()))
        .await
        .unwrap_or_else(|| Err(DbError::Hashing("the hashing thread stopped".into())))
}

/// Checks a password against a stored hash on a blocking thread.
/// A malformed hash never matches.
pub async fn verify_password(password: String, hash: String) -> bool {
    hashing(move |memory| matches_in(memory, password.as_bytes(), &hash))
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
fn pin_params() -> Params {
    Params::new(4 * 1024, 1, 1, None).unwrap_or_default()
}

pub async fn hash_pin(pin: String) -> Result<String, DbError> {
    hashing(move |memory| hash_in(memory, pin_params(), pin.as_bytes()))
        .await
        .unwrap_or_else(|| Err(DbError::Hashing("the hashing thread stopped".into())))
}

/// A valid PIN hash of no card's PIN, so that a sign-in for an unknown card costs
/// the same time as a wrong PIN.
pub async fn hash_pin_decoy() -> &'static str {
    static DECOY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DECOY
        .get_or_init(|| async {
            let random: u64 = rand::random();
            hash_pin(format!("decoy-{random}"))
                .await
                .unwrap_or_default()
        })
        .await
}

pub async fn verify_pin(pin: String, hash: String) -> bool {
    hashing(move |memory| matches_in(memory, pin.as_bytes(), &hash))
        .await
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    /// Hashes stored before the working memory was reused still match, and the
    /// argon2 crate's own verifier accepts the new ones: the same algorithm.
    #[test]
    fn reused_memory_gives_the_same_hashes() {
        let mut memory = Vec::new();
        let plain = Argon2::new(Algorithm::Argon2id, Version::V0x13, pin_params());
        let salt = SaltString::generate(&mut OsRng);
        let old = plain.hash_password(b"135790", &salt).map(|h| h.to_string());
        let old = old.unwrap_or_default();
        assert!(matches_in(&mut memory, b"135790", &old));
        assert!(!matches_in(&mut memory, b"135791", &old));
        let new = hash_in(&mut memory, staff_params(), b"happy-island-88");
        let new = new.unwrap_or_default();
        let parsed = PasswordHash::new(&new);
        assert!(parsed.is_ok_and(|p| {
            Argon2::default()
                .verify_password(b"happy-island-88", &p)
                .is_ok()
        }));
        // The same memory, now sized for a password, still checks a PIN.
        assert!(matches_in(&mut memory, b"135790", &old));
        assert!(!matches_in(&mut memory, b"", "not a hash"));
    }
}
