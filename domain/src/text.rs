//! Bounded text: every string a person can send has a length limit.
//!
//! Unicode format characters (category Cf: zero-width spaces, joiners, the
//! right-to-left override U+202E, the byte-order mark …) are taken out of every
//! typed text: a list or a receipt must show what was typed, in its order, and a
//! name may not hide. A required text needs at least one visible character.

use crate::{Field, FieldError, Problem};
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Trims `raw` and requires 1..=`max_chars` characters without control characters,
/// at least one of them visible.
pub fn required(raw: &str, field: Field, max_chars: u32) -> Result<String, FieldError> {
    let value = optional(raw, field, max_chars)?;
    if value.is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    if !value.chars().any(is_visible) {
        return Err(FieldError::new(field, Problem::Invisible));
    }
    Ok(value)
}

/// Takes out format characters, trims; empty is allowed; at most `max_chars`
/// characters, no control characters; a text that is not empty must show something.
pub fn optional(raw: &str, field: Field, max_chars: u32) -> Result<String, FieldError> {
    if raw.chars().count() > max_chars as usize * 2 + 64 {
        // Far too long whatever is taken out: no need to look further.
        return Err(FieldError::new(field, Problem::TooLong { max_chars }));
    }
    let cleaned: String = raw.chars().filter(|c| !is_format(*c)).collect();
    let value = cleaned.trim();
    if value.chars().count() > max_chars as usize {
        return Err(FieldError::new(field, Problem::TooLong { max_chars }));
    }
    if value.chars().any(char::is_control) {
        return Err(FieldError::new(field, Problem::BadCharacters));
    }
    if !value.is_empty() && !value.chars().any(is_visible) {
        return Err(FieldError::new(field, Problem::Invisible));
    }
    Ok(value.to_owned())
}

/// A Unicode format character (category Cf).
fn is_format(c: char) -> bool {
    c.general_category() == GeneralCategory::Format
}

/// Does `c` leave a mark on screen? Not a space, a control or format character, a
/// mark that only combines with another, an unassigned or private code point, nor
/// one of the letters that are drawn as blanks (Hangul fillers, the braille blank).
pub fn is_visible(c: char) -> bool {
    use GeneralCategory as G;
    if matches!(
        c,
        '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{2800}' | '\u{180E}'
    ) {
        return false;
    }
    !matches!(
        c.general_category(),
        G::SpaceSeparator
            | G::LineSeparator
            | G::ParagraphSeparator
            | G::Control
            | G::Format
            | G::NonspacingMark
            | G::EnclosingMark
            | G::Unassigned
            | G::PrivateUse
            | G::Surrogate
    )
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

    #[test]
    fn names_must_show_something() {
        // Zero-width characters vanish, leaving nothing: a name is required.
        for invisible in ["\u{200B}", " \u{200B}\u{200C}\u{FEFF} ", "\u{202E}"] {
            assert_eq!(
                required(invisible, Field::MemberName, 20),
                Err(FieldError::new(Field::MemberName, Problem::Required)),
                "{invisible:?}"
            );
        }
        // Characters drawn as blanks, or a lone combining accent, show nothing either.
        for blank in ["\u{3164}", " \u{2800} ", "\u{0301}", "\u{115F}\u{1160}"] {
            assert_eq!(
                required(blank, Field::MemberName, 20),
                Err(FieldError::new(Field::MemberName, Problem::Invisible)),
                "{blank:?}"
            );
        }
        assert_eq!(
            optional("\u{3164}", Field::Notes, 20),
            Err(FieldError::new(Field::Notes, Problem::Invisible))
        );
        assert_eq!(required("é", Field::MemberName, 20).unwrap(), "é");
    }

    #[test]
    fn format_characters_are_taken_out() {
        // A right-to-left override would show "陈美玲" as something else on a receipt.
        assert_eq!(
            required("陈\u{202E}美玲\u{200B}", Field::MemberName, 20).unwrap(),
            "陈美玲"
        );
        assert_eq!(
            optional("\u{FEFF}Lucy\u{2066}", Field::Notes, 20).unwrap(),
            "Lucy"
        );
        // Limits count what is kept.
        assert_eq!(
            required("\u{200B}abc\u{200B}", Field::MemberName, 3).unwrap(),
            "abc"
        );
    }
}
