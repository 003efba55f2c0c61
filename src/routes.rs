//! The app's own URLs (`/a/{id}`, `/c/{slug}`, `/p/{slug}`), in one place; the router in app.rs matches them.

use model::{paths::encode, ArticleId};

pub fn article(id: ArticleId) -> String {
    format!("/a/{id}")
}

pub fn channel(slug: &str) -> String {
    format!("/c/{}", encode(slug))
}

/// A region or city page.
pub fn place(slug: &str) -> String {
    format!("/p/{}", encode(slug))
}
