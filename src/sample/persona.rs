//! Behavioural personas and their generation parameters.

use std::fmt;

use super::catalog::{PricePref, N_CATEGORIES};

/// Ground-truth behavioural segment of a synthetic user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Persona {
    BargainHunter,
    LoyalHighSpender,
    WindowShopper,
    NewVisitor,
    LapsedCustomer,
    CategorySpecialist,
}

impl Persona {
    /// Every persona, in a fixed order.
    pub const ALL: [Persona; 6] = [
        Persona::BargainHunter,
        Persona::LoyalHighSpender,
        Persona::WindowShopper,
        Persona::NewVisitor,
        Persona::LapsedCustomer,
        Persona::CategorySpecialist,
    ];

    /// Snake-case label used in `personas.csv`.
    pub fn label(&self) -> &'static str {
        match self {
            Persona::BargainHunter => "bargain_hunter",
            Persona::LoyalHighSpender => "loyal_high_spender",
            Persona::WindowShopper => "window_shopper",
            Persona::NewVisitor => "new_visitor",
            Persona::LapsedCustomer => "lapsed_customer",
            Persona::CategorySpecialist => "category_specialist",
        }
    }

    /// Inverse of [`Persona::label`].
    pub fn from_label(label: &str) -> Option<Persona> {
        Persona::ALL.into_iter().find(|p| p.label() == label)
    }

    /// Share of the user base with this persona (the shares sum to 1).
    pub fn share(&self) -> f64 {
        self.params().share
    }

    pub(crate) fn params(&self) -> &'static Params {
        match self {
            Persona::BargainHunter => &BARGAIN,
            Persona::LoyalHighSpender => &LOYAL,
            Persona::WindowShopper => &WINDOW,
            Persona::NewVisitor => &NEW,
            Persona::LapsedCustomer => &LAPSED,
            Persona::CategorySpecialist => &SPECIALIST,
        }
    }
}

