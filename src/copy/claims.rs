//! Claims a push makes about the world (scarcity, deadlines, newness, stock,
//! the user's cart, a refill being due, ratings, sizes, low prices) and the
//! facts that back them. A claim with no fact behind it is refused: by the
//! generator, `pushbench copy check`, the Copy screen and every export.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of fact a claim needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Claim {
    /// "Ends at midnight", "Last chance today": an end date for the offer.
    Deadline,
    /// "Only 3 left", "Selling fast": stock levels.
    Scarcity,
    /// "Back in stock", "Available again": a restock.
    Restock,
    /// "Just released", "New in": the item is new.
    Newness,
    /// "Still in your cart": the item is in this user's cart, not bought.
    Cart,
    /// "Running low?", "Time to reorder": the user buys it and is due.
    Refill,
    /// "Top rated", "Bestseller", "Loved by": ratings or popularity.
    Popularity,
    /// "only $9.99", "for just": a discount behind the price.
    LowPrice,
    /// "Best price this month", "lowest price": price history (none is kept).
    PriceHistory,
    /// "For members", "members only": a membership the data does not record.
    Membership,
    /// "Free shipping", "free returns": shop terms no data layout records.
    Terms,
    /// "Clinically proven", "doctor recommended": health or efficacy claims.
    Efficacy,
    /// "Welcome aboard", "your first order": the user has not bought yet.
    FirstOrder,
    /// "We've missed you", "welcome back": the user has lapsed.
    Lapsed,
    /// "In your size": the user's size.
    Size,
}

impl Claim {
    /// Whether the claim is about the user (their cart, their refill, their
    /// first order, their lapsing): true for some users of a segment only.
    pub fn is_personal(self) -> bool {
        matches!(
            self,
            Claim::Cart | Claim::Refill | Claim::FirstOrder | Claim::Lapsed
        )
    }

    /// The fact that would back it, for messages.
    pub fn needs(self) -> &'static str {
        match self {
            Claim::Deadline => "an end date for the offer (pushbench has none to give)",
            Claim::Scarcity => "stock data showing the item is low (a catalogue `stock` column)",
            Claim::Restock => {
                "a restock recorded in the catalogue (`restocked_at` or `back_in_stock`)"
            }
            Claim::Newness => "the item first appearing in the data within the new-arrival window",
            Claim::Cart => "the item in this user's cart and not bought since",
            Claim::Refill => "a purchase of this item by the user whose usual interval has passed",
            Claim::Popularity => "ratings or sales that put the item at the top",
            Claim::LowPrice => "a discount on the offer",
            Claim::PriceHistory => "price history (pushbench keeps none)",
            Claim::Membership => "a membership (no data layout records one)",
            Claim::Terms => {
                "the shop's shipping, returns and gift terms (no data layout records them)"
            }
            Claim::Efficacy => {
                "evidence for a health, efficacy or composition claim (none is kept)"
            }
            Claim::FirstOrder => "a user who has not bought anything yet",
            Claim::Lapsed => "a user with no activity in the last 30 days of the data",
            Claim::Size => "the user's size (no data layout carries it)",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Claim::Deadline => "deadline",
            Claim::Scarcity => "scarcity",
            Claim::Restock => "restock",
            Claim::Newness => "newness",
            Claim::Cart => "cart",
            Claim::Refill => "refill",
            Claim::Popularity => "popularity",
            Claim::LowPrice => "low price",
            Claim::PriceHistory => "price history",
            Claim::Membership => "membership",
            Claim::Terms => "shop terms",
            Claim::Efficacy => "efficacy or composition",
            Claim::FirstOrder => "first order",
            Claim::Lapsed => "lapsed",
            Claim::Size => "size",
        }
    }
}

impl fmt::Display for Claim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The facts true of one product (and, where known, one user) that claims
/// may rest on. `Default` backs nothing but plain description.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Backing {
    /// Discount in percent the offer backs.
    pub discount: Option<f32>,
    pub deadline: bool,
    pub low_stock: bool,
    pub restocked: bool,
    pub new_item: bool,
    pub in_cart: bool,
    pub refill_due: bool,
    pub popular: bool,
    /// The user has not bought anything yet / has lapsed.
    pub first_order: bool,
    pub lapsed: bool,
    /// The product's category key ([`super::controls::category_key`]); lines
    /// the corpus says only of other categories are refused. `None`: not checked.
    pub category_key: Option<String>,
}

