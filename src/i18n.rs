//! UI strings in Chinese (default) and English, and time formatting in both: two small tables, no crate.

use leptos::prelude::*;
use model::WidgetKind;
use time::OffsetDateTime;

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

/// `2017-06-16 07:32` in the time's own offset (the article's local time, not the reader's).
pub fn absolute(t: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// RFC 3339 with the original offset, for `<time datetime>`.
pub fn rfc3339(t: OffsetDateTime) -> String {
    let off = t.offset();
    let secs = off.whole_seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        abs / 3600,
        (abs % 3600) / 60
    )
}

/// Relative text for recent times (3小时前 / 3 hours ago) and the absolute time for anything a week or
/// more old. `now_ms` is Unix milliseconds, so this stays pure and testable.
pub fn relative(t: OffsetDateTime, now_ms: f64, lang: Lang) -> String {
    let then_ms = t.unix_timestamp() as f64 * 1000.0 + f64::from(t.millisecond());
    let secs = ((now_ms - then_ms) / 1000.0).floor();
    let plural = |n: i64, unit: &str| {
        if n == 1 {
            format!("1 {unit} ago")
        } else {
            format!("{n} {unit}s ago")
        }
    };
    if secs < 60.0 {
        // Also for times slightly in the future (a clock a little off): never "-3 minutes ago".
        return lang.t().just_now.to_owned();
    }
    let mins = (secs / 60.0) as i64;
    let hours = mins / 60;
    let days = hours / 24;
    match lang {
        _ if days >= 7 => absolute(t),
        Lang::Zh if hours < 1 => format!("{mins}分钟前"),
        Lang::Zh if days < 1 => format!("{hours}小时前"),
        Lang::Zh => format!("{days}天前"),
        Lang::En if hours < 1 => plural(mins, "minute"),
        Lang::En if days < 1 => plural(hours, "hour"),
        Lang::En => plural(days, "day"),
    }
}

/// The comment thread's strings; `{n}` in a template is replaced by a number.
pub struct CommentTexts {
    pub order_label: &'static str,
    pub newest: &'static str,
    pub oldest: &'static str,
    pub more_comments: &'static str,
    pub more_replies: &'static str,
    pub reply: &'static str,
    pub cancel: &'static str,
    pub report: &'static str,
    pub reported: &'static str,
    pub report_failed: &'static str,
    pub show_replies: &'static str,
    pub hide_replies: &'static str,
    pub reply_to: &'static str,
    pub write: &'static str,
    pub name_label: &'static str,
    pub text_label: &'static str,
    pub text_placeholder: &'static str,
    pub submit: &'static str,
    pub sending: &'static str,
    pub pending: &'static str,
    pub failed: &'static str,
    pub failed_network: &'static str,
    /// A comment written offline, waiting in the outbox.
    pub queued: &'static str,
    pub retry_after: &'static str,
    pub count_link: &'static str,
    /// A comment the desk hid or removed, in its place.
    pub removed: &'static str,
    /// The comment's own link (its anchor), to share or copy.
    pub link: &'static str,
    /// Instead of the form, when the desk closed the article's comments.
    pub closed: &'static str,
}

pub static ZH_COMMENTS: CommentTexts = CommentTexts {
    order_label: "排序",
    newest: "最新",
    oldest: "最早",
    more_comments: "更多评论",
    more_replies: "更多回复",
    reply: "回复",
    cancel: "取消",
    report: "举报",
    reported: "已举报,感谢反馈",
    report_failed: "举报失败,请稍后再试",
    show_replies: "展开 {n} 条回复",
    hide_replies: "收起回复",
    reply_to: "回复 @",
    write: "发表评论",
    name_label: "昵称",
    text_label: "评论内容",
    text_placeholder: "说点什么…",
    submit: "发表",
    sending: "发送中…",
    pending: "待审核",
    failed: "发送失败",
    failed_network: "网络连接失败",
    queued: "待发送",
    retry_after: "请在 {n} 秒后再试",
    count_link: "评论 {n}",
    removed: "该评论已被删除",
    link: "链接",
    closed: "评论已关闭",
};

pub static EN_COMMENTS: CommentTexts = CommentTexts {
    order_label: "Order",
    newest: "Newest",
    oldest: "Oldest",
    more_comments: "More comments",
    more_replies: "More replies",
    reply: "Reply",
    cancel: "Cancel",
    report: "Report",
    reported: "Reported, thank you",
    report_failed: "Could not report; try again later",
    show_replies: "Show {n} replies",
    hide_replies: "Hide replies",
    reply_to: "Reply to @",
    write: "Write a comment",
    name_label: "Name",
    text_label: "Comment",
    text_placeholder: "Say something…",
    submit: "Post",
    sending: "Sending…",
    pending: "Awaiting review",
    failed: "Not sent",
    failed_network: "Network error",
    queued: "Waiting to send",
    retry_after: "Try again in {n} seconds",
    count_link: "Comments {n}",
    removed: "This comment was removed",
    link: "Link",
    closed: "Comments are closed",
};

