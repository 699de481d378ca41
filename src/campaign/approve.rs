//! Approval in a headless run: the top critic-ranked drafts per segment, or
//! the approvals of a saved campaign.

use super::config::{Approval, PipelineConfig};
use super::model::{now, ApprovedVariant, Invalid, SegmentPlan};
use super::pipeline::{Approving, Brief, PipelineError, RunInputs};
use crate::jobs::JobCtx;
use crate::recommend::Method;

fn label(i: usize) -> String {
    ((b'A' + (i % 26) as u8) as char).to_string()
}

/// Approved variants per targeted segment, by the configured policy.
pub(crate) fn approve(
    cfg: &PipelineConfig,
    inp: &RunInputs,
    a: &Approving,
    ctx: &JobCtx,
) -> Result<Vec<SegmentPlan>, PipelineError> {
    let Approving {
        ds,
        facts,
        store,
        seg,
        models,
        targets,
        data,
    } = *a;
    let method = Method::parse(&cfg.method).unwrap_or(Method::Hybrid);
    let size = |id: usize| seg.segments.iter().find(|s| s.id == id).map(|s| s.size);
    let name = |id: usize| {
        seg.segments
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    match &cfg.approval {
        Approval::Saved { from } => {
            let saved = if from == "last" {
                store.load_last()?.ok_or_else(|| {
                    Invalid(vec!["approval policy \"saved\": there is no last session to take approvals from".into()])
                })?
            } else {
                store.load(from)?
            };
            if !inp.rebind {
                saved.check_data(&data.fingerprint, &data.label)?;
            }
            let mut plans = Vec::new();
            let mut problems = Vec::new();
            for &id in targets {
                match saved.segment(id).filter(|p| !p.variants.is_empty()) {
                    Some(p) => plans.push(SegmentPlan {
                        id,
                        name: name(id),
                        size: size(id),
                        variants: p.variants.clone(),
                    }),
                    None => problems.push(format!(
                        "saved campaign '{}' ({}) has no approved variant for segment {id} ({})",
                        saved.name,
                        saved.id,
                        name(id)
                    )),
                }
            }
            if problems.is_empty() {
                Ok(plans)
            } else {
                Err(Invalid(problems).into())
            }
        }
        Approval::Auto { variants, split } => {
            let mut plans = Vec::new();
            let mut problems = Vec::new();
            for (n, &id) in targets.iter().enumerate() {
                ctx.check()?;
                ctx.progress(n as f64 / targets.len().max(1) as f64, "writing copy");
                let brief = Brief {
                    ds,
                    facts,
                    segmentation: seg,
                    models,
                    segment: id,
                    method,
                    n_products: 5,
                    tone: cfg.tone.as_deref(),
                    n: cfg.candidates.max(*variants),
                    seed: cfg.copy_seed,
                    platform: cfg.campaign.platform,
                };
                let mut drafts = inp.copywriter.drafts(&brief, ctx)?;
                drafts.sort_by(|a, b| b.critic_score.total_cmp(&a.critic_score));
                if drafts.len() < *variants {
                    problems.push(format!(
                        "segment {id} ({}): {} variant(s) passed the guardrails, {variants} needed",
                        name(id),
                        drafts.len()
                    ));
                    continue;
                }
                let at = now();
                let approved = drafts
                    .into_iter()
                    .take(*variants)
                    .enumerate()
                    .map(|(i, d)| ApprovedVariant {
                        label: label(i),
                        title: d.title,
                        body: d.body,
                        tone: d.tone,
                        offer: d.offer,
                        products: d.products,
                        split: split.get(i).copied().unwrap_or(0),
                        critic_score: d.critic_score,
                        model_id: d.model_id,
                        seed: d.seed,
                        approved_by: Some("auto: top critic score".into()),
                        approved_at: Some(at.clone()),
                    })
                    .collect();
                plans.push(SegmentPlan {
                    id,
                    name: name(id),
                    size: size(id),
                    variants: approved,
                });
            }
            if problems.is_empty() {
                Ok(plans)
            } else {
                Err(Invalid(problems).into())
            }
        }
    }
}