impl Backing {
    pub fn backs(&self, c: Claim) -> bool {
        match c {
            Claim::Deadline => self.deadline,
            Claim::Scarcity => self.low_stock,
            Claim::Restock => self.restocked,
            Claim::Newness => self.new_item,
            Claim::Cart => self.in_cart,
            Claim::Refill => self.refill_due,
            Claim::Popularity => self.popular,
            Claim::FirstOrder => self.first_order,
            Claim::Lapsed => self.lapsed,
            Claim::LowPrice => self.discount.is_some_and(|d| d > 0.0),
            Claim::PriceHistory
            | Claim::Membership
            | Claim::Terms
            | Claim::Efficacy
            | Claim::Size => false,
        }
    }
}

/// Phrases as [`normalise`] writes them (`#` for any number), longest
/// matched first so "stock is running low" is scarcity, not a refill.
const PHRASES: &[(&str, Claim)] = &[
    // deadlines
    ("ends at midnight", Claim::Deadline),
    ("at midnight", Claim::Deadline),
    ("ends tonight", Claim::Deadline),
    ("ends today", Claim::Deadline),
    ("ends soon", Claim::Deadline),
    ("ending soon", Claim::Deadline),
    ("offer ends", Claim::Deadline),
    ("expires soon", Claim::Deadline),
    ("expires", Claim::Deadline),
    ("last chance", Claim::Deadline),
    ("today only", Claim::Deadline),
    ("only today", Claim::Deadline),
    ("tonight only", Claim::Deadline),
    ("ends tomorrow", Claim::Deadline),
    ("last day", Claim::Deadline),
    ("final day", Claim::Deadline),
    ("this weekend", Claim::Deadline),
    ("for hours only", Claim::Deadline),
    ("hours only", Claim::Deadline),
    ("hours left", Claim::Deadline),
    ("final hours", Claim::Deadline),
    ("limited time", Claim::Deadline),
    ("deal of the week", Claim::Deadline),
    ("this week only", Claim::Deadline),
    ("this weekend only", Claim::Deadline),
    ("while it lasts", Claim::Deadline),
    ("prices go back up", Claim::Deadline),
    ("# hours", Claim::Deadline),
    ("last call", Claim::Deadline),
    ("sale ends", Claim::Deadline),
    ("deal ends", Claim::Deadline),
    ("ends sunday", Claim::Deadline),
    ("ends monday", Claim::Deadline),
    ("ends friday", Claim::Deadline),
    ("ends saturday", Claim::Deadline),
    ("ends this week", Claim::Deadline),
    ("before midnight", Claim::Deadline),
    ("countdown", Claim::Deadline),
    // scarcity
    ("only # left", Claim::Scarcity),
    ("just # left", Claim::Scarcity),
    ("only a few left", Claim::Scarcity),
    ("last units", Claim::Scarcity),
    ("last few", Claim::Scarcity),
    ("last one", Claim::Scarcity),
    ("limited edition", Claim::Scarcity),
    ("limited quantities", Claim::Scarcity),
    ("limited quantity", Claim::Scarcity),
    ("almost sold out", Claim::Scarcity),
    ("a few left", Claim::Scarcity),
    ("few left", Claim::Scarcity),
    ("# left in stock", Claim::Scarcity),
    ("stock is running low", Claim::Scarcity),
    ("stock is limited", Claim::Scarcity),
    ("limited stock", Claim::Scarcity),
    ("low stock", Claim::Scarcity),
    ("while stocks last", Claim::Scarcity),
    ("while supplies last", Claim::Scarcity),
    ("selling fast", Claim::Scarcity),
    ("going fast", Claim::Scarcity),
    ("sells out", Claim::Scarcity),
    ("sell out", Claim::Scarcity),
    ("selling out", Claim::Scarcity),
    ("nearly sold out", Claim::Scarcity),
    ("almost gone", Claim::Scarcity),
    ("before it s gone", Claim::Scarcity),
    ("before its gone", Claim::Scarcity),
    ("not for long", Claim::Scarcity),
    ("won t last", Claim::Scarcity),
    ("wont last", Claim::Scarcity),
    ("grab it while you can", Claim::Scarcity),
    ("others have it in their carts", Claim::Popularity),
    // restocks
    ("back in stock", Claim::Restock),
    ("back on the shelf", Claim::Restock),
    ("available again", Claim::Restock),
    ("sold out last time", Claim::Restock),
    ("sold out fast last time", Claim::Restock),
    ("fresh stock", Claim::Restock),
    ("we restocked", Claim::Restock),
    ("restocked", Claim::Restock),
    ("is back", Claim::Restock),
    ("it s back", Claim::Restock),
    ("its back", Claim::Restock),
    ("is baaack", Claim::Restock),
    ("who s back", Claim::Restock),
    ("came back", Claim::Restock),
    ("the return of", Claim::Restock),
    ("returns", Claim::Restock),
    ("returned", Claim::Restock),
    ("once more", Claim::Restock),
    ("back while stocks last", Claim::Restock),
    // size
    ("in your size", Claim::Size),
    ("your size", Claim::Size),
    // newness
    ("just released", Claim::Newness),
    ("just dropped", Claim::Newness),
    ("just landed", Claim::Newness),
    ("just joined", Claim::Newness),
    ("just arrived", Claim::Newness),
    ("just in", Claim::Newness),
    ("new in", Claim::Newness),
    ("new arrival", Claim::Newness),
    ("new arrivals", Claim::Newness),
    ("brand new", Claim::Newness),
    ("fresh drop", Claim::Newness),
    ("fresh in", Claim::Newness),
    ("fresh from", Claim::Newness),
    ("hot off the truck", Claim::Newness),
    ("introducing", Claim::Newness),
    ("first look", Claim::Newness),
    ("debut", Claim::Newness),
    ("newest", Claim::Newness),
    ("be first to", Claim::Newness),
    ("be the first", Claim::Newness),
    ("be among the first", Claim::Newness),
    ("be one of the first", Claim::Newness),
    ("has entered the chat", Claim::Newness),
    // the user's cart
    ("in your cart", Claim::Cart),
    ("in your basket", Claim::Cart),
    ("your cart", Claim::Cart),
    ("your basket", Claim::Cart),
    ("you left", Claim::Cart),
    ("left behind", Claim::Cart),
    ("still thinking about", Claim::Cart),
    ("forgot something", Claim::Cart),
    ("at checkout", Claim::Cart),
    ("checking out", Claim::Cart),
    ("complete your order", Claim::Cart),
    ("checkout before", Claim::Cart),
    ("is saved for you", Claim::Cart),
    ("saved and ready", Claim::Cart),
    ("is reserved for you", Claim::Cart),
    ("we kept", Claim::Cart),
    ("is waiting", Claim::Cart),
    ("is still waiting", Claim::Cart),
    ("your picks are waiting", Claim::Cart),
    ("your selection awaits", Claim::Cart),
    ("piece awaits", Claim::Cart),
    ("misses you", Claim::Cart),
    ("won t wait", Claim::Cart),
    ("kept for you", Claim::Cart),
    // refills
    ("running low", Claim::Refill),
    ("run out", Claim::Refill),
    ("runs out", Claim::Refill),
    ("time to restock", Claim::Refill),
    ("time to reorder", Claim::Refill),
    ("restock", Claim::Refill),
    ("reorder", Claim::Refill),
    ("refill", Claim::Refill),
    ("replenish", Claim::Refill),
    ("stock up", Claim::Refill),
    ("top up", Claim::Refill),
    ("your usual", Claim::Refill),
    ("your stash", Claim::Refill),
    ("ritual renewed", Claim::Refill),
    ("keep your routine going", Claim::Refill),
    ("essentials restocked", Claim::Refill),
    ("in stock", Claim::Refill),
    // popularity
    ("top rated", Claim::Popularity),
    ("top-rated", Claim::Popularity),
    ("best seller", Claim::Popularity),
    ("bestseller", Claim::Popularity),
    ("best-seller", Claim::Popularity),
    ("best selling", Claim::Popularity),
    ("best-selling", Claim::Popularity),
    ("# stars", Claim::Popularity),
    ("#-star", Claim::Popularity),
    ("five-star", Claim::Popularity),
    ("five star", Claim::Popularity),
    ("award-winning", Claim::Popularity),
    ("award winning", Claim::Popularity),
    ("customer favourite", Claim::Popularity),
    ("customer favorite", Claim::Popularity),
    ("favourite is back", Claim::Popularity),
    ("by popular demand", Claim::Popularity),
    ("most popular", Claim::Popularity),
    ("everyone s talking", Claim::Popularity),
    ("readers can t put it down", Claim::Popularity),
    ("loved by", Claim::Popularity),
    ("trusted by", Claim::Popularity),
    ("number one", Claim::Popularity),
    ("everyone s buying", Claim::Popularity),
    ("everyone is buying", Claim::Popularity),
    ("everyone loves", Claim::Popularity),
    ("thousands sold", Claim::Popularity),
    ("# sold", Claim::Popularity),
    ("flying off the shelves", Claim::Popularity),
    ("trending", Claim::Popularity),
    ("fan favourite", Claim::Popularity),
    ("fan favorite", Claim::Popularity),
    ("price dropped", Claim::LowPrice),
    ("price drop", Claim::LowPrice),
    ("prices dropped", Claim::LowPrice),
    ("now cheaper", Claim::LowPrice),
    ("was $#", Claim::PriceHistory),
    ("fresh arrivals", Claim::Newness),
    ("new season", Claim::Newness),
    ("new collection", Claim::Newness),
    ("held for you", Claim::Cart),
    ("on hold for you", Claim::Cart),
    ("free gift", Claim::Terms),
    ("gift with purchase", Claim::Terms),
    ("boosts immune", Claim::Efficacy),
    ("boost your immune", Claim::Efficacy),
    ("immune support", Claim::Efficacy),
    ("# organic", Claim::Efficacy),
    ("# natural", Claim::Efficacy),
    ("# cotton", Claim::Efficacy),
    ("# pure", Claim::Efficacy),
    ("# recycled", Claim::Efficacy),
    // low prices
    ("best price", Claim::PriceHistory),
    ("lowest price", Claim::PriceHistory),
    ("cheapest", Claim::PriceHistory),
    ("never been cheaper", Claim::PriceHistory),
    ("price match", Claim::PriceHistory),
    ("for members", Claim::Membership),
    ("get first pick", Claim::Membership),
    ("you hear first", Claim::Membership),
    ("get early access", Claim::Membership),
    ("great first pick", Claim::FirstOrder),
    ("welcome aboard", Claim::FirstOrder),
    ("welcome to the family", Claim::FirstOrder),
    ("new here", Claim::FirstOrder),
    ("your first order", Claim::FirstOrder),
    ("nice to meet you", Claim::FirstOrder),
    ("glad you re here", Claim::FirstOrder),
    ("we ve missed you", Claim::Lapsed),
    ("we missed you", Claim::Lapsed),
    ("it s been a while", Claim::Lapsed),
    ("welcome back", Claim::Lapsed),
    ("long time no see", Claim::Lapsed),
    ("ready for a comeback", Claim::Lapsed),
    ("come back and see", Claim::Lapsed),
    ("exclusive offer", Claim::Membership),
    ("exclusive deal", Claim::Membership),
    ("exclusive access", Claim::Membership),
    ("early access", Claim::Membership),
    ("vip", Claim::Membership),
    ("free shipping", Claim::Terms),
    ("free delivery", Claim::Terms),
    ("free returns", Claim::Terms),
    ("ships free", Claim::Terms),
    ("next-day delivery", Claim::Terms),
    ("next day delivery", Claim::Terms),
    ("money-back", Claim::Terms),
    ("money back", Claim::Terms),
    ("clinically proven", Claim::Efficacy),
    ("clinically tested", Claim::Efficacy),
    ("doctor recommended", Claim::Efficacy),
    ("dermatologist recommended", Claim::Efficacy),
    ("dermatologist tested", Claim::Efficacy),
    ("scientifically proven", Claim::Efficacy),
    ("as seen on", Claim::Popularity),
    ("members only", Claim::Membership),
    ("member price", Claim::Membership),
    ("members get", Claim::Membership),
    ("only $#", Claim::LowPrice),
    ("just $#", Claim::LowPrice),
    ("for just", Claim::LowPrice),
    ("and it s only", Claim::LowPrice),
];

