//! Per-user rows, derived from a campaign and a [`UserSource`]: who gets
//! which variant (or nothing), with which products, text, link and time.

use super::assign::{assign_segment, Arm};
use super::model::{Campaign, Invalid};
use super::render::{self, Fill, LinkFill, Template};
use super::schedule::Resolved;
use super::source::UserSource;
use crate::copy::claims::{self, Claim};
use crate::copy::facts::UserFacts;
use rayon::prelude::*;
use std::collections::HashMap;

/// Why a targeted user gets no push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exclusion {
    /// None of the user's items backs what the copy claims (for example a
    /// cart reminder for a user with an empty cart).
    Unbacked(Vec<Claim>),
    /// The copy has a line said of another category than any of the user's
    /// items ("A story worth your evening" and no book among them).
    OtherCategory,
    /// None of the user's items has what the copy names (a product name, a
    /// price, a category or a brand).
    MissingDetails,
    /// Filled with any of the user's items, the text is longer than the
    /// platform shows.
    OverLimit,
}

impl std::fmt::Display for Exclusion {
    /// Short, for a table cell: what is not true for the user.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exclusion::Unbacked(c) => {
                let names: Vec<&str> = c.iter().map(|c| c.label()).collect();
                write!(f, "{} claim not true for them", names.join(" and "))
            }
            Exclusion::MissingDetails => write!(f, "no item with the name, price or brand named"),
            Exclusion::OverLimit => write!(f, "too long with every item of theirs"),
            Exclusion::OtherCategory => write!(f, "a line for another category"),
        }
    }
}

/// One user's push (or their place in the control group).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub user_id: String,
    pub segment_id: usize,
    pub segment_name: String,
    pub arm: Arm,
    /// Variant label ("A"); None for control.
    pub variant: Option<String>,
    /// Recommended item ids, best first (also listed for control users, so
    /// lift can be measured on the same products).
    pub items: Vec<String>,
    /// Rendered texts and links; empty for control.
    pub title: String,
    pub body: String,
    pub deep_link: String,
    pub web_link: Option<String>,
    pub image: Option<String>,
    /// Send time ("" = immediately) and what clock it is on.
    pub send_at: String,
    pub send_timezone: &'static str,
    /// Why this user gets nothing although targeted (not exported, counted).
    pub excluded: Option<Exclusion>,
}

struct VariantPrep {
    title_src: String,
    body_src: String,
    title: Template,
    body: Template,
    fallback: Vec<u32>,
    /// Item fields the templates need: (price, category, brand, product).
    needs: (bool, bool, bool, bool),
    /// What the copy claims; each user's item must back it.
    claims: Vec<Claim>,
    /// Categories the copy's category lines are said of.
    categories: Vec<String>,
}

struct SegmentPrep {
    index: usize,
    variants: Vec<VariantPrep>,
}

/// A campaign prepared for rendering: templates parsed once.
pub struct Plan<'a> {
    pub campaign: &'a Campaign,
    pub source: &'a dyn UserSource,
    pub schedule: Resolved,
    segments: HashMap<usize, SegmentPrep>,
    /// Every user's arm (None: their segment is not targeted).
    arms: Vec<Option<Arm>>,
    deep_link: Template,
    web_link: Option<Template>,
    image: Option<Template>,
    send_at: String,
    send_timezone: &'static str,
}

fn parse(t: &str) -> Result<Template, Invalid> {
    Template::parse(t).map_err(|e| Invalid(vec![e]))
}

