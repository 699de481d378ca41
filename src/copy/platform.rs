//! Visible length limits of push notifications per platform, counted in
//! display cells (emoji and wide characters count two).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Ios,
    Android,
    Web,
}

impl Platform {
    pub const ALL: [Platform; 3] = [Platform::Ios, Platform::Android, Platform::Web];

    pub fn label(self) -> &'static str {
        match self {
            Platform::Ios => "ios",
            Platform::Android => "android",
            Platform::Web => "web",
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for Platform {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ios" | "iphone" | "apns" => Ok(Platform::Ios),
            "android" | "fcm" => Ok(Platform::Android),
            "web" | "webpush" | "browser" => Ok(Platform::Web),
            _ => Err(format!(
                "unknown platform '{s}' (expected ios, android or web)"
            )),
        }
    }
}

/// Maximum visible widths of title and body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    pub title: usize,
    pub body: usize,
    /// Cells counted for a Liquid personalisation tag (a typical first name).
    pub liquid_width: usize,
}

impl Limits {
    /// Defaults: iOS lock screen 40/178, Android 65/240, web push 50/120.
    pub fn for_platform(p: Platform) -> Limits {
        let (title, body) = match p {
            Platform::Ios => (40, 178),
            Platform::Android => (65, 240),
            Platform::Web => (50, 120),
        };
        Limits {
            title,
            body,
            liquid_width: 10,
        }
    }
}

/// Display width of push text as a device shows it: each `{{ ... }}` Liquid
/// tag counts as `liquid_width` cells (the service fills it with a name).
pub fn visible_width(text: &str, liquid_width: usize) -> usize {
    let mut rest = text;
    let mut w = 0;
    while let Some(start) = rest.find("{{") {
        match rest[start..].find("}}") {
            Some(end) => {
                w += crate::text::width(&rest[..start]) + liquid_width;
                rest = &rest[start + end + 2..];
            }
            None => break,
        }
    }
    w + crate::text::width(rest)
}