impl fmt::Display for Persona {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Which part of the period a persona is active in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Window {
    /// The whole period.
    Full,
    /// Only the last `n` days (first seen recently).
    LastDays(u32),
    /// Only the first half, and never in the last `n` days.
    EarlyOnly { quiet_days: u32 },
}

/// Generation parameters of one persona.
#[derive(Debug)]
pub(crate) struct Params {
    pub share: f64,
    /// Minimum and mean number of sessions (min + Poisson(mean - min)).
    pub sessions_min: u64,
    pub sessions_mean: f64,
    /// Mean number of browse steps per session (1 + Poisson(mean - 1)).
    pub steps_mean: f64,
    /// Probability that a browse step starts with a search.
    pub p_search: f64,
    /// Probability that a view is followed by a favourite.
    pub p_favorite: f64,
    /// Probability that a view is followed by an add-to-cart.
    pub p_cart: f64,
    /// Probability that a carted item is bought at the end of the session.
    pub p_purchase: f64,
    /// Median and log-sd of view dwell time in seconds.
    pub dwell_median: f64,
    pub dwell_sigma: f64,
    /// Preferred hours: (centre hour, sd in hours, weight).
    pub hours: &'static [(f64, f64, f64)],
    /// Share of sessions at a uniformly random hour.
    pub hour_noise: f64,
    pub price: PricePref,
    pub window: Window,
    /// Inclusive range of the number of favourite categories.
    pub favorite_categories: (usize, usize),
    /// Share of activity in the top category (specialists only).
    pub top_share: Option<f64>,
    /// Relative affinity for each category when choosing favourites.
    pub affinity: [f64; N_CATEGORIES],
    /// Share of activity spread uniformly over all categories.
    pub category_noise: f64,
}

// Category order: Electronics, Fashion, Home & Kitchen, Beauty, Sports & Outdoors,
// Grocery, Toys & Games, Books, Health, Pet Supplies, Garden, Baby.
const AFFINITY_GLOBAL: [f64; N_CATEGORIES] = [
    11.0, 14.0, 12.0, 9.0, 8.0, 12.0, 7.0, 8.0, 6.0, 5.0, 5.0, 4.0,
];

static BARGAIN: Params = Params {
    share: 0.20,
    sessions_min: 3,
    sessions_mean: 6.5,
    steps_mean: 3.0,
    p_search: 0.55,
    p_favorite: 0.08,
    p_cart: 0.38,
    p_purchase: 0.40,
    dwell_median: 18.0,
    dwell_sigma: 0.6,
    hours: &[(12.5, 1.2, 0.4), (20.5, 1.3, 0.6)],
    hour_noise: 0.15,
    price: PricePref::Cheap,
    window: Window::Full,
    favorite_categories: (3, 5),
    top_share: None,
    affinity: [
        3.0, 12.0, 10.0, 10.0, 5.0, 16.0, 8.0, 6.0, 6.0, 5.0, 4.0, 4.0,
    ],
    category_noise: 0.08,
};

static LOYAL: Params = Params {
    share: 0.12,
    sessions_min: 4,
    sessions_mean: 8.5,
    steps_mean: 2.8,
    p_search: 0.15,
    p_favorite: 0.12,
    p_cart: 0.35,
    p_purchase: 0.85,
    dwell_median: 35.0,
    dwell_sigma: 0.5,
    hours: &[(12.5, 0.9, 0.45), (19.5, 1.2, 0.55)],
    hour_noise: 0.08,
    price: PricePref::Expensive,
    window: Window::Full,
    favorite_categories: (3, 4),
    top_share: None,
    affinity: [
        16.0, 14.0, 12.0, 9.0, 10.0, 3.0, 4.0, 4.0, 5.0, 3.0, 5.0, 4.0,
    ],
    category_noise: 0.06,
};

static WINDOW: Params = Params {
    share: 0.25,
    sessions_min: 3,
    sessions_mean: 5.0,
    steps_mean: 5.5,
    p_search: 0.10,
    p_favorite: 0.15,
    p_cart: 0.03,
    p_purchase: 0.15,
    dwell_median: 100.0,
    dwell_sigma: 0.55,
    hours: &[(22.5, 1.2, 0.85), (15.5, 2.0, 0.15)],
    hour_noise: 0.08,
    price: PricePref::Quality,
    window: Window::Full,
    favorite_categories: (3, 5),
    top_share: None,
    affinity: [
        10.0, 16.0, 14.0, 10.0, 6.0, 2.0, 5.0, 6.0, 3.0, 3.0, 6.0, 3.0,
    ],
    category_noise: 0.12,
};

static NEW: Params = Params {
    share: 0.18,
    sessions_min: 1,
    sessions_mean: 1.8,
    steps_mean: 4.0,
    p_search: 0.35,
    p_favorite: 0.05,
    p_cart: 0.12,
    p_purchase: 0.35,
    dwell_median: 28.0,
    dwell_sigma: 0.7,
    hours: &[(14.0, 4.0, 1.0)],
    hour_noise: 0.3,
    price: PricePref::Neutral,
    window: Window::LastDays(13),
    favorite_categories: (2, 4),
    top_share: None,
    affinity: AFFINITY_GLOBAL,
    category_noise: 0.1,
};

static LAPSED: Params = Params {
    share: 0.13,
    sessions_min: 3,
    sessions_mean: 4.5,
    steps_mean: 3.5,
    p_search: 0.25,
    p_favorite: 0.05,
    p_cart: 0.28,
    p_purchase: 0.65,
    dwell_median: 30.0,
    dwell_sigma: 0.6,
    hours: &[(8.0, 1.2, 0.5), (18.5, 1.4, 0.5)],
    hour_noise: 0.15,
    price: PricePref::Neutral,
    window: Window::EarlyOnly { quiet_days: 42 },
    favorite_categories: (3, 5),
    top_share: None,
    affinity: AFFINITY_GLOBAL,
    category_noise: 0.1,
};

static SPECIALIST: Params = Params {
    share: 0.12,
    sessions_min: 3,
    sessions_mean: 5.5,
    steps_mean: 3.8,
    p_search: 0.35,
    p_favorite: 0.20,
    p_cart: 0.20,
    p_purchase: 0.60,
    dwell_median: 55.0,
    dwell_sigma: 0.5,
    hours: &[(15.5, 1.5, 1.0)],
    hour_noise: 0.15,
    price: PricePref::Quality,
    window: Window::Full,
    favorite_categories: (2, 3),
    top_share: Some(0.85),
    affinity: [
        10.0, 8.0, 8.0, 8.0, 12.0, 6.0, 8.0, 12.0, 6.0, 8.0, 8.0, 6.0,
    ],
    category_noise: 0.03,
};
