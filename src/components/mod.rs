//! Small shared pieces: error box, loading line, a part's load, sized lazy image, time, article lists,
//! head tags, toast region, offline reading's lists, notice and save button.

pub mod article_list;
pub mod channel_latest;
pub mod error_box;
pub mod img;
pub mod loaded;
pub mod loading;
pub mod meta;
pub mod offline_notice;
pub mod reading_progress;
pub mod share;
pub mod time;
pub mod toast;
