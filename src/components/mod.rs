//! Small shared pieces: error box, loading line, sized lazy image, time, article lists, 404, toast.

pub mod article_list;
pub mod channel_latest;
pub mod error_box;
pub mod header;
pub mod img;
pub mod loading;
pub mod meta;
pub mod not_found;
pub mod reading_progress;
pub mod share;
pub mod time;
pub mod toast;
