//! Readable segment names and one-line descriptions derived from profiles.
//!
//! Each segment is scored against a set of archetypes ("Lapsed customers",
//! "Window shoppers", ...) using its feature z-scores; the best pairs are
//! assigned greedily, one archetype per segment. Segments left over take the
//! archetype that fits them best with their top category as qualifier, and
//! names are made unique. Everything is a pure function of the profiles, so
//! the same seed gives the same names.

use super::SegmentProfile;

/// Minimum archetype score (in z units) for a name to be given outright.
const MIN_SCORE: f64 = 0.35;

fn get(v: &[(String, f64)], name: &str) -> Option<f64> {
    v.iter().find(|(n, _)| n == name).map(|(_, x)| *x)
}

fn top_category(p: &SegmentProfile) -> Option<&str> {
    p.top_categories.first().map(|(c, _)| c.as_str())
}

/// A named behaviour pattern: weighted z-scores, the first term is the key
/// feature (the archetype does not apply without it).
struct Archetype {
    name: &'static str,
    terms: &'static [(&'static str, f64)],
    /// Secondary patterns (time of day, ...) are scaled down so the primary
    /// ones win when both fit.
    scale: f64,
}

const fn a(name: &'static str, terms: &'static [(&'static str, f64)], scale: f64) -> Archetype {
    Archetype { name, terms, scale }
}

#[rustfmt::skip]
const ARCHETYPES: &[Archetype] = &[
    a("Lapsed customers", &[("recency_days", 1.0), ("tenure_days", -0.2)], 1.0),
    a("New visitors", &[("tenure_days", -1.0), ("recency_days", -0.5), ("sessions", -0.3)], 1.0),
    a("Loyal high spenders", &[("purchases", 1.0), ("spend", 0.6), ("price_band", 0.4), ("recency_days", -0.3)], 1.0),
    a("Window shoppers", &[("view_to_cart", -1.0), ("avg_dwell_s", 0.5), ("purchases", -0.3)], 1.0),
    a("Window shoppers", &[("purchase_ratio", -1.0), ("events_per_session", 0.3)], 1.0),
    a("Bargain hunters", &[("price_band", -1.0), ("discount_share", 0.8), ("search_share", 0.3)], 1.0),
    a("Bargain hunters", &[("discount_share", 1.0), ("search_share", 0.3)], 1.0),
    a("Category specialists", &[("top_category_share", 1.0), ("distinct_categories", -0.3)], 1.0),
    a("Enthusiasts", &[("avg_rating", 1.0)], 0.8),
    a("Tough critics", &[("avg_rating", -1.0)], 0.8),
    a("Night owls", &[("hour_night", 1.0)], 0.7),
    a("Early birds", &[("hour_morning", 1.0)], 0.7),
    a("Evening browsers", &[("hour_evening", 1.0)], 0.7),
    a("Daytime shoppers", &[("hour_afternoon", 1.0)], 0.7),
    a("Weekend shoppers", &[("weekend_share", 1.0)], 0.7),
    a("Searchers", &[("search_share", 1.0)], 0.7),
    a("Frequent visitors", &[("sessions", 1.0), ("active_days", 0.5)], 0.6),
    a("Occasional visitors", &[("sessions", -1.0), ("active_days", -0.5)], 0.6),
];

impl Archetype {
    fn key(&self) -> &'static str {
        self.terms.first().map_or("", |t| t.0)
    }

    fn score(&self, p: &SegmentProfile) -> Option<f64> {
        get(&p.z, self.key())?;
        if !self.plausible(p) {
            return None;
        }
        let s: f64 = self
            .terms
            .iter()
            .map(|(f, w)| get(&p.z, f).unwrap_or(0.0) * w)
            .sum();
        Some(s * self.scale).filter(|s| s.is_finite())
    }

    /// Absolute sanity checks on top of z-scores: a segment last seen two
    /// hours ago is not "lapsed", however small the spread of recency is.
    fn plausible(&self, p: &SegmentProfile) -> bool {
        let mean = |f: &str| get(&p.means, f).unwrap_or(0.0);
        let pop = |f: &str| get(&p.population_means, f).unwrap_or(0.0);
        match self.name {
            "Lapsed customers" => {
                mean("recency_days") >= 14.0 && mean("recency_days") >= 1.5 * pop("recency_days")
            }
            "New visitors" => {
                pop("tenure_days") >= 7.0 && mean("tenure_days") <= 0.6 * pop("tenure_days")
            }
            _ => true,
        }
    }

    /// The name, adapted to the segment (lapsed visitors do not buy, ...).
    fn name_for(&self, p: &SegmentProfile) -> String {
        let lift = |f: &str| get(&p.lifts, f);
        match self.name {
            "Lapsed customers" if lift("purchases").is_some_and(|l| l < 0.6) => {
                "Lapsed visitors".into()
            }
            "Loyal high spenders" if !lift("spend").is_some_and(|l| l >= 1.5) => {
                "Loyal buyers".into()
            }
            "Category specialists" => match top_category(p) {
                Some(c) => format!("{c} specialists"),
                None => self.name.into(),
            },
            n => n.into(),
        }
    }
}

/// Fills `name` and `description` of every profile; names are unique.
pub(crate) fn name_all(profiles: &mut [SegmentProfile]) {
    let m = profiles.len();
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (s, p) in profiles.iter().enumerate().filter(|(_, p)| !p.unclustered) {
        for (i, arch) in ARCHETYPES.iter().enumerate() {
            if let Some(x) = arch.score(p) {
                pairs.push((x, s, i));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut chosen: Vec<Option<usize>> = vec![None; m];
    let mut used: Vec<&str> = Vec::new();
    for &(x, s, i) in &pairs {
        if x >= MIN_SCORE && chosen[s].is_none() && !used.contains(&ARCHETYPES[i].name) {
            used.push(ARCHETYPES[i].name);
            chosen[s] = Some(i);
        }
    }
    let mut taken: Vec<String> = Vec::new();
    for (s, p) in profiles.iter_mut().enumerate() {
        // Left-over segments: their best archetype, qualified by their top category.
        let fallback = pairs
            .iter()
            .find(|&&(x, ps, _)| ps == s && x > 0.0)
            .map(|t| t.2);
        let arch = chosen[s].or(fallback).map(|i| &ARCHETYPES[i]);
        let base = match arch {
            _ if p.unclustered => "Unclustered".to_string(),
            None => "Mainstream users".to_string(),
            Some(a) if chosen[s].is_some() => a.name_for(p),
            Some(a) => {
                let n = a.name_for(p);
                match top_category(p) {
                    Some(c) if !n.starts_with(c) => format!("{n} ({c})"),
                    _ => n,
                }
            }
        };
        let mut candidate = base.clone();
        let mut i = 2;
        while taken
            .iter()
            .any(|t| t.to_lowercase() == candidate.to_lowercase())
        {
            candidate = format!("{base} {i}");
            i += 1;
        }
        taken.push(candidate.clone());
        p.name = candidate;
        p.description = describe(p, arch.map(|a| a.key()));
    }
}

/// Days with one decimal below ten.
fn days(x: f64) -> String {
    if x.abs() < 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.0}")
    }
}

fn times(l: f64) -> String {
    if l >= 10.0 {
        format!("{l:.0}x")
    } else {
        format!("{l:.1}x")
    }
}

fn less(l: f64) -> String {
    format!("{:.0}%", ((1.0 - l) * 100.0).clamp(0.0, 100.0))
}

/// One phrase about a feature, from the segment's lift, mean and z-score.
fn phrase(p: &SegmentProfile, f: &str, z: f64) -> Option<String> {
    let l = get(&p.lifts, f).unwrap_or(1.0);
    let m = get(&p.means, f).unwrap_or(0.0);
    let pop = get(&p.population_means, f).unwrap_or(0.0);
    let pair = |more: &str, fewer: &str| {
        if (l - 1.0).abs() < 0.05 {
            None
        } else if l > 1.0 {
            Some(more.replace('#', &times(l)))
        } else if l < 0.1 {
            Some(fewer.replace('#', "over 90%"))
        } else {
            Some(fewer.replace('#', &less(l)))
        }
    };
    match f {
        "recency_days" if z > 0.0 => Some(format!(
            "last seen {} days ago on average (all users {})",
            days(m),
            days(pop)
        )),
        "recency_days" => Some(format!(
            "active recently (last seen {} days ago, all users {})",
            days(m),
            days(pop)
        )),
        "tenure_days" if z > 0.0 => Some(format!(
            "active over {} days on average (all users {})",
            days(m),
            days(pop)
        )),
        "tenure_days" => Some(format!(
            "active over only {} days on average (all users {})",
            days(m),
            days(pop)
        )),
        "active_days" => pair("active on # as many days", "active on # fewer days"),
        "sessions" => pair(
            "visit # as often as average",
            "visit # less often than average",
        ),
        "events_per_session" => pair("do # as much per visit", "do # less per visit"),
        "purchases" => pair("buy # as often as average", "buy # less often than average"),
        "purchase_ratio" => pair(
            "turn # as many interactions into purchases",
            "turn # fewer interactions into purchases",
        ),
        "spend" => pair("spend # the average", "spend # less than average"),
        "aov" => pair(
            "place orders worth # the average",
            "place orders # smaller than average",
        ),
        "view_to_cart" => pair(
            "add to cart # as often per view",
            "add to cart # less often per view",
        ),
        "cart_to_purchase" => pair("complete # as many carts", "complete # fewer carts"),
        "search_share" => pair("search # as much", "search # less"),
        "avg_dwell_s" => pair("look at items # as long", "look at items # more briefly"),
        "avg_rating" => Some(format!("rate {m:.1} on average")),
        "distinct_items" => pair("explore # as many items", "explore # fewer items"),
        "distinct_categories" => pair("browse # as many categories", "browse # fewer categories"),
        "top_category_share" => Some(format!(
            "put {:.0}% of their activity in one category",
            m * 100.0
        )),
        "price_band" if z > 0.0 => Some("prefer premium items".into()),
        "price_band" => Some("prefer the cheaper end of each category".into()),
        "discount_share" => pair("buy on discount # as often", "rarely buy on discount"),
        "hour_night" | "hour_morning" | "hour_afternoon" | "hour_evening" => {
            let when = match f {
                "hour_night" => "at night",
                "hour_morning" => "in the morning",
                "hour_afternoon" => "in the afternoon",
                _ => "in the evening",
            };
            Some(if z > 0.0 {
                format!("mostly active {when}")
            } else {
                format!("seldom active {when}")
            })
        }
        "weekend_share" if z > 0.0 => Some("more active at weekends".into()),
        "weekend_share" => Some("mostly active on weekdays".into()),
        _ => None,
    }
}

/// "buy 3.2x as often as average, look at items 2.1x as long; mostly
/// Electronics": the key feature of the segment's archetype first, then the
/// most distinctive other one.
pub(crate) fn describe(p: &SegmentProfile, key: Option<&str>) -> String {
    if p.unclustered {
        return "users in no dense group (DBSCAN noise)".into();
    }
    let mut zs: Vec<(&str, f64)> =
        p.z.iter()
            .filter(|(n, _)| !n.starts_with("category:"))
            .map(|(n, z)| (n.as_str(), *z))
            .filter(|(_, z)| z.abs() >= 0.3)
            .collect();
    zs.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(b.0)));
    if let Some(pos) = key.and_then(|k| zs.iter().position(|(n, _)| *n == k)) {
        let first = zs.remove(pos);
        zs.insert(0, first);
    }
    let mut parts: Vec<String> = Vec::new();
    let mut hour_said = false;
    for (f, z) in zs {
        if parts.len() == 2 {
            break;
        }
        if f.starts_with("hour_") {
            if hour_said {
                continue;
            }
            hour_said = true;
        }
        if let Some(s) = phrase(p, f, z) {
            parts.push(s);
        }
    }
    let mut out = if parts.is_empty() {
        "close to the average user".to_string()
    } else {
        parts.join(", ")
    };
    if let Some(c) = top_category(p) {
        out.push_str(&format!("; mostly {c}"));
    }
    out
}
