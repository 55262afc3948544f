//! The docs target.

pub mod html;
