//! One module per screen; each draws from `App` state only.

pub mod data;
