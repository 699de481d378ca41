//! The conditioning vocabulary of the copy model: tone, offer, persona,
//! category and length budget, each a control token (`<tone:urgent>`, ...).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! control_enum {
    ($(#[$m:meta])* $name:ident, $prefix:literal, [$($var:ident => $label:literal),+ $(,)?]) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($var),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),+];
            /// Snake-case label, as in the corpus and in JSON.
            pub fn label(self) -> &'static str {
                match self { $($name::$var => $label),+ }
            }
            /// The label in words, for people ("cart reminder").
            pub fn words(self) -> String {
                self.label().replace('_', " ")
            }
            /// The control token fed to the copy model.
            pub fn token(self) -> String {
                format!("<{}:{}>", $prefix, self.label())
            }
            pub fn index(self) -> usize {
                Self::ALL.iter().position(|x| *x == self).unwrap_or(0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                let norm = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                Self::ALL
                    .iter()
                    .copied()
                    .find(|x| x.label() == norm)
                    .ok_or_else(|| {
                        let names: Vec<&str> = Self::ALL.iter().map(|x| x.label()).collect();
                        format!("unknown {} '{}' (expected one of: {})", $prefix, s, names.join(", "))
                    })
            }
        }
    };
}

control_enum!(
    /// Voice of the message.
    Tone, "tone", [Urgent => "urgent", Friendly => "friendly", Premium => "premium", Playful => "playful"]
);
control_enum!(
    /// What the push is about.
    Offer, "offer", [
        Discount => "discount",
        BackInStock => "back_in_stock",
        NewArrival => "new_arrival",
        CartReminder => "cart_reminder",
        Replenishment => "replenishment",
    ]
);
control_enum!(
    /// Coarse audience persona the copy speaks to, derived from a segment profile.
    Persona, "persona", [
        Bargain => "bargain",
        Loyal => "loyal",
        New => "new",
        Lapsed => "lapsed",
        Browser => "browser",
        Specialist => "specialist",
        General => "general",
    ]
);
control_enum!(
    /// Body length budget.
    LenBucket, "len", [Short => "short", Medium => "medium", Long => "long"]
);

impl Offer {
    /// Plain-English description, for prompts.
    pub fn describe(self) -> &'static str {
        match self {
            Offer::Discount => "a discount on the product",
            Offer::BackInStock => "the product is back in stock",
            Offer::NewArrival => "a new product just arrived",
            Offer::CartReminder => "the product is still in the shopper's cart",
            Offer::Replenishment => "time to reorder a product the shopper buys regularly",
        }
    }
}

impl Persona {
    /// Infers the persona from a segment's name and description (keywords of
    /// the segment namer: "Bargain hunters", "Lapsed customers", ...).
    pub fn infer(name: &str, description: &str) -> Persona {
        let name = name.to_lowercase();
        let desc = description.to_lowercase();
        const RULES: &[(Persona, &[&str])] = &[
            (
                Persona::Lapsed,
                &[
                    "lapsed", "dormant", "inactive", "churn", "lost", "sleeping", "win-back",
                    "at risk",
                ],
            ),
            (
                Persona::New,
                &["new ", "new_", "newcomer", "first", "recent sign", "fresh"],
            ),
            (
                Persona::Bargain,
                &[
                    "bargain",
                    "deal",
                    "discount",
                    "price-sensitive",
                    "thrift",
                    "sale",
                ],
            ),
            (
                Persona::Loyal,
                &[
                    "loyal",
                    "high spend",
                    "high-spend",
                    "vip",
                    "champion",
                    "frequent",
                    "best",
                ],
            ),
            (
                Persona::Browser,
                &[
                    "window",
                    "browser",
                    "browsing",
                    "viewer",
                    "looker",
                    "undecided",
                ],
            ),
            (
                Persona::Specialist,
                &["specialist", "enthusiast", "fan", "focused", "devotee"],
            ),
        ];
        for text in [&name, &desc] {
            let padded = format!("{text} ");
            for (p, keys) in RULES {
                if keys.iter().any(|k| padded.contains(k)) {
                    return *p;
                }
            }
        }
        Persona::General
    }
}

impl LenBucket {
    /// Bucket of a body whose estimated width is `w` cells.
    pub fn of_width(w: usize) -> LenBucket {
        match w {
            0..=95 => LenBucket::Short,
            96..=145 => LenBucket::Medium,
            _ => LenBucket::Long,
        }
    }

    /// Buckets that fit a body limit, the longest first.
    pub fn fitting(body_limit: usize) -> Vec<LenBucket> {
        match body_limit {
            0..=139 => vec![LenBucket::Short],
            140..=199 => vec![LenBucket::Medium, LenBucket::Short],
            _ => vec![LenBucket::Long, LenBucket::Medium, LenBucket::Short],
        }
    }
}

/// The product-category control tokens: the sample store's twelve categories
/// and `general` for anything else.
pub const CATEGORY_KEYS: &[(&str, &[&str])] = &[
    (
        "electronics",
        &[
            "electronic",
            "tech",
            "computer",
            "phone",
            "audio",
            "camera",
            "gadget",
        ],
    ),
    (
        "fashion",
        &[
            "fashion", "cloth", "apparel", "shoe", "wear", "jewel", "accessor",
        ],
    ),
    (
        "home",
        &["home", "kitchen", "furniture", "decor", "household"],
    ),
    (
        "beauty",
        &[
            "beauty",
            "cosmetic",
            "skin",
            "makeup",
            "fragrance",
            "personal care",
        ],
    ),
    ("sports", &["sport", "outdoor", "fitness", "camping"]),
    (
        "grocery",
        &["grocery", "food", "drink", "beverage", "pantry", "snack"],
    ),
    ("toys", &["toy", "game", "puzzle"]),
    ("books", &["book", "novel", "magazine"]),
    (
        "health",
        &["health", "vitamin", "supplement", "wellness", "pharma"],
    ),
    ("pets", &["pet", "dog", "cat "]),
    ("garden", &["garden", "plant", "lawn", "patio"]),
    ("baby", &["baby", "infant", "nursery", "toddler"]),
];

/// The category control key for a catalogue category name (`general` when
/// none matches).
pub fn category_key(category: Option<&str>) -> &'static str {
    let Some(c) = category else {
        return "general";
    };
    let c = format!("{} ", c.to_lowercase());
    CATEGORY_KEYS
        .iter()
        .find(|(_, keys)| keys.iter().any(|k| c.contains(k)))
        .map(|(key, _)| *key)
        .unwrap_or("general")
}

/// Every category key, `general` last.
pub fn category_keys() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = CATEGORY_KEYS.iter().map(|(k, _)| *k).collect();
    v.push("general");
    v
}

/// Control token of a category key.
pub fn category_token(key: &str) -> String {
    format!("<cat:{key}>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_infer() {
        assert_eq!("back-in-stock".parse::<Offer>(), Ok(Offer::BackInStock));
        assert!("loud".parse::<Tone>().is_err());
        assert_eq!(Persona::infer("Lapsed customers", ""), Persona::Lapsed);
        assert_eq!(
            Persona::infer("Segment 3", "bargain hunters, buy on sale"),
            Persona::Bargain
        );
        assert_eq!(category_key(Some("Home & Kitchen")), "home");
        assert_eq!(category_key(Some("Pet Supplies")), "pets");
        assert_eq!(category_key(Some("Widgets")), "general");
        assert_eq!(LenBucket::fitting(120), vec![LenBucket::Short]);
    }
}
