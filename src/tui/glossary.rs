//! What each screen is for and what its numbers mean, in plain words: the
//! help overlay shows the current screen's page above its keys.

use super::app::Screen;

/// One term: the word the screen shows, the short name the CLI and JSON use,
/// what it means, and which way is better.
pub struct Term {
    pub shown: &'static str,
    pub short: &'static str,
    pub meaning: &'static str,
    pub better: Better,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
    /// Neither: a description, not a score.
    Neither,
}

impl Better {
    pub fn label(self) -> &'static str {
        match self {
            Better::Higher => "higher is better",
            Better::Lower => "lower is better",
            Better::Neither => "",
        }
    }
}

const fn t(
    shown: &'static str,
    short: &'static str,
    meaning: &'static str,
    better: Better,
) -> Term {
    Term {
        shown,
        short,
        meaning,
        better,
    }
}

use Better::*;

const DATA: &[Term] = &[
    t("events", "events", "rows of behaviour read: views, searches, carts, favourites, purchases", Neither),
    t("funnel", "funnel", "users with at least one event of each stage; stages the data has no events for are left out", Neither),
    t("view→cart", "view_to_cart", "share of viewing users who also added something to a cart", Higher),
    t("cart→buy", "cart_to_purchase", "share of users with a cart who also bought", Higher),
    t("activity", "daily", "events per day over the whole period; a bar is the mean of its days when several share one", Neither),
    t("dropped", "dropped", "rows left out on purpose (unreadable or outside the layout); the summary command lists why", Lower),
];

const SEGMENTS: &[Term] = &[
    t("segment", "segment", "a group of users who behave alike, found by clustering their behaviour features", Neither),
    t("silhouette", "silhouette", "how well users sit in their own segment rather than the next one, -1 to 1; above 0.25 is a usable split", Higher),
    t("buyers", "buyer_share", "share of the segment's users who bought at least once", Neither),
    t("share", "share", "the segment's share of all users (hidden when the list is narrow)", Neither),
    t("k", "k", "how many segments; 'a' picks the k with the best silhouette", Neither),
    t("lift", "lift", "the segment's value of a feature over everyone's: 2.0x is twice the average, ◀ below it, ▶ above", Neither),
    t("aov", "aov", "average order value: revenue per purchase", Neither),
    t("price band", "price_band", "the typical price of what the segment buys, relative to the catalogue", Neither),
    t("recency", "recency_days", "days since the user's last event (at the end of the data)", Neither),
    t("frequency", "frequency", "active days or sessions in the period", Neither),
];

const COMPARE: &[Term] = &[
    t("content", "content", "products like the ones the users interacted with, by catalogue text, category and brand; needs a catalogue", Neither),
    t("item-kNN / ALS / EASE", "item_knn, als, ease", "collaborative filtering: products that people with similar histories chose (m switches)", Neither),
    t("hybrid", "hybrid", "collaborative and content scores blended at the weight shown ([ and ] change it); new users get content and popularity", Neither),
    t("highlighted", "", "a product that another column's top 10 has as well", Neither),
    t("hit rate", "hit", "share of users for whom at least one of the 10 products was something they went on to use in the held-out 20%", Higher),
    t("precision", "prec", "share of the 10 products that the user went on to use", Higher),
    t("recall", "recall", "share of what the user went on to use that was among the 10", Higher),
    t("ranking", "ndcg", "like recall, but a hit near the top of the list counts more (nDCG)", Higher),
    t("map", "map", "mean average precision, another rank-weighted precision (in the evaluate command)", Higher),
    t("catalogue", "cover", "share of the catalogue recommended to anyone: low means everyone sees the same few", Higher),
    t("variety", "divers", "how different the 10 products are from each other (1 - mean similarity)", Higher),
    t("novelty", "novel", "how far from the best-sellers the products are: low means mostly popular items", Higher),
];

const COPY: &[Term] = &[
    t("✓ ✗ ·", "status", "approved (in the campaign), rejected, not decided yet; ✎ edited by hand; ! an issue blocks approval", Neither),
    t("title n/m", "title_chars", "characters of the title as the phone shows it, of the most the platform shows", Lower),
    t("offer", "offer", "what the copy may promise: a discount, a cart reminder, a refill, … 'auto' picks what the data backs", Neither),
    t("tone", "tone", "the voice asked of the copy model (t switches); an edited text keeps only what was asked", Neither),
    t("your taste", "critic", "how likely you are to approve this text, learnt from your own approvals and rejections; shown once it predicts them", Higher),
    t("claims", "claims", "a line that states a fact (a discount, low stock, a deadline) is only allowed when the data backs it for the user", Neither),
];

const CAMPAIGN: &[Term] = &[
    t("control group", "control_percent", "users of each segment who get nothing, so the lift of the push can be measured", Neither),
    t("variant", "label", "an approved text (A, B, …); a segment's users are split between its variants", Neither),
    t("left out", "excluded", "targeted users who get nothing because the copy's claims are not true for them or it would not fit", Lower),
    t("schedule", "schedule", "when the pushes go out: immediately, at a time, or at a time in each user's own time zone; quiet hours are never used", Neither),
];

/// The screen's purpose in one line.
pub fn purpose(s: Screen) -> &'static str {
    match s {
        Screen::Data => "What the loaded data holds: users, products, events, the funnel and activity over time.",
        Screen::Segments => "Groups of users who behave alike, named and explained by how they differ from everyone.",
        Screen::Compare => "Which products each method would push to a segment or a user, and how well each predicts real behaviour.",
        Screen::Copy => "The push text for the selected segment, previewed as the phone shows it: approve, edit or reject.",
        Screen::Campaign => "Who gets which approved text, the control group, and the export for the push service; page up / page down scroll what users receive.",
    }
}

/// The terms a screen shows.
pub fn terms(s: Screen) -> &'static [Term] {
    match s {
        Screen::Data => DATA,
        Screen::Segments => SEGMENTS,
        Screen::Compare => COMPARE,
        Screen::Copy => COPY,
        Screen::Campaign => CAMPAIGN,
    }
}
