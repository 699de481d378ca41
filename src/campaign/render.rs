//! Templates: `{slot}` placeholders filled per user, Liquid tags
//! (`{{ first_name | default: "there" }}`, `{% if %}`) kept for the push
//! service, and product names shortened at word boundaries to fit the
//! platform's visible length.

use crate::text;
use std::fmt::Write as _;

/// Slots allowed in titles and bodies.
pub const TEXT_SLOTS: [&str; 5] = ["product", "category", "brand", "price", "discount"];
/// Slots allowed in deep links, web links and image URLs.
pub const LINK_SLOTS: [&str; 5] = ["item_id", "user_id", "campaign_id", "segment_id", "variant"];

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Lit(String),
    Slot(String),
    /// Verbatim Liquid, and the text it shows by default (for length checks
    /// and for services without Liquid).
    Liquid {
        raw: String,
        default: String,
    },
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pieces: Vec<Piece>,
}

/// Values for one user's title and body.
#[derive(Debug, Clone, Default)]
pub struct Fill<'a> {
    pub product: &'a str,
    pub category: &'a str,
    pub brand: &'a str,
    pub price: Option<f32>,
    pub discount: Option<&'a str>,
    /// The discount in percent, when `discount` reads as one ("15%").
    pub discount_pct: Option<f32>,
    pub currency: &'a str,
}

/// Cells a Liquid tag is counted as (the service fills in a name), as the
/// copy module counts it.
pub const LIQUID_WIDTH: usize = 10;

/// `"15%"` or `"15"` as a percentage.
pub fn percent(s: &str) -> Option<f32> {
    let v: f32 = s.trim().trim_end_matches('%').trim().parse().ok()?;
    (v > 0.0 && v < 100.0).then_some(v)
}

/// Values for one user's links.
#[derive(Debug, Clone, Default)]
pub struct LinkFill<'a> {
    pub item_id: &'a str,
    pub user_id: &'a str,
    pub campaign_id: &'a str,
    pub segment_id: usize,
    pub variant: &'a str,
}

fn liquid_default(inner: &str) -> String {
    // `{{ x | default: "y" }}` -> y ; anything else -> ""
    let Some(pos) = inner.find("default:") else {
        return String::new();
    };
    let rest = inner[pos + "default:".len()..].trim_start();
    let mut chars = rest.chars();
    match chars.next() {
        Some(q @ ('"' | '\'')) => chars.take_while(|&c| c != q).collect(),
        _ => String::new(),
    }
}

impl Template {
    pub fn parse(s: &str) -> Result<Template, String> {
        let mut pieces = Vec::new();
        let mut lit = String::new();
        let mut i = 0;
        let b = s.as_bytes();
        while i < s.len() {
            let rest = &s[i..];
            if rest.starts_with("{{") || rest.starts_with("{%") {
                let close = if rest.starts_with("{{") { "}}" } else { "%}" };
                let end = rest[2..]
                    .find(close)
                    .ok_or_else(|| format!("unclosed Liquid tag '{}'", text::truncate(rest, 24)))?;
                let raw = &rest[..end + 4];
                let default = liquid_default(&rest[2..end + 2]);
                if !lit.is_empty() {
                    pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                }
                pieces.push(Piece::Liquid {
                    raw: raw.to_string(),
                    default,
                });
                i += raw.len();
                continue;
            }
            if b[i] == b'{' {
                let name: String = rest[1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && rest[1 + name.len()..].starts_with('}') {
                    if !lit.is_empty() {
                        pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                    }
                    i += name.len() + 2;
                    pieces.push(Piece::Slot(name));
                    continue;
                }
            }
            let c = rest.chars().next().unwrap_or(' ');
            lit.push(c);
            i += c.len_utf8();
        }
        if !lit.is_empty() {
            pieces.push(Piece::Lit(lit));
        }
        Ok(Template { pieces })
    }

    /// Slot names in order of appearance.
    pub fn slots(&self) -> Vec<&str> {
        self.pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Slot(s) => Some(s.as_str()),
                _ => None,
            })
            .collect()
    }

    fn uses(&self, slot: &str) -> usize {
        self.slots().iter().filter(|s| **s == slot).count()
    }

    fn write(&self, f: &Fill, product: &str, liquid: bool, out: &mut String) {
        for p in &self.pieces {
            match p {
                Piece::Lit(s) => out.push_str(s),
                Piece::Liquid { raw, default } => {
                    if liquid {
                        out.push_str(raw);
                    } else {
                        out.push_str(default);
                        let pad = LIQUID_WIDTH.saturating_sub(text::width(default));
                        out.extend(std::iter::repeat_n(' ', pad));
                    }
                }
                Piece::Slot(s) => match s.as_str() {
                    "product" => out.push_str(product),
                    "category" => out.push_str(&clean(f.category)),
                    "brand" => out.push_str(&clean(f.brand)),
                    "discount" => out.push_str(&clean(f.discount.unwrap_or(""))),
                    "price" => {
                        if let Some(p) = f.price {
                            let p = p * (1.0 - f.discount_pct.unwrap_or(0.0) / 100.0);
                            let _ = write!(out, "{}{:.2}", clean(f.currency), p);
                        }
                    }
                    _ => {}
                },
            }
        }
    }

    /// Renders with Liquid kept; when the text (Liquid counted by its default)
    /// is wider than `limit` cells, the product name is shortened at a word
    /// boundary to fit. Returns the text and whether it still overflows.
    pub fn render(&self, f: &Fill, limit: usize) -> (String, bool) {
        let product = clean(f.product);
        let mut shown = String::new();
        self.write(f, &product, false, &mut shown);
        let w = text::width(&shown);
        let n = self.uses("product");
        let product = if w > limit && n > 0 {
            let other = w - n * text::width(&product);
            let room = limit.saturating_sub(other) / n;
            shorten(&product, room.max(1))
        } else {
            product
        };
        let mut out = String::new();
        self.write(f, &product, true, &mut out);
        let mut shown = String::new();
        self.write(f, &product, false, &mut shown);
        let over = text::width(&shown) > limit;
        (out, over)
    }

    /// Renders like the copy module fills its own lines (category in lower
    /// case mid-sentence, product names cut around their head noun), so users
    /// get what the marketer approved; falls back to [`Template::render`] when
    /// the copy filler cannot (a value is missing, a name cannot fit).
    pub fn render_as_copy(
        &self,
        source: &str,
        f: &Fill,
        item_id: &str,
        limit: usize,
    ) -> (String, bool) {
        let product = crate::copy::Product {
            item_id: item_id.to_string(),
            title: crate::copy::facts::display_name(&clean(f.product)),
            category: Some(clean(f.category)).filter(|c| !c.is_empty()),
            brand: Some(clean(f.brand)).filter(|b| !b.is_empty()),
            price: f.price,
            discount: f.discount_pct,
            facts: Default::default(),
        };
        match crate::copy::slots::fill(source, &product, &clean(f.currency), limit, LIQUID_WIDTH) {
            Ok(s) => (s, false),
            Err(_) => self.render(f, limit),
        }
    }

    /// Renders a link: slot values are percent-encoded.
    pub fn render_link(&self, f: &LinkFill) -> String {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Lit(s) => out.push_str(s),
                Piece::Liquid { raw, .. } => out.push_str(raw),
                Piece::Slot(s) => match s.as_str() {
                    "item_id" => encode(f.item_id, &mut out),
                    "user_id" => encode(f.user_id, &mut out),
                    "campaign_id" => encode(f.campaign_id, &mut out),
                    "segment_id" => {
                        let _ = write!(out, "{}", f.segment_id);
                    }
                    "variant" => encode(f.variant, &mut out),
                    _ => {}
                },
            }
        }
        out
    }
}

