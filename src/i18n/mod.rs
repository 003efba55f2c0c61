//! UI strings in Chinese (default) and English, and time formatting in both: small tables, no crate.
//! The frame's strings here; the comment thread's, offline reading's and times in their own files.

mod comments;
mod offline;
mod times;

pub use comments::CommentTexts;
pub use offline::OfflineTexts;
pub use times::{absolute, relative, rfc3339};

use leptos::prelude::*;
use model::WidgetKind;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        let t = tag.to_ascii_lowercase();
        if t.starts_with("zh") {
            Some(Lang::Zh)
        } else if t.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    pub fn t(self) -> &'static Texts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

/// Every UI string; one field per use.
pub struct Texts {
    pub skip_to_main: &'static str,
    pub channels: &'static str,
    pub breadcrumb: &'static str,
    pub article_crumb: &'static str,
    pub source: &'static str,
    pub origin: &'static str,
    /// Before the writer's name.
    pub author: &'static str,
    /// Before the time of the last update.
    pub updated: &'static str,
    pub tags: &'static str,
    /// An embed's link card when the provider is unknown.
    pub embed_elsewhere: &'static str,
    pub loading: &'static str,
    pub error_network: &'static str,
    pub error_server: &'static str,
    pub error_decode: &'static str,
    pub retry: &'static str,
    pub error_timeout: &'static str,
    /// The retry button while the server's `Retry-After` runs; `{n}` is the seconds left.
    pub retry_in: &'static str,
    /// A part whose content is gone (404), in place of the part.
    pub part_missing: &'static str,
    pub load_more: &'static str,
    /// The header's search box: its button, and its label.
    pub search: &'static str,
    pub search_label: &'static str,
    pub no_more: &'static str,
    pub empty_list: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    /// An article taken down by the newsroom (410).
    pub gone_title: &'static str,
    pub gone_text: &'static str,
    pub back_home: &'static str,
    pub comments: &'static str,
    pub comments_empty: &'static str,
    pub theme_to_dark: &'static str,
    pub theme_to_light: &'static str,
    pub font_inc: &'static str,
    pub font_dec: &'static str,
    pub lang_switch: &'static str,
    pub lang_switch_label: &'static str,
    pub share: &'static str,
    pub link_copied: &'static str,
    pub copy_failed: &'static str,
    pub lead_story: &'static str,
    pub latest: &'static str,
    pub more_cities: &'static str,
    pub trending: &'static str,
    pub more: &'static str,
    pub navigating: &'static str,
    pub reading_progress: &'static str,
    pub widgets: &'static str,
    pub footer: &'static str,
    pub views: &'static str,
    pub just_now: &'static str,
}

pub static ZH: Texts = Texts {
    skip_to_main: "跳到正文",
    channels: "频道",
    breadcrumb: "当前位置",
    article_crumb: "正文",
    source: "来源:",
    origin: "原文链接",
    author: "作者:",
    updated: "更新于",
    tags: "标签",
    embed_elsewhere: "在原网站查看",
    loading: "加载中…",
    error_network: "网络连接失败,请检查网络后重试。",
    error_server: "服务器暂时无法响应。",
    error_decode: "收到的数据无法识别。",
    retry: "重试",
    error_timeout: "请求超时，服务器没有及时响应。",
    retry_in: "{n} 秒后可重试",
    part_missing: "暂无内容",
    load_more: "加载更多",
    search: "搜索",
    search_label: "搜索本站新闻",
    no_more: "没有更多了",
    empty_list: "暂无文章",
    not_found_title: "页面不存在",
    not_found_text: "您要找的页面不存在或已被删除。",
    gone_title: "文章已撤下",
    gone_text: "这篇文章已被编辑部撤下,不再提供阅读。",
    back_home: "返回首页",
    comments: "评论",
    comments_empty: "暂无评论",
    theme_to_dark: "切换到深色模式",
    theme_to_light: "切换到浅色模式",
    font_inc: "增大字号",
    font_dec: "减小字号",
    lang_switch: "EN",
    lang_switch_label: "Switch to English",
    share: "分享",
    link_copied: "链接已复制",
    copy_failed: "无法复制链接",
    lead_story: "头条",
    latest: "最新",
    more_cities: "更多地方",
    trending: "热点",
    more: "更多",
    navigating: "页面加载中",
    reading_progress: "阅读进度",
    widgets: "推荐阅读",
    footer: "地方网 · 讲述家乡的故事",
    views: "阅读",
    just_now: "刚刚",
};

pub static EN: Texts = Texts {
    skip_to_main: "Skip to main content",
    channels: "Channels",
    breadcrumb: "Breadcrumb",
    article_crumb: "Article",
    source: "Source: ",
    origin: "Original",
    author: "By ",
    updated: "Updated",
    tags: "Tags",
    embed_elsewhere: "View on the original site",
    loading: "Loading…",
    error_network: "Network error. Check your connection and try again.",
    error_server: "The server could not answer right now.",
    error_decode: "The response could not be read.",
    retry: "Retry",
    error_timeout: "The request timed out: the server did not answer in time.",
    retry_in: "Retry in {n} s",
    part_missing: "Nothing here",
    load_more: "Load more",
    search: "Search",
    search_label: "Search the news",
    no_more: "No more stories",
    empty_list: "No stories yet",
    not_found_title: "Page not found",
    not_found_text: "The page you are looking for does not exist or was removed.",
    gone_title: "Article withdrawn",
    gone_text: "The newsroom has withdrawn this article; it is no longer available.",
    back_home: "Back to the front page",
    comments: "Comments",
    comments_empty: "No comments yet",
    theme_to_dark: "Switch to dark mode",
    theme_to_light: "Switch to light mode",
    font_inc: "Larger text",
    font_dec: "Smaller text",
    lang_switch: "中文",
    lang_switch_label: "切换到中文",
    share: "Share",
    link_copied: "Link copied",
    copy_failed: "Could not copy the link",
    lead_story: "Top story",
    latest: "Latest",
    more_cities: "More places",
    trending: "Trending",
    more: "More",
    navigating: "Loading page",
    reading_progress: "Reading progress",
    widgets: "More to read",
    footer: "Difang · stories from home",
    views: "views",
    just_now: "just now",
};

/// The UI language: from the app's preferences when mounted in the app, Chinese otherwise (tests, embeds).
pub fn use_lang() -> Signal<Lang> {
    match use_context::<RwSignal<Lang>>() {
        Some(lang) => lang.into(),
        None => Signal::stored(Lang::Zh),
    }
}

/// A widget's heading in the UI language.
pub fn widget_title(kind: WidgetKind, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => kind.title_zh(),
        Lang::En => match kind {
            WidgetKind::Recommended => "Recommended",
            WidgetKind::Related => "Related",
            WidgetKind::GuessYouLike => "You may like",
            WidgetKind::ChannelPicks => "Channel picks",
            WidgetKind::HotReading => "Most read",
            WidgetKind::PictureHighlights => "In pictures",
            WidgetKind::Neighbourhood => "Neighbourhood",
            WidgetKind::HotRanking => "Top stories",
        },
    }
}

/// The UI language now. The app re-renders its whole frame when the language changes, so views read it
/// once instead of each string holding its own reactive closure (that keeps the wasm small).
pub fn lang_now() -> Lang {
    use_context::<RwSignal<Lang>>()
        .map(|lang| lang.get_untracked())
        .unwrap_or_default()
}
