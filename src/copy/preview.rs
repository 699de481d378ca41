//! How a device shows a push notification: the card's width in cells, how
//! many lines title and body get, and where the text is cut with an ellipsis.
//! Liquid personalisation tags are shown filled with their default (or a
//! sample first name), as the push service would.

use super::Platform;
use crate::text::sanitize;

/// A device's notification card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Device {
    pub label: &'static str,
    /// Text width of the card, in cells.
    pub width: usize,
    pub title_lines: usize,
    pub body_lines: usize,
}

impl Device {
    pub fn of(p: Platform) -> Device {
        match p {
            // iOS lock screen: bold one-line title, up to four body lines
            Platform::Ios => Device {
                label: "iPhone · lock screen",
                width: 38,
                title_lines: 1,
                body_lines: 4,
            },
            // Android expanded notification (BigTextStyle)
            Platform::Android => Device {
                label: "Android · notification shade",
                width: 42,
                title_lines: 1,
                body_lines: 5,
            },
            // Chrome desktop notification
            Platform::Web => Device {
                label: "Web push · Chrome desktop",
                width: 44,
                title_lines: 1,
                body_lines: 2,
            },
        }
    }
}

/// The lines a device shows and whether anything was cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub title: Vec<String>,
    pub body: Vec<String>,
    pub title_cut: bool,
    pub body_cut: bool,
}

/// The text as a user receives it (see [`super::slots::deliver_liquid`]).
pub fn fill_liquid(text: &str) -> String {
    super::slots::deliver_liquid(text)
}

pub use crate::text::wrap_cut as wrap;

/// What `device` shows of a title and body (sanitised, Liquid filled).
pub fn show(title: &str, body: &str, device: Device) -> Shown {
    let (title, title_cut) = wrap(
        &fill_liquid(&sanitize(title)),
        device.width,
        device.title_lines,
    );
    let (body, body_cut) = wrap(
        &fill_liquid(&sanitize(body)),
        device.width,
        device.body_lines,
    );
    Shown {
        title,
        body,
        title_cut,
        body_cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::width;

    #[test]
    fn liquid_shows_its_default() {
        assert_eq!(
            fill_liquid(r#"Hi {{ first_name | default: "there" }}, look"#),
            "Hi there, look"
        );
        assert_eq!(fill_liquid("Hi {{ first_name }}!"), "Hi!");
        assert_eq!(
            fill_liquid(r#"Welcome back, {{ first_name | default: "there" }}. Look"#),
            "Welcome back. Look"
        );
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis_on_the_last_line() {
        let (lines, cut) = wrap("one two three four five six seven eight", 10, 2);
        assert!(cut);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], "one two");
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert!(lines.iter().all(|l| width(l) <= 10));
    }

    #[test]
    fn short_text_is_not_cut_and_wide_chars_count_two() {
        let (lines, cut) = wrap("靴 sale 🎉", 10, 2);
        assert!(!cut);
        assert_eq!(lines, vec!["靴 sale 🎉".to_string()]);
        let (lines, cut) = wrap("靴靴靴靴靴靴", 6, 1);
        assert!(cut);
        assert!(width(&lines[0]) <= 6, "{lines:?}");
    }

    #[test]
    fn ios_title_is_one_line() {
        let s = show(
            "An extremely long title that will never fit on one line of a phone",
            "Body",
            Device::of(Platform::Ios),
        );
        assert_eq!(s.title.len(), 1);
        assert!(s.title_cut);
        assert!(!s.body_cut);
    }
}