/// Values from data files: control characters and escapes removed, and braces
/// neutralised so a product name cannot inject a Liquid tag or a slot.
pub fn clean(s: &str) -> String {
    let s = text::sanitize(s);
    if s.contains(['{', '}']) {
        s.replace('{', "(").replace('}', ")")
    } else {
        s
    }
}

/// Shortens to at most `max` cells at a word boundary; a first word longer
/// than that is cut with an ellipsis.
pub fn shorten(s: &str, max: usize) -> String {
    if text::width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for word in s.split_whitespace() {
        let cand = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if text::width(&cand) > max {
            break;
        }
        out = cand;
    }
    let out = out
        .trim_end_matches([',', '-', '&', ':', ';', '/', '(', ' '])
        .to_string();
    if out.is_empty() {
        text::truncate(s, max)
    } else {
        out
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn encode(s: &str, out: &mut String) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_liquid_and_literals() {
        let t = Template::parse("Hi {{ first_name | default: \"there\" }}, {product} {x {price}")
            .unwrap();
        assert_eq!(t.slots(), vec!["product", "price"]);
        let f = Fill {
            product: "Cosy Socks",
            price: Some(9.5),
            currency: "€",
            ..Fill::default()
        };
        let (s, over) = t.render(&f, 100);
        assert_eq!(
            s,
            "Hi {{ first_name | default: \"there\" }}, Cosy Socks {x €9.50"
        );
        assert!(!over);
        assert_eq!(
            crate::copy::slots::deliver_liquid(&s),
            "Hi there, Cosy Socks {x €9.50"
        );
        assert!(Template::parse("oops {{ name").is_err());
    }

    #[test]
    fn shortens_product_to_fit() {
        let t = Template::parse("{product} is back").unwrap();
        let f = Fill {
            product: "Brightnest Egyptian Cotton Bed Sheets",
            ..Fill::default()
        };
        let (s, over) = t.render(&f, 30);
        assert_eq!(s, "Brightnest Egyptian is back");
        assert!(!over);
        assert_eq!(shorten("日本語テキスト", 5), "日本…");
    }

    #[test]
    fn links_are_encoded_and_values_cleaned() {
        let t = Template::parse("myshop://product/{item_id}?u={user_id}").unwrap();
        let s = t.render_link(&LinkFill {
            item_id: "I 1/é",
            user_id: "U1",
            ..LinkFill::default()
        });
        assert_eq!(s, "myshop://product/I%201%2F%C3%A9?u=U1");
        assert_eq!(clean("{{ x }}\u{1b}[31m"), "(( x ))");
    }
}
