//! Event types and the labels used for them by the public layouts.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    View,
    Search,
    Cart,
    Favorite,
    Purchase,
}

impl EventKind {
    pub const ALL: [EventKind; 5] = [
        EventKind::View,
        EventKind::Search,
        EventKind::Cart,
        EventKind::Favorite,
        EventKind::Purchase,
    ];

    pub fn label(self) -> &'static str {
        match self {
            EventKind::View => "view",
            EventKind::Search => "search",
            EventKind::Cart => "cart",
            EventKind::Favorite => "favorite",
            EventKind::Purchase => "purchase",
        }
    }

    /// Parses a label case-insensitively, accepting the aliases of the public
    /// layouts (pv, buy, fav, addtocart, transaction, ...).
    pub fn parse(label: &str) -> Option<EventKind> {
        let l = label.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Some(match l.as_str() {
            "view" | "pv" | "page_view" | "pageview" | "detail" | "click" | "impression"
            | "view_item" | "product_view" | "visit" => EventKind::View,
            "search" | "query" => EventKind::Search,
            "cart" | "addtocart" | "add_to_cart" | "add" | "basket" | "addtobasket"
            | "add_to_basket" => EventKind::Cart,
            "fav" | "favorite" | "favourite" | "like" | "wishlist" | "save" => EventKind::Favorite,
            "buy" | "purchase" | "transaction" | "order" | "checkout" | "sale" | "bought" => {
                EventKind::Purchase
            }
            _ => return None,
        })
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn aliases() {
        assert_eq!(EventKind::parse("pv"), Some(EventKind::View));
        assert_eq!(EventKind::parse("AddToCart"), Some(EventKind::Cart));
        assert_eq!(EventKind::parse("transaction"), Some(EventKind::Purchase));
        assert_eq!(EventKind::parse("fav"), Some(EventKind::Favorite));
        assert_eq!(EventKind::parse("refund"), None);
    }
}
