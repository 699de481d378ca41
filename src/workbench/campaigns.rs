//! The session's campaign: bound to the loaded data, resumed per dataset,
//! switched, duplicated and deleted, and changed only through
//! [`crate::campaign::Edit`]s saved at once under the store's lock.

use super::draft::Draft;
use super::Session;
use crate::campaign::edit::{apply_all, Applied};
use crate::campaign::model::{now, RecommenderProvenance};
use crate::campaign::pipeline::segmentation_provenance;
use crate::campaign::{self, ApprovedVariant, Campaign, DatasetBinding, Edit, Provenance};
use crate::copy::{Platform, Product, Tone};
use crate::recommend::Method;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Recommended items per user in exports made from a session.
pub const ITEMS_PER_USER: usize = 3;

/// What a shell should tell the person after the campaign changed under them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CampaignNotice {
    pub message: Option<String>,
}

/// Drafts saved beside a campaign, so a restart finds them too.
#[derive(Serialize, Deserialize)]
struct SavedDrafts {
    tone: Tone,
    platform: Platform,
    drafts: BTreeMap<usize, Vec<Draft>>,
    products: BTreeMap<usize, Vec<Product>>,
}

fn new_campaign(owner: Option<String>, data: &DatasetBinding) -> Campaign {
    let day = now().chars().take(10).collect::<String>();
    let mut c = Campaign::new(&format!("Campaign {day}"), owner);
    c.dataset = Some(data.clone());
    c
}

/// The approval edit for a draft of `segment`, as the session sees the
/// segment (the same edit `pushbench campaign approve` applies).
pub fn approval(s: &Session, segment: usize, d: &Draft) -> Edit {
    let (name, size) = s
        .segmentation
        .as_ref()
        .and_then(|r| r.segments.iter().find(|p| p.id == segment))
        .map(|p| (p.name.clone(), Some(p.size)))
        .unwrap_or_else(|| (format!("Segment {segment}"), None));
    let platform = match s.platform {
        Platform::Ios => campaign::Platform::Ios,
        Platform::Android => campaign::Platform::Android,
        Platform::Web => campaign::Platform::Web,
    };
    let (title, body) = d.template();
    Edit::Approve {
        segment,
        name,
        size,
        variant: ApprovedVariant {
            label: String::new(),
            title,
            body,
            // a hand-edited text was only asked for in that tone
            tone: if d.edited {
                format!("edited by hand (asked: {})", d.variant.tone.label())
            } else {
                d.variant.tone.label().to_string()
            },
            offer: Some(d.variant.offer.label().to_string()),
            products: d.variant.products.clone(),
            split: 0,
            critic_score: d.variant.critic_score,
            model_id: d.variant.model_id.clone(),
            seed: d.variant.seed,
            approved_by: s.owner.clone().or_else(|| Some("tui".into())),
            approved_at: Some(now()),
        },
        platform: Some(platform),
    }
}

impl Session {
    /// Shows the last campaign built on the loaded data (with its drafts),
    /// or a new one bound to it; campaigns of other data stay untouched.
    pub(super) fn bind_campaign(&mut self) -> CampaignNotice {
        let Some(data) = self.binding() else {
            return CampaignNotice::default();
        };
        let owner = self.owner.clone();
        let Some(store) = self.store.clone() else {
            self.open_campaign(new_campaign(owner, &data));
            return CampaignNotice::default();
        };
        let others = store.list().map_or(0, |l| {
            l.iter()
                .filter(|s| {
                    s.dataset
                        .as_ref()
                        .is_none_or(|d| d.fingerprint.hash != data.fingerprint.hash)
                })
                .count()
        });
        let hint = if others > 0 {
            format!(" ({others} campaign(s) of other data are not shown)")
        } else {
            String::new()
        };
        let message = match store.load_last_for(&data.fingerprint) {
            Ok(Some(c)) => {
                let approved: usize = c.segments.iter().map(|s| s.variants.len()).sum();
                let msg = format!("resumed campaign '{}' ({approved} approved){hint}", c.name);
                self.open_campaign(c);
                Some(msg)
            }
            Ok(None) => {
                self.open_campaign(new_campaign(owner, &data));
                (others > 0).then(|| format!("new campaign for this data{hint}"))
            }
            Err(e) => {
                self.warnings
                    .push(format!("last campaign not resumed: {e}"));
                self.open_campaign(new_campaign(owner, &data));
                None
            }
        };
        CampaignNotice { message }
    }

