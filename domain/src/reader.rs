//! Card readers (K1, K2): telling a keyboard-wedge swipe from a person typing,
//! splitting a serial reader's stream into card numbers, and reading a card
//! number out of a HID input report.

use serde::{Deserialize, Serialize};

/// Longest card number a reader may deliver; anything longer is noise.
pub const READ_MAX_CHARS: usize = 32;

/// How a swipe is told from typing: every key within `max_gap_ms` of the one
/// before, at least `min_chars` of them, then Enter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WedgeTiming {
    pub max_gap_ms: u32,
    pub min_chars: u32,
}

impl Default for WedgeTiming {
    fn default() -> Self {
        // Readers type a key every 1–20 ms; a fast typist needs 60 ms or more.
        WedgeTiming {
            max_gap_ms: 35,
            min_chars: 4,
        }
    }
}

impl WedgeTiming {
    /// The shop's setting, kept within sense: 5–200 ms, 1–32 characters.
    pub fn clamped(max_gap_ms: u32, min_chars: u32) -> WedgeTiming {
        WedgeTiming {
            max_gap_ms: max_gap_ms.clamp(5, 200),
            min_chars: min_chars.clamp(1, READ_MAX_CHARS as u32),
        }
    }
}

/// Watches key presses; [`Wedge::key`] answers the number when a swipe ends.
#[derive(Clone, Debug, Default)]
pub struct Wedge {
    timing: WedgeTiming,
    typed: String,
    last_ms: f64,
}

impl Wedge {
    pub fn new(timing: WedgeTiming) -> Wedge {
        Wedge {
            timing,
            typed: String::new(),
            last_ms: f64::NEG_INFINITY,
        }
    }

    /// What has been typed fast so far (to take back out of a text box).
    pub fn pending(&self) -> &str {
        &self.typed
    }

    /// A key (`KeyboardEvent.key`) pressed at `at_ms`. Gives the card number when
    /// this Enter ends a swipe; anything slow starts over.
    pub fn key(&mut self, key: &str, at_ms: f64) -> Option<String> {
        let fast = at_ms - self.last_ms <= self.timing.max_gap_ms as f64;
        self.last_ms = at_ms;
        if key == "Enter" {
            let typed = std::mem::take(&mut self.typed);
            let long_enough = typed.chars().count() >= self.timing.min_chars as usize;
            return (fast && long_enough).then_some(typed);
        }
        let mut chars = key.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii_alphanumeric() => {
                if !fast || self.typed.len() >= READ_MAX_CHARS {
                    self.typed.clear();
                }
                self.typed.push(c.to_ascii_uppercase());
            }
            // Shift and the like, which some readers send around letters.
            _ if key == "Shift" => {}
            _ => self.typed.clear(),
        }
        None
    }
}

/// Splits a serial reader's bytes into card numbers, one per line (CR, LF or
/// both); blank lines and characters outside letters and digits are dropped.
#[derive(Clone, Debug, Default)]
pub struct SerialLines {
    partial: String,
}

impl SerialLines {
    pub fn push(&mut self, bytes: &[u8]) -> Vec<String> {
        let mut lines = Vec::new();
        for &b in bytes {
            match b {
                b'\r' | b'\n' if !self.partial.is_empty() => {
                    lines.push(std::mem::take(&mut self.partial));
                }
                b'\r' | b'\n' => {}
                b if b.is_ascii_alphanumeric() && self.partial.len() < READ_MAX_CHARS => {
                    self.partial.push((b as char).to_ascii_uppercase());
                }
                _ => {}
            }
        }
        lines
    }
}

/// How a HID reader's input report carries the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HidFormat {
    /// ASCII characters, ending at a 0 or CR byte or the report's end.
    Ascii,
    /// The UID as bytes, shown as upper-case hex ("04A1B2C3").
    HexUid,
    /// The UID as a little-endian unsigned number in decimal (what many ID
    /// cards print: "0012345678").
    Decimal,
}

impl HidFormat {
    pub fn code(self) -> &'static str {
        match self {
            HidFormat::Ascii => "ascii",
            HidFormat::HexUid => "hex",
            HidFormat::Decimal => "decimal",
        }
    }

    pub fn from_code(code: &str) -> HidFormat {
        match code {
            "hex" => HidFormat::HexUid,
            "decimal" => HidFormat::Decimal,
            _ => HidFormat::Ascii,
        }
    }
}

/// Where the card sits in a report: `length` bytes from `offset` (0: to the end).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HidParsing {
    pub report_id: u8,
    pub offset: usize,
    pub length: usize,
    pub format: HidFormat,
}

impl Default for HidParsing {
    fn default() -> Self {
        HidParsing {
            report_id: 0,
            offset: 0,
            length: 0,
            format: HidFormat::Ascii,
        }
    }
}

