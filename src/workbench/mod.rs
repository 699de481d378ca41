//! The workbench session: the workflow a person walks through, held in one
//! place with no terminal in sight. A [`Session`] owns the loaded dataset and
//! its fingerprint, the segmentation (with the names people gave), the
//! fitted recommenders, the drafts per segment and the open campaign with its
//! store. The TUI's `App` is a `Session` plus what only a screen needs
//! (selections, scroll offsets, overlays); the headless commands drive the
//! same session without a UI.
//!
//! Invalidation rules:
//! - new data ([`Session::set_data`]): segmentation, models, drafts and the
//!   campaign go; the campaign shown is the last one built on the new data,
//!   or a new one bound to it (never one of other data);
//! - a new segmentation ([`Session::set_segmentation`]) gets the saved names
//!   of that segmentation; when it groups users differently from the last
//!   one, the unapproved drafts go (their segment ids meant other people);
//! - a rename ([`Session::rename_segment`]) is part of the segmentation: it is
//!   saved per dataset and segmentation and applied on every later run.

pub mod brief;
mod campaigns;
pub mod draft;
pub mod names;
mod receive;

pub use brief::{BriefError, BriefSpec};
pub use campaigns::{approval, merge_provenance, CampaignNotice, ITEMS_PER_USER};
pub use draft::{Draft, Status};

use crate::campaign::model::{CopyProvenance, KRequested};
use crate::campaign::{Campaign, DatasetBinding, Store};
use crate::copy::facts::DataFacts;
use crate::copy::taste::{Decision, Log, Taste};
use crate::copy::{Offer, Platform, Product, Tone};
use crate::data::{Dataset, Fingerprint, LoadOptions};
use crate::recommend::Models;
use crate::segment::Segmentation;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The loaded dataset and what identifies it.
#[derive(Clone)]
pub struct Data {
    pub ds: Arc<Dataset>,
    pub fingerprint: Fingerprint,
    /// What the data says of items and users, for claims and offers.
    pub facts: Arc<DataFacts>,
    /// Where it was loaded from (None for data given in memory).
    pub load: Option<LoadOptions>,
}

impl Data {
    /// Fingerprints `ds` and gathers its facts (each a fraction of a second
    /// per million events).
    pub fn new(ds: Arc<Dataset>, load: Option<LoadOptions>) -> Data {
        let fingerprint = crate::data::fingerprint(&ds);
        let facts = Arc::new(DataFacts::build(&ds));
        Data {
            ds,
            fingerprint,
            facts,
            load,
        }
    }

    /// What a person knows the data by: the events file, or "in-memory data".
    pub fn label(&self) -> String {
        self.load
            .as_ref()
            .map(|o| crate::campaign::pipeline::source_name(&o.events))
            .unwrap_or_else(|| "in-memory data".into())
    }
}

/// One person's workflow over one dataset at a time.
pub struct Session {
    pub data: Option<Data>,
    pub segmentation: Option<Arc<Segmentation>>,
    pub models: Option<Arc<Models>>,
    /// Drafts per segment id, and the products each segment's drafts name.
    pub drafts: BTreeMap<usize, Vec<Draft>>,
    pub products: BTreeMap<usize, Vec<Product>>,
    pub tone: Tone,
    /// The offer the marketer chose; `None`: the one the data backs best
    /// for each segment.
    pub offer: Option<Offer>,
    pub platform: Platform,
    /// The open campaign; saved to `store` after every change.
    pub campaign: Campaign,
    pub store: Option<Store>,
    pub owner: Option<String>,
    /// When the last save happened, or why it failed.
    pub saved: Option<Result<String, String>>,
    /// The k asked for on the last segmentation (provenance).
    pub k_requested: KRequested,
    /// The copy model and settings of the drafts (provenance).
    pub copy_model: Option<CopyProvenance>,
    /// Problems a shell should show once (unreadable drafts, names files).
    pub warnings: Vec<String>,
    /// The critic learnt from this store's approvals, rejections and edits
    /// (None until there are enough of them).
    pub taste: Option<Arc<Taste>>,
    /// Decisions in the log.
    pub decisions: usize,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            data: None,
            segmentation: None,
            models: None,
            drafts: BTreeMap::new(),
            products: BTreeMap::new(),
            tone: Tone::Friendly,
            offer: None,
            platform: Platform::Ios,
            campaign: Campaign::new("Campaign", None),
            store: None,
            owner: None,
            saved: None,
            k_requested: KRequested::Auto,
            copy_model: None,
            warnings: Vec::new(),
            taste: None,
            decisions: 0,
        }
    }
}

impl Session {
    /// A session without a UI over `ds` (loaded from `load`), keeping
    /// campaigns in `store`: what the headless commands drive.
    pub fn headless(
        ds: Arc<Dataset>,
        load: Option<LoadOptions>,
        store: Store,
        owner: Option<String>,
    ) -> Session {
        let mut s = Session {
            owner,
            store: Some(store),
            ..Session::default()
        };
        s.set_data(Data::new(ds, load));
        s
    }

    pub fn dataset(&self) -> Option<&Arc<Dataset>> {
        self.data.as_ref().map(|d| &d.ds)
    }

    pub fn facts(&self) -> Option<&Arc<DataFacts>> {
        self.data.as_ref().map(|d| &d.facts)
    }