/// Lower case, apostrophes and punctuation to spaces, every number `#`;
/// a currency symbol before a number stays (`$#`), so "only $9" is a price.
pub fn normalise(s: &str) -> String {
    words(s)
        .into_iter()
        .map(|(w, _)| w)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of [`normalise`], each with its byte range in `s`.
fn words(s: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    let mut cur = String::new();
    let mut from = 0;
    let flush = |cur: &mut String, from: usize, to: usize, out: &mut Vec<_>| {
        if !cur.is_empty() {
            out.push((std::mem::take(cur), from..to));
        }
    };
    let mut chars = s.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if cur.is_empty() {
            from = at;
        }
        let end = at + c.len_utf8();
        if c.is_alphabetic() || c == '-' && !cur.is_empty() {
            cur.extend(c.to_lowercase());
        } else if c.is_ascii_digit() {
            // a whole number (with . and , inside) becomes '#'
            let mut last = end;
            while let Some(&(j, d)) = chars.peek() {
                if d.is_ascii_digit() {
                    last = j + 1;
                    chars.next();
                } else if matches!(d, '.' | ',')
                    && s[j + 1..]
                        .chars()
                        .next()
                        .is_some_and(|x| x.is_ascii_digit())
                {
                    chars.next();
                } else {
                    break;
                }
            }
            cur.push('#');
            if chars
                .peek()
                .is_none_or(|&(_, d)| !(d.is_alphabetic() || d == '-'))
            {
                flush(&mut cur, from, last, &mut out);
            }
        } else if matches!(c, '$' | '€' | '£' | '¥')
            && chars.peek().is_some_and(|&(_, d)| d.is_ascii_digit())
        {
            flush(&mut cur, from, at, &mut out);
            from = at;
            cur.push('$');
        } else if c == '#' && chars.peek().is_some_and(|&(_, d)| d == '1') {
            flush(&mut cur, from, at, &mut out);
            chars.next();
            out.push(("number".into(), at..at + 2));
            out.push(("one".into(), at..at + 2));
        } else {
            flush(&mut cur, from, at, &mut out);
        }
    }
    flush(&mut cur, from, s.len(), &mut out);
    out
}