/// The card number in one input report, or None (another report, all zeros,
/// nothing readable).
pub fn read_hid_report(parsing: &HidParsing, report_id: u8, data: &[u8]) -> Option<String> {
    if report_id != parsing.report_id {
        return None;
    }
    let start = parsing.offset.min(data.len());
    let end = if parsing.length == 0 {
        data.len()
    } else {
        (start + parsing.length).min(data.len())
    };
    let bytes = &data[start..end];
    if bytes.iter().all(|b| *b == 0) {
        return None;
    }
    let card: String = match parsing.format {
        HidFormat::Ascii => bytes
            .iter()
            .take_while(|b| **b != 0 && **b != b'\r' && **b != b'\n')
            .filter(|b| b.is_ascii_alphanumeric())
            .map(|b| (*b as char).to_ascii_uppercase())
            .collect(),
        HidFormat::HexUid => bytes.iter().map(|b| format!("{b:02X}")).collect(),
        HidFormat::Decimal => {
            if bytes.len() > 8 {
                return None;
            }
            let n = bytes.iter().rev().fold(0u64, |n, b| (n << 8) | *b as u64);
            format!("{n:010}")
        }
    };
    (!card.is_empty() && card.len() <= READ_MAX_CHARS).then_some(card)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(wedge: &mut Wedge, text: &str, start_ms: f64, gap_ms: f64) -> Option<String> {
        let mut at = start_ms;
        for c in text.chars() {
            assert_eq!(wedge.key(&c.to_string(), at), None);
            at += gap_ms;
        }
        wedge.key("Enter", at)
    }

    #[test]
    fn a_swipe_is_fast_and_typing_is_not() {
        let mut w = Wedge::new(WedgeTiming::default());
        assert_eq!(typed(&mut w, "a0001", 0.0, 5.0), Some("A0001".into()));
        assert_eq!(
            typed(&mut w, "A0001", 1_000.0, 120.0),
            None,
            "a person typing"
        );
        assert_eq!(
            typed(&mut w, "A0001", 5_000.0, 35.0),
            Some("A0001".into()),
            "at the limit"
        );
        assert_eq!(typed(&mut w, "123", 9_000.0, 5.0), None, "too short");
        // Slow keys typed before a swipe do not stick to it.
        assert_eq!(w.key("9", 20_000.0), None);
        assert_eq!(typed(&mut w, "A0002", 20_500.0, 4.0), Some("A0002".into()));
        // An Enter long after the last fast key is a person pressing Enter.
        for (n, c) in "A0003".chars().enumerate() {
            w.key(&c.to_string(), 30_000.0 + n as f64 * 3.0);
        }
        assert_eq!(w.key("Enter", 31_000.0), None);
        // Shift between characters does not break a swipe; Backspace does.
        let mut at = 40_000.0;
        for k in ["Shift", "A", "0", "0", "0", "4", "Enter"] {
            let got = w.key(k, at);
            at += 3.0;
            if k == "Enter" {
                assert_eq!(got, Some("A0004".into()));
            }
        }
        for k in ["A", "0", "Backspace", "0", "1", "Enter"] {
            let got = w.key(k, at);
            at += 3.0;
            if k == "Enter" {
                assert_eq!(got, None, "3 characters after a Backspace");
            }
        }
    }

    #[test]
    fn timing_is_kept_within_sense() {
        assert_eq!(
            WedgeTiming::clamped(0, 0),
            WedgeTiming {
                max_gap_ms: 5,
                min_chars: 1
            }
        );
        assert_eq!(
            WedgeTiming::clamped(10_000, 99),
            WedgeTiming {
                max_gap_ms: 200,
                min_chars: 32
            }
        );
    }

    #[test]
    fn serial_lines_split_on_any_line_end() {
        let mut s = SerialLines::default();
        assert_eq!(s.push(b"A00"), Vec::<String>::new());
        assert_eq!(s.push(b"01\r\n\r\nb0002\n"), vec!["A0001", "B0002"]);
        assert_eq!(
            s.push(b"\x02C0003\x03\r"),
            vec!["C0003"],
            "STX/ETX framing dropped"
        );
    }

    #[test]
    fn hid_reports_are_read_as_configured() {
        let ascii = HidParsing::default();
        assert_eq!(
            read_hid_report(&ascii, 0, b"A0001\r\0\0"),
            Some("A0001".into())
        );
        assert_eq!(
            read_hid_report(&ascii, 1, b"A0001"),
            None,
            "another report id"
        );
        assert_eq!(
            read_hid_report(&ascii, 0, &[0, 0, 0]),
            None,
            "an empty report"
        );
        let hex = HidParsing {
            report_id: 2,
            offset: 1,
            length: 4,
            format: HidFormat::HexUid,
        };
        assert_eq!(
            read_hid_report(&hex, 2, &[0x99, 0x04, 0xa1, 0xb2, 0xc3, 0xff]),
            Some("04A1B2C3".into())
        );
        let decimal = HidParsing {
            format: HidFormat::Decimal,
            length: 4,
            ..HidParsing::default()
        };
        assert_eq!(
            read_hid_report(&decimal, 0, &[0x4e, 0x61, 0xbc, 0x00]),
            Some("0012345678".into())
        );
    }
}
