//! The campaign: what is sent, to whom, when and how. Plain serde data, so the
//! TUI can hold it, edit it and hand it to the store after every change.

use super::schedule::Schedule;
pub use super::validate::Invalid;
use crate::data::Fingerprint;
use serde::{Deserialize, Serialize};

/// Version of the stored JSON layout.
pub const FORMAT_VERSION: u32 = 1;

/// Target platform: decides the visible length of title and body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Ios,
    #[default]
    Android,
    Web,
    /// Every platform: the tightest limits apply.
    All,
}

impl Platform {
    /// Visible (title, body) length in display cells.
    pub fn limits(self) -> (usize, usize) {
        match self {
            Platform::Ios => (40, 178),
            Platform::Android => (65, 240),
            Platform::Web => (50, 120),
            Platform::All => (40, 120),
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Platform::Ios => "ios",
            Platform::Android => "android",
            Platform::Web => "web",
            Platform::All => "all",
        }
    }
    pub fn parse(s: &str) -> Option<Platform> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "ios" | "apns" => Platform::Ios,
            "android" => Platform::Android,
            "web" | "webpush" => Platform::Web,
            "all" | "any" => Platform::All,
            _ => return None,
        })
    }
}

/// How FCM messages are addressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FcmTarget {
    /// One message per user; `token` holds the user's external id, to be
    /// mapped to a registration token by the sender.
    #[default]
    Token,
    /// One message per segment variant, sent to a topic named after it.
    Topic,
}

/// One approved message for a segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApprovedVariant {
    /// Short label shown in reports: "A", "B", ...
    pub label: String,
    /// Title template: `{product}`-style slots are filled per user, Liquid
    /// tags (`{{ first_name | default: "there" }}`) are kept.
    pub title: String,
    pub body: String,
    pub tone: String,
    pub offer: Option<String>,
    /// Segment-level products (item ids) the copy was written for: used when
    /// a user has no recommendation of their own.
    pub products: Vec<String>,
    /// A/B share in percent of the segment's non-control users.
    pub split: u32,
    pub critic_score: f32,
    pub model_id: String,
    pub seed: u64,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
}

impl Default for ApprovedVariant {
    fn default() -> Self {
        ApprovedVariant {
            label: "A".into(),
            title: String::new(),
            body: String::new(),
            tone: String::new(),
            offer: None,
            products: Vec::new(),
            split: 100,
            critic_score: 0.0,
            model_id: String::new(),
            seed: 0,
            approved_by: None,
            approved_at: None,
        }
    }
}

/// A targeted segment and its approved variants.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SegmentPlan {
    pub id: usize,
    pub name: String,
    /// Members when the plan was made (for display; exports count anew).
    pub size: Option<usize>,
    pub variants: Vec<ApprovedVariant>,
}

/// How the audience and copy were produced: recorded in every manifest and
/// used to re-export a saved campaign with the same settings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Provenance {
    pub events_file: Option<String>,
    pub items_file: Option<String>,
    pub segmentation: Option<SegmentationProvenance>,
    pub recommender: Option<RecommenderProvenance>,
    pub copy: Option<CopyProvenance>,
}

/// The k asked for: a number, or chosen by silhouette ("auto").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KRequested {
    #[default]
    Auto,
    Fixed(usize),
}

impl Serialize for KRequested {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            KRequested::Auto => s.serialize_str("auto"),
            KRequested::Fixed(k) => s.serialize_u64(*k as u64),
        }
    }
}

impl<'de> Deserialize<'de> for KRequested {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Fixed(usize),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Fixed(k) => Ok(KRequested::Fixed(k)),
            Raw::Text(t) if t == "auto" => Ok(KRequested::Auto),
            Raw::Text(t) => Err(serde::de::Error::custom(format!(
                "k_requested must be a number or \"auto\", not \"{t}\""
            ))),
        }
    }
}

/// A segment as the campaign saw it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SegmentRef {
    pub id: usize,
    pub name: String,
    pub size: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SegmentationProvenance {
    pub algo: String,
    pub k: usize,
    pub k_requested: KRequested,
    pub seed: u64,
    pub silhouette: f64,
    pub segments: Vec<SegmentRef>,
}

impl Default for SegmentationProvenance {
    fn default() -> Self {
        SegmentationProvenance {
            algo: "kmeans".into(),
            k: 0,
            k_requested: KRequested::Auto,
            seed: 42,
            silhouette: 0.0,
            segments: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecommenderProvenance {
    pub method: String,
    pub items_per_user: usize,
    pub config: Option<crate::recommend::RecConfig>,
}

impl Default for RecommenderProvenance {
    fn default() -> Self {
        RecommenderProvenance {
            method: "hybrid".into(),
            items_per_user: 3,
            config: None,
        }
    }
}

/// The copy model and settings the approved variants were written with.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CopyProvenance {
    pub model_id: String,
    /// "native" (the bundled or a trained model) or "gguf".
    pub backend: String,
    pub seed: Option<u64>,
    pub tone: Option<String>,
    pub offer: Option<String>,
    pub platform: Option<String>,
    pub sampling: Option<crate::copy::GenOptions>,
}

/// The dataset a campaign was built on: its segments, recommendations and
/// copy mean something only for that data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetBinding {
    #[serde(flatten)]
    pub fingerprint: Fingerprint,
    /// What the user knows the data by (the events file name).
    pub label: String,
}

impl DatasetBinding {
    pub fn new(fingerprint: Fingerprint, label: impl Into<String>) -> DatasetBinding {
        DatasetBinding {
            fingerprint,
            label: label.into(),
        }
    }