/// Words that, standing alone, claim the item is new; "new" is newness
/// unless a phrase below uses it for something else.
const NEW_NOT_NEWNESS: &[&str] = &[
    "new here",
    "new parents",
    "new season",
    "new shelf",
    "new to",
    "what s new",
    "whats new",
    "your new",
    "new customer",
    "new customers",
    "new year",
];

/// Every claim in the text, with the words that make it as written, in
/// order of kind.
pub fn claims_in(title: &str, body: &str) -> Vec<(Claim, String)> {
    // word i of `text` (after its leading space) is `source[i]`
    let mut source: Vec<Option<(&str, std::ops::Range<usize>)>> = Vec::new();
    let mut norm: Vec<String> = Vec::new();
    for (k, field) in [title, body].into_iter().enumerate() {
        if k == 1 {
            norm.push("|".into());
            source.push(None);
        }
        for (w, r) in words(field) {
            norm.push(w);
            source.push(Some((field, r)));
        }
    }
    let mut rest = format!(" {} ", norm.join(" "));
    let original = |byte: usize, n: usize, rest: &str| -> String {
        let first = rest[..byte].matches(' ').count() - 1;
        let span = |i: usize| source.get(i).cloned().flatten();
        match (span(first), span(first + n - 1)) {
            (Some((f, a)), Some((g, b))) if std::ptr::eq(f, g) => f[a.start..b.end].to_string(),
            _ => String::new(),
        }
    };
    let mut phrases: Vec<&(&str, Claim)> = PHRASES.iter().collect();
    phrases.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    let mut out: Vec<(Claim, String)> = Vec::new();
    let blank = |p: &str, claim: Option<Claim>, rest: &mut String, out: &mut Vec<_>| {
        let needle = format!(" {p} ");
        let n = p.split(' ').count();
        while let Some(i) = rest.find(&needle) {
            if let Some(c) = claim {
                let text = original(i + 1, n, rest);
                let text = if text.is_empty() { p.to_string() } else { text };
                if !out
                    .iter()
                    .any(|(k, t): &(Claim, String)| *k == c && t.eq_ignore_ascii_case(&text))
                {
                    out.push((c, text));
                }
            }
            let filler = " ".to_string() + &"_ ".repeat(n);
            rest.replace_range(i..i + needle.len(), &filler);
        }
    };
    for (p, c) in phrases {
        blank(p, Some(*c), &mut rest, &mut out);
    }
    for p in NEW_NOT_NEWNESS {
        blank(p, None, &mut rest, &mut out);
    }
    if !out.iter().any(|(c, _)| *c == Claim::Newness) {
        blank("new", Some(Claim::Newness), &mut rest, &mut out);
    }
    out.sort();
    out
}