    /// Makes `c` the open campaign, with the drafts saved beside it.
    pub fn open_campaign(&mut self, c: Campaign) {
        self.drafts.clear();
        self.products.clear();
        self.saved = None;
        if let Some(store) = &self.store {
            let file = store.drafts_file(&c.id);
            if let Ok(text) = std::fs::read_to_string(&file) {
                match serde_json::from_str::<SavedDrafts>(&text) {
                    Ok(s) => {
                        self.tone = s.tone;
                        self.platform = s.platform;
                        self.drafts = s.drafts;
                        self.products = s.products;
                    }
                    Err(e) => self
                        .warnings
                        .push(format!("{}: drafts not resumed: {e}", file.display())),
                }
            }
        }
        self.campaign = c;
    }

    /// The campaigns of the loaded data, most recent first: (id, name).
    pub fn campaigns_of_data(&self) -> Vec<(String, String)> {
        let (Some(store), Some(fp)) = (&self.store, self.fingerprint()) else {
            return Vec::new();
        };
        store
            .list_for(fp)
            .unwrap_or_default()
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect()
    }

    fn store_or_err(&self) -> Result<campaign::Store, String> {
        self.store
            .clone()
            .ok_or_else(|| "campaigns are not saved in this session".to_string())
    }

    /// Opens the campaign of this data named (or with the id) `typed`, as
    /// "name" or "name (id)"; any other text starts a new campaign with that
    /// name. Returns what happened.
    pub fn switch_campaign(&mut self, typed: &str) -> Result<String, String> {
        let typed = crate::text::sanitize(typed).trim().to_string();
        if typed.is_empty() {
            return Err("type a campaign's name, or a new name to start one".into());
        }
        let data = self.binding().ok_or("no data loaded")?;
        let id_in_parens = typed
            .rsplit_once(" (")
            .and_then(|(_, rest)| rest.strip_suffix(')'))
            .map(str::to_string);
        let found = self
            .campaigns_of_data()
            .into_iter()
            .find(|(id, name)| Some(id) == id_in_parens.as_ref() || *id == typed || *name == typed);
        let store = self.store_or_err()?;
        match found {
            Some((id, _)) => {
                let c = store.load(&id).map_err(|e| e.to_string())?;
                store.mark_last(&c).map_err(|e| e.to_string())?;
                let msg = format!("opened campaign '{}'", c.name);
                self.open_campaign(c);
                Ok(msg)
            }
            None => {
                let mut c = Campaign::new(&typed, self.owner.clone());
                c.dataset = Some(data);
                store.save(&c).map_err(|e| e.to_string())?;
                self.open_campaign(c);
                Ok(format!("new campaign '{typed}'"))
            }
        }
    }

    /// Saves a copy of the open campaign and opens it.
    pub fn duplicate_campaign(&mut self) -> Result<String, String> {
        let store = self.store_or_err()?;
        let id = self.campaign.id.clone();
        // A campaign nobody changed yet exists only here: save it first.
        if !store.dir().join(format!("{id}.json")).exists() {
            store.save(&self.campaign).map_err(|e| e.to_string())?;
        }
        let c = store.duplicate(&id).map_err(|e| e.to_string())?;
        let msg = format!("duplicated as '{}' (now open)", c.name);
        self.open_campaign(c);
        Ok(msg)
    }

    /// Deletes the open campaign once its name was typed to confirm; opens
    /// the data's most recent other campaign, or a new one.
    pub fn delete_campaign(&mut self, typed: &str) -> Result<String, String> {
        let name = self.campaign.name.clone();
        if crate::text::sanitize(typed).trim() != name {
            return Err(format!(
                "type the campaign's name ('{}') to delete it",
                crate::text::sanitize(&name)
            ));
        }
        let store = self.store_or_err()?;
        let id = self.campaign.id.clone();
        if store.dir().join(format!("{id}.json")).exists() {
            store.delete(&id).map_err(|e| e.to_string())?;
        }
        let next = self
            .campaigns_of_data()
            .into_iter()
            .find(|(other, _)| *other != id)
            .and_then(|(other, _)| store.load(&other).ok());
        match next {
            Some(c) => self.open_campaign(c),
            None => {
                let data = self.binding().ok_or("no data loaded")?;
                self.open_campaign(new_campaign(self.owner.clone(), &data));
            }
        }
        let now = crate::text::sanitize(&self.campaign.name);
        Ok(format!("deleted campaign '{name}'; now on '{now}'"))
    }