    /// "events.csv (1,234 users, 56 items, 7,890 events; 0123abcd…)".
    pub fn describe(&self) -> String {
        let f = &self.fingerprint;
        format!(
            "{} ({} users, {} items, {} events; {})",
            crate::text::sanitize(&self.label),
            f.users,
            f.items,
            f.events,
            f.short()
        )
    }
}

/// Push-service settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Delivery {
    /// OneSignal app id (a placeholder until the real one is filled in).
    pub onesignal_app_id: String,
    /// Language key of OneSignal `headings`/`contents`.
    pub language: String,
    pub fcm_target: FcmTarget,
    /// Prefix of FCM topic names (topic mode).
    pub fcm_topic_prefix: String,
}

impl Default for Delivery {
    fn default() -> Self {
        Delivery {
            onesignal_app_id: "YOUR-ONESIGNAL-APP-ID".into(),
            language: "en".into(),
            fcm_target: FcmTarget::Token,
            fcm_topic_prefix: "pushbench".into(),
        }
    }
}

/// A campaign. Create with [`Campaign::new`], edit fields, call
/// [`Campaign::touch`] and save with [`super::store::Store::save`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Campaign {
    pub format_version: u32,
    pub id: String,
    pub name: String,
    pub owner: Option<String>,
    /// RFC 3339, UTC.
    pub created: String,
    pub updated: String,
    /// Incremented by every [`Campaign::touch`].
    pub revision: u64,
    pub platform: Platform,
    /// Seed of the user -> control/variant assignment.
    pub seed: u64,
    /// Share of each targeted segment held out (gets nothing), in percent.
    pub control_percent: f64,
    /// Deep link template, e.g. `myshop://product/{item_id}`.
    pub deep_link: String,
    /// HTTPS link for web push (`webpush.fcm_options.link`).
    pub web_link: Option<String>,
    /// Image URL template for rich notifications.
    pub image: Option<String>,
    /// Value of `{discount}` (None: templates must not promise one).
    pub discount: Option<String>,
    /// Prefix of `{price}`.
    pub currency: String,
    pub schedule: Schedule,
    pub segments: Vec<SegmentPlan>,
    pub delivery: Delivery,
    pub provenance: Provenance,
    /// The data the campaign was built on; None for campaigns saved before
    /// campaigns were bound to their data.
    pub dataset: Option<DatasetBinding>,
    /// The folder the campaign was last exported to (offered again by the
    /// next export, also after a restart).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export_dir: Option<String>,
}

impl Default for Campaign {
    fn default() -> Self {
        Campaign {
            format_version: FORMAT_VERSION,
            id: String::new(),
            name: String::new(),
            owner: None,
            created: String::new(),
            updated: String::new(),
            revision: 0,
            platform: Platform::default(),
            seed: 0,
            control_percent: 10.0,
            deep_link: "myshop://product/{item_id}".into(),
            web_link: None,
            image: None,
            discount: None,
            currency: "$".into(),
            schedule: Schedule::default(),
            segments: Vec::new(),
            delivery: Delivery::default(),
            provenance: Provenance::default(),
            dataset: None,
            export_dir: None,
        }
    }
}

/// The current time, RFC 3339 UTC with seconds.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A file-name-safe id: a slug of the name plus a short hash.
pub fn new_id(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 24 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let h = super::assign::hash64(
        nanos as u64 ^ u64::from(std::process::id()),
        name.as_bytes(),
    );
    let slug = if slug.is_empty() { "campaign" } else { slug };
    format!("{slug}-{:06x}", h & 0xff_ffff)
}

/// True when `id` is safe to use as a file name in the store.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !id.starts_with('-')
}

impl Campaign {
    /// A new, empty campaign with a fresh id and times.
    pub fn new(name: &str, owner: Option<String>) -> Campaign {
        let t = now();
        let id = new_id(name);
        Campaign {
            seed: super::assign::hash64(7, id.as_bytes()) & 0xffff_ffff,
            id,
            name: name.to_string(),
            owner,
            created: t.clone(),
            updated: t,
            ..Campaign::default()
        }
    }

    /// Marks an edit: bumps `updated` and `revision`.
    pub fn touch(&mut self) {
        self.updated = now();
        self.revision += 1;
    }

    /// True when the campaign was built on data with this fingerprint.
    pub fn is_for(&self, fp: &Fingerprint) -> bool {
        self.dataset
            .as_ref()
            .is_some_and(|d| d.fingerprint.hash == fp.hash)
    }

    /// Refuses data the campaign was not built on: its segment ids, products
    /// and copy would land on the wrong users. `loaded` names the data.
    pub fn check_data(&self, fp: &Fingerprint, loaded: &str) -> crate::Result<()> {
        if self.is_for(fp) {
            return Ok(());
        }
        let built = self
            .dataset
            .as_ref()
            .map(DatasetBinding::describe)
            .unwrap_or_else(|| {
                "data that was not recorded (a campaign saved before pushbench recorded it)".into()
            });
        let now = DatasetBinding::new(fp.clone(), loaded).describe();
        Err(crate::Error::DatasetMismatch {
            campaign: self.id.clone(),
            message: format!("it was built on {built}, not on the loaded {now}"),
        })
    }

    pub fn segment(&self, id: usize) -> Option<&SegmentPlan> {
        self.segments.iter().find(|s| s.id == id)
    }
}
