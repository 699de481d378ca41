//! What users receive, read from the same plan the export writes: the users'
//! source (data, segments, the hybrid's picks, the facts that back claims)
//! and, for the Copy screen, the rows a few members of a segment would get
//! if a draft were approved.

use super::{approval, Session, ITEMS_PER_USER};
use crate::campaign::plan::{Plan, Row};
use crate::campaign::{DatasetSource, UserSource};
use crate::recommend::Method;
use crate::workbench::draft::Draft;

impl Session {
    /// The users as the campaign plan reads them; None until data and
    /// segments are ready (without models users get no products).
    pub fn user_source(&self) -> Option<DatasetSource<'_>> {
        let ds = self.dataset()?;
        let seg = self.segmentation.as_ref()?;
        let models = self.models.clone();
        let source = DatasetSource::new(ds, &seg.assignment, move |users: &[u32]| match &models {
            Some(m) => m.top_items(Method::Hybrid, users, ITEMS_PER_USER),
            None => vec![Vec::new(); users.len()],
        });
        Some(match self.facts() {
            Some(f) => source.with_facts(f),
            None => source,
        })
    }

    /// What the first `n` members of `segment` would receive if `draft` were
    /// approved as that segment's only variant with no control group: the
    /// text filled for each (their product, its price), or why they would be
    /// left out.
    pub fn draft_recipients(
        &self,
        segment: usize,
        draft: &Draft,
        n: usize,
    ) -> Result<Vec<Row>, String> {
        let source = self.user_source().ok_or("waiting for data and segments")?;
        let mut probe = self.campaign.clone();
        probe.segments.clear();
        probe.control_percent = 0.0;
        approval(self, segment, draft).apply(&mut probe);
        let plan = Plan::new(&probe, &source).map_err(|e| e.0.join("; "))?;
        let users: Vec<u32> = (0..source.n_users() as u32)
            .filter(|&u| source.segment_of(u) == segment)
            .take(n)
            .collect();
        let recs = source.recommend(&users);
        Ok(users
            .iter()
            .zip(recs)
            .filter_map(|(&u, r)| plan.row(u, &r))
            .collect())
    }
}