    /// Writes the drafts beside the campaign (atomically).
    pub fn save_drafts(&mut self) {
        let Some(store) = &self.store else {
            return;
        };
        let saved = SavedDrafts {
            tone: self.tone,
            platform: self.platform,
            drafts: self.drafts.clone(),
            products: self.products.clone(),
        };
        let file = store.drafts_file(&self.campaign.id);
        let result = serde_json::to_vec(&saved)
            .map_err(|e| e.to_string())
            .and_then(|json| {
                if let Some(dir) = file.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
                }
                crate::atomic::write(&file, &json).map_err(|e| e.to_string())
            });
        if let Err(e) = result {
            self.saved = Some(Err(format!("drafts not saved: {e}")));
        }
    }

    /// Applies `edits` to the campaign and saves it at once (onto the latest
    /// saved version, under the store's lock, so changes made in another
    /// window or process are kept), records provenance and saves the
    /// drafts. Returns what undoes the edits.
    pub fn commit(&mut self, edits: Vec<Edit>) -> Applied {
        let prov = self.provenance();
        let mut applied = Applied::default();
        if !edits.is_empty() {
            let saved = self.store.clone().map(|store| {
                store.update(&self.campaign, edits.clone(), |c| {
                    merge_provenance(c, prov.clone())
                })
            });
            match saved {
                Some(Ok(u)) => {
                    let note = if u.changed_elsewhere {
                        " (merged with changes made in another window)"
                    } else {
                        ""
                    };
                    self.saved = Some(Ok(format!("{}{note}", u.campaign.updated)));
                    self.campaign = u.campaign;
                    applied = u.applied;
                }
                other => {
                    // Keep the change in this session; say when it is not saved.
                    applied = apply_all(edits, &mut self.campaign);
                    merge_provenance(&mut self.campaign, prov);
                    self.campaign.touch();
                    if let Some(Err(e)) = other {
                        self.saved = Some(Err(format!("autosave failed: {e}")));
                    }
                }
            }
        }
        self.save_drafts();
        applied
    }

    /// Replaces the open campaign by its saved version when someone else
    /// changed it; true when it did.
    pub fn reload_if_changed(&mut self) -> bool {
        let Some(store) = &self.store else {
            return false;
        };
        match store.newer(&self.campaign) {
            Ok(Some(newer)) => {
                self.campaign = newer;
                self.saved = Some(Ok(format!(
                    "{} (reloaded: changed in another window)",
                    self.campaign.updated
                )));
                true
            }
            _ => false,
        }
    }

    /// Provenance of what the session holds now (None where nothing is ready).
    pub fn provenance(&self) -> Provenance {
        let load = self.load_options();
        Provenance {
            events_file: load.map(|o| campaign::pipeline::source_name(&o.events)),
            items_file: load.and_then(|o| o.items.as_ref().map(campaign::pipeline::source_name)),
            segmentation: self
                .segmentation
                .as_ref()
                .map(|seg| segmentation_provenance(seg, self.k_requested)),
            recommender: self.models.as_ref().map(|m| RecommenderProvenance {
                method: Method::Hybrid.name().to_string(),
                items_per_user: ITEMS_PER_USER,
                config: Some(m.config.clone()),
            }),
            copy: self.copy_model.clone().map(|mut c| {
                c.tone = Some(self.tone.label().to_string());
                c.platform = Some(self.platform.label().to_string());
                c
            }),
        }
    }
}

/// Keeps what `p` knows and leaves the rest as saved.
pub fn merge_provenance(c: &mut Campaign, p: Provenance) {
    if p.segmentation.is_some() {
        c.provenance.segmentation = p.segmentation;
    }
    if p.recommender.is_some() {
        c.provenance.recommender = p.recommender;
    }
    if p.copy.is_some() {
        c.provenance.copy = p.copy;
    }
    if p.events_file.is_some() {
        c.provenance.events_file = p.events_file;
        c.provenance.items_file = p.items_file;
    }
}
