//! Campaign validation: everything that stops an export, each problem naming
//! its place (segment, variant, field).

use super::model::{Campaign, SegmentPlan};
use super::render::{self, Template};
use std::fmt;

/// Problems that make a campaign unfit to export; each line names the place.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Invalid(pub Vec<String>);

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "campaign is not valid:")?;
        for p in &self.0 {
            write!(f, "\n  - {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Invalid {}

impl Campaign {
    /// Everything that stops an export, or Ok.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut p = Vec::new();
        if self.name.trim().is_empty() {
            p.push("name is empty".to_string());
        }
        if !(0.0..100.0).contains(&self.control_percent) || self.control_percent.is_nan() {
            p.push(format!(
                "control_percent = {}: must be at least 0 and below 100",
                self.control_percent
            ));
        }
        check_link(&mut p, "deep_link", Some(&self.deep_link));
        check_link(&mut p, "web_link", self.web_link.as_deref());
        if let Some(w) = &self.web_link {
            if !w.starts_with("https://") {
                p.push(format!(
                    "web_link '{w}': web push links must start with https://"
                ));
            }
        }
        check_link(&mut p, "image", self.image.as_deref());
        if let Err(e) = self.schedule.resolve() {
            p.push(e);
        }
        if self.segments.is_empty() {
            p.push("no segment is targeted".into());
        }
        let mut seen = std::collections::HashSet::new();
        for s in &self.segments {
            if !seen.insert(s.id) {
                p.push(format!("segment {} is targeted twice", s.id));
            }
            validate_plan(self, s, &mut p);
        }
        if p.is_empty() {
            Ok(())
        } else {
            Err(Invalid(p))
        }
    }
}

fn check_link(p: &mut Vec<String>, what: &str, t: Option<&str>) {
    let Some(t) = t else { return };
    if t.trim().is_empty() {
        p.push(format!("{what} is empty"));
        return;
    }
    match Template::parse(t) {
        Ok(tpl) => {
            for s in tpl.slots() {
                if !render::LINK_SLOTS.contains(&s) {
                    p.push(format!(
                        "{what} '{t}': unknown slot {{{s}}} (known: {})",
                        render::LINK_SLOTS.join(", ")
                    ));
                }
            }
        }
        Err(e) => p.push(format!("{what} '{t}': {e}")),
    }
}

fn validate_plan(c: &Campaign, s: &SegmentPlan, p: &mut Vec<String>) {
    let at = format!("segment {} ({})", s.id, s.name);
    if s.variants.is_empty() {
        p.push(format!("{at}: no approved variant"));
        return;
    }
    let sum: u32 = s.variants.iter().map(|v| v.split).sum();
    if sum != 100 {
        let parts: Vec<String> = s
            .variants
            .iter()
            .map(|v| format!("{} {}%", v.label, v.split))
            .collect();
        p.push(format!(
            "{at}: A/B split {} adds up to {sum}%, not 100%",
            parts.join(" + ")
        ));
    }
    let mut labels = std::collections::HashSet::new();
    for v in &s.variants {
        let vat = format!("{at} variant {}", v.label);
        if !labels.insert(v.label.as_str()) {
            p.push(format!("{vat}: label used twice"));
        }
        if v.split == 0 {
            p.push(format!("{vat}: split is 0%; remove the variant instead"));
        }
        if v.title.trim().is_empty() {
            p.push(format!("{vat}: title is empty"));
        }
        for (field, text) in [("title", &v.title), ("body", &v.body)] {
            match Template::parse(text) {
                Ok(t) => {
                    for slot in t.slots() {
                        if !render::TEXT_SLOTS.contains(&slot) {
                            p.push(format!(
                                "{vat}: {field} has unknown slot {{{slot}}} (known: {})",
                                render::TEXT_SLOTS.join(", ")
                            ));
                        } else if slot == "discount" && c.discount.is_none() {
                            p.push(format!(
                                "{vat}: {field} promises a {{discount}} but the campaign sets none"
                            ));
                        }
                    }
                }
                Err(e) => p.push(format!("{vat}: {field}: {e}")),
            }
        }
    }
}