    pub fn fingerprint(&self) -> Option<&Fingerprint> {
        self.data.as_ref().map(|d| &d.fingerprint)
    }

    pub fn load_options(&self) -> Option<&LoadOptions> {
        self.data.as_ref().and_then(|d| d.load.as_ref())
    }

    /// The loaded data as campaigns record it.
    pub fn binding(&self) -> Option<DatasetBinding> {
        let d = self.data.as_ref()?;
        Some(DatasetBinding::new(d.fingerprint.clone(), d.label()))
    }

    /// Keeps campaigns in `store`; with data loaded, shows its last campaign.
    pub fn attach_store(&mut self, store: Store, owner: Option<String>) -> CampaignNotice {
        self.owner = owner;
        self.store = Some(store);
        self.refit_taste();
        if let (Some(path), Some(seg)) = (self.names_file(), self.segmentation.as_mut()) {
            if let Err(e) = names::apply(&path, Arc::make_mut(seg)) {
                self.warnings
                    .push(format!("segment names not applied: {e}"));
            }
        }
        if self.data.is_some() {
            self.bind_campaign()
        } else {
            CampaignNotice::default()
        }
    }

    /// New data: everything derived from the old data goes.
    pub fn set_data(&mut self, data: Data) -> CampaignNotice {
        self.data = Some(data);
        self.segmentation = None;
        self.models = None;
        self.drafts.clear();
        self.products.clear();
        self.bind_campaign()
    }

    /// A finished segmentation: saved names applied; drafts written for a
    /// different grouping of users dropped.
    pub fn set_segmentation(&mut self, mut seg: Segmentation) -> &Arc<Segmentation> {
        if let Some(path) = self.names_file() {
            if let Err(e) = names::apply(&path, &mut seg) {
                self.warnings
                    .push(format!("segment names not applied: {e}"));
            }
        }
        let same_grouping = self
            .segmentation
            .as_ref()
            .is_some_and(|old| old.assignment == seg.assignment);
        if !same_grouping && self.segmentation.is_some() {
            self.drafts.clear();
            self.products.clear();
        }
        self.segmentation.insert(Arc::new(seg))
    }

    /// Renames a segment and saves the name for this data and segmentation.
    pub fn rename_segment(&mut self, id: usize, name: &str) -> crate::Result<()> {
        let path = self.names_file();
        let Some(seg) = self.segmentation.as_mut() else {
            return Err(crate::Error::Other("no segments yet".into()));
        };
        let seg = Arc::make_mut(seg);
        seg.rename(id, name)?;
        let clean = seg.segments[id].name.clone();
        if let Some(path) = path {
            names::save(&path, seg, id, &clean)?;
        }
        Ok(())
    }

    fn names_file(&self) -> Option<std::path::PathBuf> {
        Some(names::file(self.store.as_ref()?.dir(), self.fingerprint()?))
    }

    pub fn set_models(&mut self, m: Models) -> &Arc<Models> {
        self.models.insert(Arc::new(m))
    }

    /// The copy request for `segment` with the session's tone, platform and
    /// campaign currency (see [`brief::request`]).
    pub fn brief(
        &self,
        segment: usize,
        spec: &BriefSpec,
    ) -> Result<crate::copy::CopyRequest, String> {
        let ds = self.dataset().ok_or("no data loaded")?;
        let seg = self
            .segmentation
            .as_ref()
            .ok_or("segments are still being computed")?;
        let models = self
            .models
            .as_ref()
            .ok_or("recommendations are still being fitted")?;
        let facts = self.facts().ok_or("no data loaded")?;
        brief::request(ds, facts, seg, models, segment, spec).map_err(|e| e.to_string())
    }

    /// The brief settings the session's state gives (tone, platform, currency).
    pub fn brief_spec(&self) -> BriefSpec {
        BriefSpec {
            tone: self.tone,
            offer: self.offer,
            discount: self
                .campaign
                .discount
                .as_deref()
                .and_then(crate::campaign::render::percent),
            platform: self.platform,
            currency: self.campaign.currency.clone(),
            ..BriefSpec::default()
        }
    }

    /// Records the marketer's decisions in the store's log and refits the
    /// learnt critic on all of them.
    pub fn record(&mut self, decisions: Vec<Decision>) {
        let Some(store) = &self.store else {
            return;
        };
        if let Err(e) = Log::in_dir(store.dir()).append(&decisions) {
            self.warnings.push(format!("decision not recorded: {e}"));
        }
        // read back rather than kept in memory: another window's decisions
        // count too
        self.refit_taste();
    }

    /// Refits the learnt critic from the log.
    pub fn refit_taste(&mut self) {
        let Some(store) = &self.store else {
            return;
        };
        match Log::in_dir(store.dir()).read() {
            Ok((ds, _)) => {
                self.decisions = ds.len();
                self.taste = Taste::fit(&ds).map(Arc::new);
            }
            Err(e) => self.warnings.push(format!("decisions not read: {e}")),
        }
    }

    /// The learnt critic's score of a draft, when it beats chance on
    /// held-out decisions (else no score is shown).
    pub fn taste_score(&self, d: &Draft) -> Option<f64> {
        let t = self.taste.as_ref().filter(|t| t.trusted())?;
        let (title, body) = d.template();
        Some(t.score(&title, &body, d.variant.tone, d.variant.offer))
    }
}