impl Lang {
    /// The comment thread's strings.
    pub fn c(self) -> &'static CommentTexts {
        match self {
            Lang::Zh => &ZH_COMMENTS,
            Lang::En => &EN_COMMENTS,
        }
    }
}

/// The UI language now. The app re-renders its whole frame when the language changes, so views read it
/// once instead of each string holding its own reactive closure (that keeps the wasm small).
pub fn lang_now() -> Lang {
    use_context::<RwSignal<Lang>>()
        .map(|lang| lang.get_untracked())
        .unwrap_or_default()
}

/// The strings of offline reading, installing and updates.
pub struct OfflineTexts {
    pub banner: &'static str,
    pub saved_link: &'static str,
    pub save: &'static str,
    pub unsave: &'static str,
    pub saved_done: &'static str,
    pub unsaved_done: &'static str,
    pub save_failed: &'static str,
    pub page_title: &'static str,
    pub saved_heading: &'static str,
    pub saved_empty: &'static str,
    pub recent_heading: &'static str,
    pub recent_empty: &'static str,
    pub remove: &'static str,
    pub unavailable_title: &'static str,
    pub unavailable_text: &'static str,
    pub available_heading: &'static str,
    pub update: &'static str,
    pub reload: &'static str,
    pub later: &'static str,
    pub draft_blocks: &'static str,
    pub install: &'static str,
    pub install_label: &'static str,
    pub ios_howto: &'static str,
    pub close: &'static str,
}

pub static ZH_OFFLINE: OfflineTexts = OfflineTexts {
    banner: "当前处于离线状态，显示的是保存在本机的内容。",
    saved_link: "离线文章",
    save: "离线保存",
    unsave: "取消离线保存",
    saved_done: "已保存，离线时也能阅读",
    unsaved_done: "已取消离线保存",
    save_failed: "保存失败，请联网后重试",
    page_title: "离线文章",
    saved_heading: "已保存的文章",
    saved_empty: "还没有保存的文章。在文章页点“离线保存”，没有网络时也能阅读。",
    recent_heading: "最近阅读",
    recent_empty: "还没有读过的文章。",
    remove: "移除",
    unavailable_title: "这篇文章没有保存在本机",
    unavailable_text:
        "当前没有网络，这篇文章还没有读过或保存过，联网后才能阅读。下面这些文章可以离线阅读。",
    available_heading: "可以离线阅读",
    update: "有新版本",
    reload: "重新加载",
    later: "稍后",
    draft_blocks: "评论草稿还没有发送：请先发表或清空草稿，再重新加载。",
    install: "安装",
    install_label: "安装地方网到桌面或主屏幕",
    ios_howto: "在 Safari 中点底部的“分享”按钮，再选“添加到主屏幕”，即可像应用一样打开地方网。",
    close: "关闭",
};

pub static EN_OFFLINE: OfflineTexts = OfflineTexts {
    banner: "You are offline: showing what is saved on this device.",
    saved_link: "Offline articles",
    save: "Save offline",
    unsave: "Remove offline copy",
    saved_done: "Saved: readable offline",
    unsaved_done: "Offline copy removed",
    save_failed: "Could not save; try again online",
    page_title: "Offline articles",
    saved_heading: "Saved articles",
    saved_empty: "Nothing saved yet. Tap \u{201c}Save offline\u{201d} on an article to read it without a network.",
    recent_heading: "Recently read",
    recent_empty: "No articles read yet.",
    remove: "Remove",
    unavailable_title: "This article is not saved on this device",
    unavailable_text: "You are offline and this article was not read or saved here before; it needs a network. These articles can be read offline:",
    available_heading: "Readable offline",
    update: "A new version is available",
    reload: "Reload",
    later: "Later",
    draft_blocks: "A comment draft is not sent yet: post or clear it first, then reload.",
    install: "Install",
    install_label: "Install Difang on your desktop or home screen",
    ios_howto: "In Safari, tap the Share button, then \u{201c}Add to Home Screen\u{201d} to open Difang like an app.",
    close: "Close",
};

impl Lang {
    /// The strings of offline reading, installing and updates.
    pub fn o(self) -> &'static OfflineTexts {
        match self {
            Lang::Zh => &ZH_OFFLINE,
            Lang::En => &EN_OFFLINE,
        }
    }
}