/// The claims in the text no fact in `b` backs.
pub fn unbacked(title: &str, body: &str, b: &Backing) -> Vec<(Claim, String)> {
    claims_in(title, body)
        .into_iter()
        .filter(|(c, _)| !b.backs(*c))
        .collect()
}

/// The kinds of claim a text makes (for templates: checked per user later).
pub fn kinds(title: &str, body: &str) -> Vec<Claim> {
    let mut v: Vec<Claim> = claims_in(title, body).into_iter().map(|(c, _)| c).collect();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_of(t: &str, b: &str) -> Vec<Claim> {
        kinds(t, b)
    }

    #[test]
    fn finds_each_kind_of_claim() {
        assert_eq!(
            kinds_of("Only 3 left!", "Ends at midnight"),
            vec![Claim::Deadline, Claim::Scarcity]
        );
        assert_eq!(kinds_of("Stock is running low.", ""), vec![Claim::Scarcity]);
        assert_eq!(kinds_of("Running low on tea?", ""), vec![Claim::Refill]);
        assert_eq!(
            kinds_of("Oakmere just released X", ""),
            vec![Claim::Newness]
        );
        assert_eq!(kinds_of("New toy alert: X", ""), vec![Claim::Newness]);
        assert_eq!(
            kinds_of("Welcome! New here?", "Take a look."),
            vec![Claim::FirstOrder]
        );
        assert_eq!(kinds_of("X is back in stock", ""), vec![Claim::Restock]);
        assert_eq!(kinds_of("You left X behind", ""), vec![Claim::Cart]);
        assert_eq!(
            kinds_of("X is here", "and it's only $361.49."),
            vec![Claim::LowPrice]
        );
        assert_eq!(
            kinds_of("Best price this month", ""),
            vec![Claim::PriceHistory]
        );
        assert_eq!(
            kinds_of("Verde: 15% for members", ""),
            vec![Claim::Membership]
        );
        assert_eq!(kinds_of("Free shipping on X", ""), vec![Claim::Terms]);
        assert_eq!(
            kinds_of("Clinically proven X", "Last units!"),
            vec![Claim::Scarcity, Claim::Efficacy]
        );
        assert_eq!(kinds_of("Only today: X", ""), vec![Claim::Deadline]);
        assert_eq!(
            kinds_of(
                "Welcome aboard!",
                "As one of our favourite customers, you get first pick."
            ),
            vec![Claim::Membership, Claim::FirstOrder]
        );
        assert_eq!(kinds_of("We've missed you", ""), vec![Claim::Lapsed]);
        assert_eq!(
            kinds_of("Back in your size and style", ""),
            vec![Claim::Size]
        );
        assert_eq!(kinds_of("Our #1 pick", ""), vec![Claim::Popularity]);
        assert_eq!(
            kinds_of("Meet the Aurora lamp", "Tap to take a look."),
            vec![]
        );
    }

    #[test]
    fn facts_back_claims() {
        let b = Backing {
            new_item: true,
            ..Backing::default()
        };
        assert!(unbacked("New in: X", "", &b).is_empty());
        let none = Backing::default();
        let u = unbacked("New in: X", "Only a few left. Ends at midnight.", &none);
        let k: Vec<Claim> = u.iter().map(|(c, _)| *c).collect();
        assert_eq!(k, vec![Claim::Deadline, Claim::Scarcity, Claim::Newness]);
    }

    #[test]
    fn numbers_and_prices_normalise() {
        assert_eq!(normalise("Only 3 left!"), "only # left");
        assert_eq!(normalise("only $361.49."), "only $#");
        assert_eq!(normalise("It's 20% off"), "it s # off");
        assert_eq!(
            normalise("Our #1 pick, 5-star"),
            "our number one pick #-star"
        );
        let c = claims_in("Only 3 left!", "Hurry: ends at Midnight.");
        assert_eq!(
            c,
            vec![
                (Claim::Deadline, "ends at Midnight".to_string()),
                (Claim::Scarcity, "Only 3 left".to_string())
            ]
        );
    }
}
