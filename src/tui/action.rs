//! Everything a user can do, by name. Keys map to actions through the key map;
//! `App::update` applies actions, so state changes are testable without a terminal.

macro_rules! actions {
    ($($variant:ident => $name:literal),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $($variant),*
        }

        impl Action {
            /// Every action, in key-map order.
            pub const ALL: &'static [Action] = &[$(Action::$variant),*];

            /// The action's name as used in keymap.toml and the command palette.
            pub fn name(&self) -> &'static str {
                match self {
                    $(Action::$variant => $name),*
                }
            }
        }
    };
}

actions! {
    Quit => "quit",
    Help => "help",
    Palette => "command_palette",
    Filter => "filter",
    Open => "open_data",
    NextScreen => "next_screen",
    PrevScreen => "prev_screen",
    Screen1 => "screen_1",
    Screen2 => "screen_2",
    Screen3 => "screen_3",
    Screen4 => "screen_4",
    Screen5 => "screen_5",
    Up => "up",
    Down => "down",
    Left => "left",
    Right => "right",
    PageUp => "page_up",
    PageDown => "page_down",
    Top => "top",
    Bottom => "bottom",
    Enter => "enter",
    Back => "back",
    Reload => "reload",
    // Segments
    KMore => "k_more",
    KLess => "k_less",
    KAuto => "k_auto",
    CycleAlgo => "cycle_algorithm",
    Rename => "rename_segment",
    // Compare
    WeightUp => "hybrid_weight_up",
    WeightDown => "hybrid_weight_down",
    CycleCf => "cycle_cf_model",
    PickUser => "pick_user",
    // Copy
    Approve => "approve",
    Reject => "reject",
    Edit => "edit",
    Regenerate => "regenerate",
    RegenerateAll => "regenerate_all",
    CycleTone => "cycle_tone",
    CycleOffer => "cycle_offer",
    SetDiscount => "set_discount",
    CyclePlatform => "cycle_platform",
    Undo => "undo",
    // Campaign
    Export => "export",
    CycleFormat => "cycle_export_format",
    ControlMore => "control_more",
    ControlLess => "control_less",
    RenameCampaign => "rename_campaign",
    SwitchCampaign => "open_campaign",
    DuplicateCampaign => "duplicate_campaign",
    DeleteCampaign => "delete_campaign",
    SetSchedule => "set_send_time",
    SetQuietHours => "set_quiet_hours",
    SetDeepLink => "set_deep_link",
    SetOwner => "set_owner",
}

impl Action {
    pub fn parse(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// Screen index for the screen-jump actions.
    pub fn screen_index(&self) -> Option<usize> {
        match self {
            Action::Screen1 => Some(0),
            Action::Screen2 => Some(1),
            Action::Screen3 => Some(2),
            Action::Screen4 => Some(3),
            Action::Screen5 => Some(4),
            _ => None,
        }
    }

    /// Navigation within a list.
    pub fn is_navigation(&self) -> bool {
        matches!(
            self,
            Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::Top
                | Action::Bottom
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for a in Action::ALL {
            assert!(seen.insert(a.name()), "{} twice", a.name());
            assert_eq!(Action::parse(a.name()), Some(*a));
        }
    }
}