impl<'a> Plan<'a> {
    /// Validates the campaign and prepares it.
    pub fn new(c: &'a Campaign, source: &'a dyn UserSource) -> Result<Plan<'a>, Invalid> {
        c.validate()?;
        let schedule = c.schedule.resolve().map_err(|e| Invalid(vec![e]))?;
        let mut segments = HashMap::new();
        for (index, s) in c.segments.iter().enumerate() {
            let mut variants = Vec::new();
            for v in &s.variants {
                let title = parse(&v.title)?;
                let body = parse(&v.body)?;
                let uses =
                    |slot: &str| title.slots().contains(&slot) || body.slots().contains(&slot);
                let needs = (
                    uses("price"),
                    uses("category"),
                    uses("brand"),
                    uses("product"),
                );
                let mut categories: Vec<String> =
                    crate::copy::guard::category_lines(&v.title, &v.body)
                        .map(|(_, c)| c.to_string())
                        .collect();
                categories.sort();
                categories.dedup();
                variants.push(VariantPrep {
                    title_src: v.title.clone(),
                    body_src: v.body.clone(),
                    title,
                    body,
                    fallback: v
                        .products
                        .iter()
                        .filter_map(|p| source.find_item(p))
                        .collect(),
                    needs,
                    claims: claims::kinds(&v.title, &v.body),
                    categories,
                });
            }
            segments.insert(s.id, SegmentPrep { index, variants });
        }
        // one assignment rule for every shell: exact shares per segment
        let mut members: HashMap<usize, Vec<u32>> = HashMap::new();
        for u in 0..source.n_users() as u32 {
            let s = source.segment_of(u);
            if segments.contains_key(&s) {
                members.entry(s).or_default().push(u);
            }
        }
        let mut arms = vec![None; source.n_users()];
        for (s, users) in &members {
            let plan = &c.segments[segments[s].index];
            let splits: Vec<u32> = plan.variants.iter().map(|v| v.split).collect();
            let ids: Vec<std::borrow::Cow<'_, str>> =
                users.iter().map(|&u| source.user_id(u)).collect();
            let refs: Vec<&str> = ids.iter().map(|x| x.as_ref()).collect();
            for (&u, arm) in
                users
                    .iter()
                    .zip(assign_segment(c.seed, c.control_percent, &splits, &refs))
            {
                arms[u as usize] = Some(arm);
            }
        }
        let (send_at, send_timezone) = schedule.row_time();
        Ok(Plan {
            campaign: c,
            source,
            schedule,
            segments,
            arms,
            deep_link: parse(&c.deep_link)?,
            web_link: c.web_link.as_deref().map(parse).transpose()?,
            image: c.image.as_deref().map(parse).transpose()?,
            send_at,
            send_timezone,
        })
    }

    /// Whether a segment is targeted.
    pub fn targets(&self, segment: usize) -> bool {
        self.segments.contains_key(&segment)
    }

    /// Assignment of a user (None: their segment is not targeted).
    pub fn arm(&self, user: u32) -> Option<Arm> {
        self.arms.get(user as usize).copied().flatten()
    }

    /// The row of a user of a targeted segment; None for other segments.
    pub fn row(&self, user: u32, recommended: &[u32]) -> Option<Row> {
        let seg_id = self.source.segment_of(user);
        let prep = self.segments.get(&seg_id)?;
        let plan = &self.campaign.segments[prep.index];
        let user_id = self.source.user_id(user).into_owned();
        let arm = self.arm(user)?;
        let mut row = Row {
            segment_id: seg_id,
            segment_name: plan.name.clone(),
            arm,
            variant: None,
            items: Vec::new(),
            title: String::new(),
            body: String::new(),
            deep_link: String::new(),
            web_link: None,
            image: None,
            send_at: self.send_at.clone(),
            send_timezone: self.send_timezone,
            excluded: None,
            user_id,
        };
        let var_index = match arm {
            Arm::Variant(i) => Some(i),
            Arm::Control => None,
        };
        let vp = var_index.and_then(|i| prep.variants.get(i));
        let mut items: Vec<u32> = if recommended.is_empty() {
            // No personal recommendation: the products the copy was written for.
            let v = vp.or_else(|| prep.variants.first());
            v.map(|v| v.fallback.clone()).unwrap_or_default()
        } else {
            recommended.to_vec()
        };
        let mut lead: Option<(u32, (String, String))> = None;
        if let Some(vp) = vp {
            // The push names the first of the user's items that has what the
            // copy needs (a name for {product}, a price for {price}, ...),
            // backs what it claims (their cart, a refill due, a new item) and
            // fits the platform once filled; it goes first in the list.
            let needs_user = vp.claims.iter().any(|c| c.is_personal());
            let uf = if needs_user {
                self.source.user_facts(user)
            } else {
                UserFacts::default()
            };
            let pool: Vec<u32> = if vp.claims.contains(&Claim::Cart) {
                uf.in_cart.clone()
            } else if vp.claims.contains(&Claim::Viewed) {
                uf.viewed.clone()
            } else if vp.claims.contains(&Claim::Refill) {
                uf.refill_due.clone()
            } else {
                items.iter().chain(&vp.fallback).copied().collect()
            };
            let mut why = Exclusion::Unbacked(vp.claims.clone());
            let mut named = false;
            for &i in &pool {
                if !self.fits(vp, i) {
                    continue;
                }
                named = true;
                match self.checked_texts(vp, i, &uf) {
                    Ok(texts) => {
                        lead = Some((i, texts));
                        break;
                    }
                    Err(e) => why = e,
                }
            }
            if lead.is_none() {
                if !named && (!pool.is_empty() || vp.claims.is_empty()) {
                    why = Exclusion::MissingDetails;
                }
                row.excluded = Some(why);
            }
            if let Some((l, _)) = &lead {
                items.retain(|i| i != l);
                items.insert(0, *l);
            }
        }
        row.items = items
            .iter()
            .map(|&i| self.source.item(i).id.to_string())
            .collect();
        let Some(vi) = var_index else {
            row.send_at.clear();
            row.send_timezone = "";
            return Some(row);
        };
        let (Some(_), Some(v)) = (prep.variants.get(vi), plan.variants.get(vi)) else {
            return Some(row);
        };
        row.variant = Some(v.label.clone());
        if let Some((item, texts)) = lead {
            self.render_into(&mut row, &v.label, item, texts);
        }
        Some(row)
    }

    /// Whether the item backs every claim of the copy for this user, and the
    /// copy's category lines are said of its category.
    fn backs(&self, vp: &VariantPrep, item: u32, uf: &UserFacts) -> Result<(), Exclusion> {
        let mut b = self.source.item_backing(item);
        uf.apply(item, &mut b);
        b.discount = self.campaign.discount.as_deref().and_then(render::percent);
        if !vp
            .categories
            .iter()
            .all(|c| b.category_key.as_deref() == Some(c.as_str()))
        {
            return Err(Exclusion::OtherCategory);
        }
        let unbacked: Vec<Claim> = vp.claims.iter().copied().filter(|c| !b.backs(*c)).collect();
        if unbacked.is_empty() {
            Ok(())
        } else {
            Err(Exclusion::Unbacked(unbacked))
        }
    }

    /// The copy filled with this item, when the item backs its claims for
    /// this user and the text fits the platform; else why not.
    fn checked_texts(
        &self,
        vp: &VariantPrep,
        item: u32,
        uf: &UserFacts,
    ) -> Result<(String, String), Exclusion> {
        self.backs(vp, item, uf)?;
        let (t, b) = self.texts(vp, item);
        let (tl, bl) = self.campaign.platform.limits();
        if crate::text::width(&t) > tl || crate::text::width(&b) > bl {
            return Err(Exclusion::OverLimit);
        }
        Ok((t, b))
    }

    fn fits(&self, vp: &VariantPrep, item: u32) -> bool {
        let it = self.source.item(item);
        let (p, c, b, n) = vp.needs;
        let named = !it.title.trim().is_empty() && it.title != it.id;
        (!p || it.price.is_some())
            && (!c || it.category.is_some())
            && (!b || it.brand.is_some())
            && (!n || named)
    }

    /// Title and body filled with `lead`, Liquid tags replaced by their
    /// default text: exactly what the user sees, in every export format.
    fn texts(&self, vp: &VariantPrep, lead: u32) -> (String, String) {
        let c = self.campaign;
        let item = self.source.item(lead);
        let fill = Fill {
            product: item.title,
            category: item.category.unwrap_or(""),
            brand: item.brand.unwrap_or(""),
            price: item.price,
            discount: c.discount.as_deref(),
            discount_pct: c.discount.as_deref().and_then(render::percent),
            currency: &c.currency,
        };
        let (tl, bl) = c.platform.limits();
        let (title, _) = vp.title.render_as_copy(&vp.title_src, &fill, item.id, tl);
        let (body, _) = vp.body.render_as_copy(&vp.body_src, &fill, item.id, bl);
        use crate::copy::slots::deliver_liquid;
        (deliver_liquid(&title), deliver_liquid(&body))
    }

    /// Puts the checked texts and the links for `lead` into the row.
    fn render_into(&self, row: &mut Row, label: &str, lead: u32, (title, body): (String, String)) {
        let c = self.campaign;
        let item = self.source.item(lead);
        let link = LinkFill {
            item_id: item.id,
            user_id: &row.user_id,
            campaign_id: &c.id,
            segment_id: row.segment_id,
            variant: label,
        };
        row.title = title;
        row.body = body;
        row.deep_link = self.deep_link.render_link(&link);
        row.web_link = self.web_link.as_ref().map(|t| t.render_link(&link));
        row.image = self.image.as_ref().map(|t| t.render_link(&link));
    }

    /// The text a whole segment variant gets when one message serves all its
    /// users (FCM topics): rendered for `first_lead` (the lead item of one of
    /// its users, which backs the copy's claims), else for the first of the
    /// variant's own products that backs them. None when no item does, or
    /// when the copy speaks of each user's cart or refill.
    pub fn group_row(
        &self,
        segment: usize,
        variant: usize,
        first_lead: Option<u32>,
    ) -> Option<Row> {
        let prep = self.segments.get(&segment)?;
        let plan = &self.campaign.segments[prep.index];
        let vp = prep.variants.get(variant)?;
        let v = plan.variants.get(variant)?;
        // one text for every subscriber cannot speak of each one's cart,
        // refill or history; such variants get no group message
        if vp.claims.iter().any(|c| c.is_personal()) {
            return None;
        }
        // a user's own lead (it backs the claims), else a product of the
        // variant's that does
        let none = UserFacts::default();
        let (lead, texts) = first_lead
            .into_iter()
            .chain(vp.fallback.iter().copied().filter(|&i| self.fits(vp, i)))
            .find_map(|i| Some((i, self.checked_texts(vp, i, &none).ok()?)))?;
        let mut row = Row {
            user_id: String::new(),
            segment_id: segment,
            segment_name: plan.name.clone(),
            arm: Arm::Variant(variant),
            variant: Some(v.label.clone()),
            items: vec![self.source.item(lead).id.to_string()],
            title: String::new(),
            body: String::new(),
            deep_link: String::new(),
            web_link: None,
            image: None,
            send_at: self.send_at.clone(),
            send_timezone: self.send_timezone,
            excluded: None,
        };
        self.render_into(&mut row, &v.label, lead, texts);
        Some(row)
    }

    /// Targeted users among `range`, with their recommendations.
    pub fn batch(&self, range: std::ops::Range<usize>) -> Vec<Row> {
        let users: Vec<u32> = range
            .map(|u| u as u32)
            .filter(|&u| self.targets(self.source.segment_of(u)))
            .collect();
        if users.is_empty() {
            return Vec::new();
        }
        let recs = self.source.recommend(&users);
        users
            .par_iter()
            .enumerate()
            .filter_map(|(k, &u)| self.row(u, recs.get(k).map(Vec::as_slice).unwrap_or(&[])))
            .collect()
    }
}

/// Lazily rendered rows of every targeted user, in user order: the TUI's
/// preview (`rows(&c, &src)?.take(5)`).
pub struct Rows<'a> {
    plan: Plan<'a>,
    next: usize,
    buf: std::vec::IntoIter<Row>,
}

impl Iterator for Rows<'_> {
    type Item = Row;
    fn next(&mut self) -> Option<Row> {
        loop {
            if let Some(r) = self.buf.next() {
                return Some(r);
            }
            let n = self.plan.source.n_users();
            if self.next >= n {
                return None;
            }
            let end = (self.next + 64).min(n);
            self.buf = self.plan.batch(self.next..end).into_iter();
            self.next = end;
        }
    }
}

/// Rows of every targeted user (control users included, marked as such).
pub fn rows<'a>(c: &'a Campaign, source: &'a dyn UserSource) -> Result<Rows<'a>, Invalid> {
    Ok(Rows {
        plan: Plan::new(c, source)?,
        next: 0,
        buf: Vec::new().into_iter(),
    })
}
