//! One module per screen: its state, how actions change it, how it is drawn.

pub mod campaign;
mod campaign_draw;
pub mod compare;
mod compare_draw;
pub mod copy;
mod copy_detail;
mod copy_draw;
pub mod data;
pub mod segments;

pub use campaign_draw::draw as draw_campaign;
pub use copy_draw::draw as draw_copy;

use super::app::App;
use super::overlay::PromptKind;

/// Applies a submitted prompt that belongs to a screen. Ok(true): the prompt
/// opened a follow-up overlay.
pub fn submit_prompt(app: &mut App, kind: &PromptKind, text: &str) -> Result<bool, String> {
    match kind {
        PromptKind::RenameSegment(id) => segments::rename(app, *id, text),
        PromptKind::PickUser => compare::pick_user(app, text),
        PromptKind::EditTitle(i) => {
            let seg = copy::segment(app).ok_or("no segment selected")?;
            let body = app
                .session
                .drafts
                .get(&seg)
                .and_then(|d| d.get(*i))
                .map(|d| d.template().1)
                .ok_or("that draft no longer exists")?;
            let kind = PromptKind::EditBody {
                index: *i,
                title: text.to_string(),
            };
            app.overlay = super::overlay::Overlay::prompt(kind, &body);
            Ok(true)
        }
        PromptKind::EditBody { index, title } => {
            copy::apply_edit(app, *index, title, text).map(|_| false)
        }
        PromptKind::ExportPath => campaign::export(app, text),
        PromptKind::RenameCampaign => campaign::rename(app, text),
        PromptKind::SwitchCampaign => campaign::switch_to(app, text),
        PromptKind::DeleteCampaign => campaign::delete(app, text),
        PromptKind::SetDiscount => copy::set_discount(app, text),
        PromptKind::SendTime
        | PromptKind::QuietHours
        | PromptKind::DeepLink
        | PromptKind::Owner => campaign::set_setting(app, kind, text),
        other => Err(format!("{} is not available on this screen", other.title())),
    }
}

/// Opens the member selected on the Segments screen.
pub fn open_member(app: &mut App) {
    let ids = segments::member_ids(app);
    let sel = app
        .segments
        .members
        .selected
        .min(ids.len().saturating_sub(1));
    if let Some(id) = ids.get(sel).cloned() {
        if compare::pick_user(app, &id).is_ok() {
            if let Some(i) = app
                .screens
                .iter()
                .position(|s| *s == super::app::Screen::Compare)
            {
                app.go_to(i);
            }
        }
    }
}
