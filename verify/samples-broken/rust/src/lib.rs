//! Hand-written sample in the layout specsmith generates.
use serde::{Deserialize, Serialize};

/// An enum schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PetStatus {
    #[serde(rename = "available")]
    Available,
    #[serde(rename = "sold")]
    Sold,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pet {
    pub id: i64,
    pub name: String,
    pub status: PetStatus,
    /// Optional: the property may be absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Nullable but required: present, may be null.
    #[serde(rename = "ownerName")]
    pub owner_name: Option<String>,
}

// BROKEN: a string literal is not an i64.
pub fn default_id() -> i64 {
    "one"
}

pub fn parse(text: &str) -> Result<Pet, serde_json::Error> {
    serde_json::from_str(text)
}
