//! One draft: a generated variant, its review status and
//! the guardrail issues of its current text.

use crate::copy::guard::{self, Rules};
use crate::copy::platform::visible_width;
use crate::copy::{slots, Limits, Platform, Product, Variant};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pending,
    Approved,
    Rejected,
}

impl Status {
    pub fn mark(self) -> &'static str {
        match self {
            Status::Pending => "·",
            Status::Approved => "✓",
            Status::Rejected => "✗",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Filled text (as the preview shows it) and, in `template`, the text
    /// with slots that each user's own product fills on export.
    pub variant: Variant,
    pub status: Status,
    pub edited: bool,
    /// Guardrail findings on the current text; approval needs none.
    pub issues: Vec<String>,
    /// Variant label in the campaign once approved ("A", "B", ...).
    pub label: Option<String>,
}

impl Draft {
    pub fn new(variant: Variant) -> Draft {
        Draft {
            variant,
            status: Status::Pending,
            edited: false,
            issues: Vec::new(),
            label: None,
        }
    }

    /// Title and body with their slots (`{product}`, ...).
    pub fn template(&self) -> (String, String) {
        self.variant
            .template
            .clone()
            .unwrap_or_else(|| (self.variant.title.clone(), self.variant.body.clone()))
    }

    /// A decision about this draft's text, for the learnt critic.
    pub fn decision(
        &self,
        liked: bool,
        kind: crate::copy::taste::DecisionKind,
    ) -> crate::copy::taste::Decision {
        let (title, body) = self.template();
        crate::copy::taste::Decision {
            title,
            body,
            tone: self.variant.tone,
            offer: self.variant.offer,
            liked,
            kind,
            at: crate::campaign::model::now(),
        }
    }

    /// The product the preview fills the slots with.
    fn product<'a>(&self, products: &'a [Product]) -> Option<&'a Product> {
        self.variant
            .products
            .first()
            .and_then(|id| products.iter().find(|p| &p.item_id == id))
            .or_else(|| products.first())
    }

    /// Replaces the text (slots allowed), fills it for the preview and checks it.
    pub fn edit(
        &mut self,
        title: &str,
        body: &str,
        products: &[Product],
        platform: Platform,
        currency: &str,
    ) {
        let title = crate::text::sanitize(title).trim().to_string();
        let body = crate::text::sanitize(body).trim().to_string();
        let limits = Limits::for_platform(platform);
        self.edited = true;
        // the copy critic scored the generated text, not this one
        self.variant.critic_score = f32::NAN;
        self.variant.template = Some((title.clone(), body.clone()));
        let filled = match self.product(products) {
            Some(p) => {
                let t = slots::fill(&title, p, currency, limits.title, limits.liquid_width);
                let b = slots::fill(&body, p, currency, limits.body, limits.liquid_width);
                match (t, b) {
                    (Ok(t), Ok(b)) => Ok((t, b)),
                    (Err(e), _) | (_, Err(e)) => Err(e.to_string()),
                }
            }
            None => Ok((title.clone(), body.clone())),
        };
        let (t, b, slot_error) = match filled {
            Ok((t, b)) => (t, b, None),
            Err(e) => (title, body, Some(e)),
        };
        self.variant.title = t;
        self.variant.body = b;
        self.recheck(platform, products);
        if let Some(e) = slot_error {
            self.issues.insert(0, e);
        }
    }

    /// Checks the filled text against a platform's limits, the style rules
    /// and the facts of the product it names (claims only they back).
    pub fn recheck(&mut self, platform: Platform, products: &[Product]) {
        let limits = Limits::for_platform(platform);
        let backing = match self.product(products) {
            Some(p) => p.backing(),
            None => crate::copy::claims::Backing {
                discount: self.variant.discount,
                ..Default::default()
            },
        };
        let v = &mut self.variant;
        v.title_chars = visible_width(&v.title, limits.liquid_width);
        v.body_chars = visible_width(&v.body, limits.liquid_width);
        self.issues = guard::check_text(&v.title, &v.body, &backing, &Rules::new(limits))
            .iter()
            .map(|i| i.to_string())
            .collect();
    }
}
