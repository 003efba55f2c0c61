//! The Difang content API contract (`/api/v1`): every type the app and the server exchange, in one place.
//!
//! The server serialises these types and the app deserialises them, so the JSON contract documented in
//! `docs/content-api.md` cannot drift from the code: a doc test parses every documented example.

pub mod article;
pub mod comment;
pub mod content;
pub mod desk;
pub mod embed;
pub mod error;
pub mod listing;
pub mod live;
pub mod paths;
pub mod search;
pub mod site;
pub mod url;
pub mod widget;

pub use article::{Article, ArticleId, ArticleSummary, Block, Figure, Image, Page};
pub use comment::{
    Comment, CommentId, CommentOrder, CommentPage, CommentStatus, CommentTrail, NewComment,
};
pub use error::{ApiError, ErrorBody, ErrorCode};
pub use listing::{ListingKind, ListingPage};
pub use live::{LiveFeed, LiveUpdate, NewLiveUpdate};
pub use search::{SearchHit, SearchPage, Span};
pub use site::{ChannelRef, City, Crumb, CrumbKind, Region, Site, SiteChannel};
pub use url::SafeUrl;
pub use widget::{Widget, WidgetKind, WidgetSet};

/// Smallest and largest page size a list endpoint accepts (`limit`).
pub const LIMIT_RANGE: std::ops::RangeInclusive<u32> = 1..=50;
/// Page size when a request gives no `limit`.
pub const DEFAULT_LIMIT: u32 = 20;
