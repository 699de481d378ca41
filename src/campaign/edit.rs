//! Every change a person makes to a saved campaign, as data. The TUI and
//! `pushbench campaign approve` apply edits through [`super::Store::update`],
//! which applies them to the latest saved version under a lock, so two
//! processes editing one campaign both keep their changes. Applying an edit
//! returns the edits that undo it.

use super::config::even_split;
use super::model::{now, ApprovedVariant, Campaign, Platform, SegmentPlan};

/// One change to a campaign.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Adds an approved variant to a segment (created when missing); the
    /// variant gets the first free label and the segment an even A/B split.
    Approve {
        segment: usize,
        /// The segment's name and size as the approver saw them.
        name: String,
        size: Option<usize>,
        variant: ApprovedVariant,
        /// The platform the copy was checked for.
        platform: Option<Platform>,
    },
    /// Removes the variant with this label (and the segment once empty).
    Withdraw {
        segment: usize,
        label: String,
    },
    /// Puts a withdrawn variant back where it was (the undo of a withdrawal).
    Restore {
        segment: usize,
        name: String,
        size: Option<usize>,
        index: usize,
        variant: ApprovedVariant,
    },
    /// New text for an approved variant.
    SetText {
        segment: usize,
        label: String,
        title: String,
        body: String,
    },
    SetControl(f64),
    Rename(String),
    SetPlatform(Platform),
    /// The discount the campaign offers ("15%"), or none.
    SetDiscount(Option<String>),
    /// When the pushes go out (and the quiet hours).
    SetSchedule(super::schedule::Schedule),
    /// The link template a push opens.
    SetDeepLink(String),
    /// Who is responsible for the campaign.
    SetOwner(Option<String>),
    /// The folder the campaign was exported to.
    SetExportDir(Option<String>),
}

/// What applying an edit did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Applied {
    /// Edits that undo this one, in order (empty when nothing changed).
    pub undo: Vec<Edit>,
    /// The label an approval got.
    pub label: Option<String>,
}

fn free_label(plan: &SegmentPlan) -> String {
    (b'A'..=b'Z')
        .map(|b| (b as char).to_string())
        .find(|l| plan.variants.iter().all(|v| &v.label != l))
        .unwrap_or_else(|| format!("V{}", plan.variants.len() + 1))
}

fn resplit(plan: &mut SegmentPlan) {
    let splits = even_split(plan.variants.len());
    for (v, s) in plan.variants.iter_mut().zip(splits) {
        v.split = s;
    }
}

/// The segment's plan, created (in id order) when missing.
fn plan_mut<'a>(
    c: &'a mut Campaign,
    segment: usize,
    name: &str,
    size: Option<usize>,
) -> &'a mut SegmentPlan {
    let pos = match c.segments.iter().position(|s| s.id == segment) {
        Some(p) => p,
        None => {
            let at = c.segments.partition_point(|s| s.id < segment);
            c.segments.insert(
                at,
                SegmentPlan {
                    id: segment,
                    name: name.to_string(),
                    size,
                    variants: Vec::new(),
                },
            );
            at
        }
    };
    let plan = &mut c.segments[pos];
    if !name.is_empty() {
        plan.name = name.to_string();
    }
    if size.is_some() {
        plan.size = size;
    }
    plan
}

