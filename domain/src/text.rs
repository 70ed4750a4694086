//! Bounded text: every string a person can send has a length limit.

use crate::{Field, FieldError, Problem};

/// Trims `raw` and requires 1..=`max_chars` characters without control characters.
pub fn required(raw: &str, field: Field, max_chars: u32) -> Result<String, FieldError> {
    let value = optional(raw, field, max_chars)?;
    if value.is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    Ok(value)
}

/// Trims `raw`; empty is allowed; at most `max_chars` characters, no control characters.
pub fn optional(raw: &str, field: Field, max_chars: u32) -> Result<String, FieldError> {
    let value = raw.trim();
    if value.chars().count() > max_chars as usize {
        return Err(FieldError::new(field, Problem::TooLong { max_chars }));
    }
    if value.chars().any(char::is_control) {
        return Err(FieldError::new(field, Problem::BadCharacters));
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_counts_characters_not_bytes() {
        // Six Chinese characters are 18 bytes but only 6 characters.
        assert_eq!(
            required(" 欢乐儿童乐园 ", Field::StoreName, 6).unwrap(),
            "欢乐儿童乐园"
        );
        assert_eq!(
            required("欢乐儿童乐园!", Field::StoreName, 6),
            Err(FieldError::new(
                Field::StoreName,
                Problem::TooLong { max_chars: 6 }
            ))
        );
    }

    #[test]
    fn blank_is_required_but_optional_allows_it() {
        assert_eq!(
            required("   ", Field::StoreName, 10),
            Err(FieldError::new(Field::StoreName, Problem::Required))
        );
        assert_eq!(optional("  ", Field::StoreAddress, 10).unwrap(), "");
    }

    #[test]
    fn control_characters_are_refused() {
        assert_eq!(
            optional("a\u{0}b", Field::StoreAddress, 10),
            Err(FieldError::new(Field::StoreAddress, Problem::BadCharacters))
        );
    }
}
