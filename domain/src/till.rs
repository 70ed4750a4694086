//! Registered tills (S5): names, and the one-time pairing code that makes a
//! browser a till.

use crate::error::{Field, FieldError, Problem};
use crate::text;

pub const TILL_NAME_MAX_CHARS: u32 = 40;
/// The cookie that holds a till's token in its browser.
pub const TILL_COOKIE: &str = "mc_till";
/// How long a pairing code may be used, in minutes.
pub const PAIRING_MINUTES: i64 = 30;
/// Letters of a pairing code: no 0/O or 1/I/L to misread.
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters in a code: 12 of 31, about 59 bits; it lives half an hour.
pub const PAIRING_CODE_CHARS: usize = 12;

pub fn parse_till_name(raw: &str) -> Result<String, FieldError> {
    text::required(raw, Field::TillName, TILL_NAME_MAX_CHARS)
}

/// A pairing code from random bytes, shown as "ABCD-EFGH-JKMN".
pub fn pairing_code(random: &[u8; PAIRING_CODE_CHARS]) -> String {
    let letters: Vec<char> = random
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    letters
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A code as typed: any case, with or without dashes and spaces; refused when
/// it cannot be one.
pub fn parse_pairing_code(raw: &str) -> Result<String, FieldError> {
    let code: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if code.is_empty() {
        return Err(FieldError::new(Field::PairingCode, Problem::Required));
    }
    if code.chars().count() != PAIRING_CODE_CHARS || !code.bytes().all(|b| ALPHABET.contains(&b)) {
        return Err(FieldError::new(Field::PairingCode, Problem::BadCharacters));
    }
    Ok(pairing_code_of(&code))
}

fn pairing_code_of(letters: &str) -> String {
    letters
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_reads_back_however_it_is_typed() {
        let code = pairing_code(&[0, 1, 2, 3, 30, 31, 200, 255, 7, 8, 9, 10]);
        assert_eq!(code.len(), 14);
        assert_eq!(
            parse_pairing_code(&code.to_lowercase().replace('-', " ")).unwrap(),
            code
        );
        assert_eq!(
            parse_pairing_code("").unwrap_err().problem,
            Problem::Required
        );
        assert_eq!(
            parse_pairing_code("ABCD-EFGH-JKM0").unwrap_err().problem,
            Problem::BadCharacters
        );
        assert_eq!(
            parse_pairing_code("ABCD").unwrap_err().problem,
            Problem::BadCharacters
        );
    }
}