impl Edit {
    /// Applies the edit to `c` (in memory; the store saves it).
    pub fn apply(self, c: &mut Campaign) -> Applied {
        match self {
            Edit::Approve {
                segment,
                name,
                size,
                mut variant,
                platform,
            } => {
                let mut undo = Vec::new();
                if let Some(p) = platform.filter(|p| *p != c.platform) {
                    undo.push(Edit::SetPlatform(c.platform));
                    c.platform = p;
                }
                let plan = plan_mut(c, segment, &name, size);
                let label = free_label(plan);
                variant.label = label.clone();
                if variant.approved_at.is_none() {
                    variant.approved_at = Some(now());
                }
                plan.variants.push(variant);
                resplit(plan);
                undo.insert(
                    0,
                    Edit::Withdraw {
                        segment,
                        label: label.clone(),
                    },
                );
                Applied {
                    undo,
                    label: Some(label),
                }
            }
            Edit::Withdraw { segment, label } => {
                let Some(plan) = c.segments.iter_mut().find(|s| s.id == segment) else {
                    return Applied::default();
                };
                let Some(index) = plan.variants.iter().position(|v| v.label == label) else {
                    return Applied::default();
                };
                let variant = plan.variants.remove(index);
                resplit(plan);
                let (name, size) = (plan.name.clone(), plan.size);
                c.segments.retain(|s| !s.variants.is_empty());
                Applied {
                    undo: vec![Edit::Restore {
                        segment,
                        name,
                        size,
                        index,
                        variant,
                    }],
                    label: Some(label),
                }
            }
            Edit::Restore {
                segment,
                name,
                size,
                index,
                mut variant,
            } => {
                let plan = plan_mut(c, segment, &name, size);
                if plan.variants.iter().any(|v| v.label == variant.label) {
                    variant.label = free_label(plan);
                }
                let label = variant.label.clone();
                plan.variants
                    .insert(index.min(plan.variants.len()), variant);
                resplit(plan);
                Applied {
                    undo: vec![Edit::Withdraw {
                        segment,
                        label: label.clone(),
                    }],
                    label: Some(label),
                }
            }
            Edit::SetText {
                segment,
                label,
                title,
                body,
            } => {
                let Some(v) = c
                    .segments
                    .iter_mut()
                    .find(|s| s.id == segment)
                    .and_then(|s| s.variants.iter_mut().find(|v| v.label == label))
                else {
                    return Applied::default();
                };
                let old_title = std::mem::replace(&mut v.title, title);
                let old_body = std::mem::replace(&mut v.body, body);
                Applied {
                    undo: vec![Edit::SetText {
                        segment,
                        label: label.clone(),
                        title: old_title,
                        body: old_body,
                    }],
                    label: Some(label),
                }
            }
            Edit::SetControl(p) => {
                let old = std::mem::replace(&mut c.control_percent, p);
                Applied {
                    undo: vec![Edit::SetControl(old)],
                    label: None,
                }
            }
            Edit::Rename(name) => {
                let old = std::mem::replace(&mut c.name, name);
                Applied {
                    undo: vec![Edit::Rename(old)],
                    label: None,
                }
            }
            Edit::SetPlatform(p) => {
                let old = std::mem::replace(&mut c.platform, p);
                Applied {
                    undo: vec![Edit::SetPlatform(old)],
                    label: None,
                }
            }
            Edit::SetDiscount(d) => {
                let old = std::mem::replace(&mut c.discount, d);
                Applied {
                    undo: vec![Edit::SetDiscount(old)],
                    label: None,
                }
            }
            Edit::SetSchedule(s) => {
                let old = std::mem::replace(&mut c.schedule, s);
                Applied {
                    undo: vec![Edit::SetSchedule(old)],
                    label: None,
                }
            }
            Edit::SetDeepLink(l) => {
                let old = std::mem::replace(&mut c.deep_link, l);
                Applied {
                    undo: vec![Edit::SetDeepLink(old)],
                    label: None,
                }
            }
            Edit::SetOwner(o) => {
                let old = std::mem::replace(&mut c.owner, o);
                Applied {
                    undo: vec![Edit::SetOwner(old)],
                    label: None,
                }
            }
            Edit::SetExportDir(d) => {
                let old = std::mem::replace(&mut c.export_dir, d);
                Applied {
                    undo: vec![Edit::SetExportDir(old)],
                    label: None,
                }
            }
        }
    }
}

/// Applies edits in order; the undo of the whole list (last edit undone first).
pub fn apply_all(edits: Vec<Edit>, c: &mut Campaign) -> Applied {
    let mut undo = Vec::new();
    let mut label = None;
    for e in edits {
        let a = e.apply(c);
        label = a.label.or(label);
        let mut u = a.undo;
        u.append(&mut undo);
        undo = u;
    }
    Applied { undo, label }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variant(title: &str) -> ApprovedVariant {
        ApprovedVariant {
            title: title.into(),
            body: "b".into(),
            ..ApprovedVariant::default()
        }
    }

    fn approve(segment: usize, title: &str) -> Edit {
        Edit::Approve {
            segment,
            name: format!("Seg {segment}"),
            size: Some(10),
            variant: variant(title),
            platform: Some(Platform::Ios),
        }
    }

    #[test]
    fn approvals_get_free_labels_and_even_splits_and_undo_exactly() {
        let mut c = Campaign::new("t", None);
        let before = c.clone();
        let a = approve(2, "one").apply(&mut c);
        assert_eq!(a.label.as_deref(), Some("A"));
        let b = approve(2, "two").apply(&mut c);
        assert_eq!(b.label.as_deref(), Some("B"));
        approve(1, "three").apply(&mut c);
        assert_eq!(c.segments.iter().map(|s| s.id).collect::<Vec<_>>(), [1, 2]);
        let splits: Vec<u32> = c.segments[1].variants.iter().map(|v| v.split).collect();
        assert_eq!(splits, [50, 50]);
        assert_eq!(c.platform, Platform::Ios);
        // withdraw A, then undo: A is back in first place
        let w = Edit::Withdraw {
            segment: 2,
            label: "A".into(),
        }
        .apply(&mut c);
        assert_eq!(c.segments[1].variants.len(), 1);
        apply_all(w.undo, &mut c);
        let titles: Vec<&str> = c.segments[1]
            .variants
            .iter()
            .map(|v| v.title.as_str())
            .collect();
        assert_eq!(titles, ["one", "two"]);
        // undo the first approval: the platform goes back too
        let mut d = before.clone();
        let a = approve(4, "x").apply(&mut d);
        apply_all(a.undo, &mut d);
        assert_eq!(d, before);
    }

    #[test]
    fn edits_of_missing_variants_change_nothing() {
        let mut c = Campaign::new("t", None);
        let before = c.clone();
        let a = Edit::Withdraw {
            segment: 1,
            label: "A".into(),
        }
        .apply(&mut c);
        assert!(a.undo.is_empty());
        let a = Edit::SetText {
            segment: 1,
            label: "A".into(),
            title: "t".into(),
            body: "b".into(),
        }
        .apply(&mut c);
        assert!(a.undo.is_empty());
        assert_eq!(c, before);
    }
}
