//! The search page's strings in Chinese and English (the header's box has its own, in `i18n`).

use crate::i18n::Lang;

/// `{n}` and `{q}` in a template are replaced by the count and the query.
pub struct SearchTexts {
    pub heading: &'static str,
    pub query_label: &'static str,
    pub placeholder: &'static str,
    pub submit: &'static str,
    pub channel_label: &'static str,
    pub all_channels: &'static str,
    pub from_label: &'static str,
    pub to_label: &'static str,
    pub hint: &'static str,
    pub title: &'static str,
    pub found: &'static str,
    pub none: &'static str,
    pub next: &'static str,
    pub first: &'static str,
    pub results: &'static str,
    pub offline: &'static str,
}

const ZH: SearchTexts = SearchTexts {
    heading: "搜索",
    query_label: "搜索词",
    placeholder: "搜索本站新闻",
    submit: "搜索",
    channel_label: "频道",
    all_channels: "全部频道",
    from_label: "起始日期",
    to_label: "截止日期",
    hint: "输入关键词搜索本站新闻，中文无需空格；多个词用空格分开，须全部出现。",
    title: "搜索：{q}",
    found: "找到 {n} 篇与“{q}”相关的文章",
    none: "没有找到与“{q}”相关的文章。换个词，或去掉频道和日期的限制试试。",
    next: "下一页",
    first: "回到第一页",
    results: "搜索结果",
    offline: "当前离线：只在本机保存和最近阅读的文章中搜索。",
};

const EN: SearchTexts = SearchTexts {
    heading: "Search",
    query_label: "Search terms",
    placeholder: "Search the news",
    submit: "Search",
    channel_label: "Channel",
    all_channels: "All channels",
    from_label: "From",
    to_label: "To",
    hint: "Search this site's news. Chinese needs no spaces; separate several words with spaces, all must appear.",
    title: "Search: {q}",
    found: "{n} stories for “{q}”",
    none: "No stories for “{q}”. Try other words, or search every channel and date.",
    next: "Next page",
    first: "Back to the first page",
    results: "Results",
    offline: "Offline: searching only the stories saved or recently read on this device.",
};

pub fn texts(lang: Lang) -> &'static SearchTexts {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}
