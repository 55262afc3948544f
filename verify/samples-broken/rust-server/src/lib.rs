//! Hand-written sample of a server crate: a model and an axum router.
use axum::extract::Path;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[serde(rename = "ownerName")]
    pub owner_name: Option<String>,
}

async fn get_pet(Path(id): Path<i64>) -> Json<Pet> {
    Json(Pet {
        id,
        name: "Rex".to_string(),
        status: PetStatus::Available,
        tag: None,
        owner_name: None,
    })
}

// BROKEN: builds, but `cargo clippy -- -D warnings` fails (clippy::let_and_return).
pub fn router() -> Router {
    let router = Router::new().route("/pets/{id}", get(get_pet));
    router
}
