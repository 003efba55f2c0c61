//! The embeds' own strings in both languages (the widgets' headings and errors come from `i18n`).

use crate::i18n::Lang;

pub struct EmbedTexts {
    /// The widget's "more" line, linking to the news site.
    pub more: &'static str,
    pub site_name: &'static str,
    pub latest: &'static str,
    pub bad_params: &'static str,
    pub unknown_channel: &'static str,
    pub empty: &'static str,
    /// The comment widget's button that shows the part of a long thread below its reserved height.
    pub show_all: &'static str,
    pub partner_title: &'static str,
    pub partner_intro: &'static str,
    pub kind: &'static str,
    pub channel: &'static str,
    pub article: &'static str,
    pub theme: &'static str,
    pub language: &'static str,
    pub preview: &'static str,
    pub snippet: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub kinds: [&'static str; 4],
    pub themes: [&'static str; 3],
    pub other_lang: &'static str,
}

pub const ZH: EmbedTexts = EmbedTexts {
    more: "更多新闻 · 地方网 ›",
    site_name: "地方网",
    latest: "最新",
    bad_params: "小组件设置有误",
    unknown_channel: "没有这个频道",
    empty: "暂无内容",
    show_all: "展开全部评论",
    partner_title: "在您的网站上嵌入地方网小组件",
    partner_intro:
        "选择小组件、频道和配色，预览后复制代码，粘贴到您的网页中。小组件会自动调整高度。",
    kind: "小组件",
    channel: "频道",
    article: "文章编号",
    theme: "配色",
    language: "语言",
    preview: "预览",
    snippet: "嵌入代码",
    copy: "复制代码",
    copied: "已复制",
    kinds: ["热点排行", "频道最新头条", "图文看点", "文章评论"],
    themes: ["浅色", "深色", "跟随系统"],
    other_lang: "English",
};

pub const EN: EmbedTexts = EmbedTexts {
    more: "More news · Difang ›",
    site_name: "Difang",
    latest: "Latest",
    bad_params: "This widget is set up wrongly",
    unknown_channel: "No such channel",
    empty: "Nothing here yet",
    show_all: "Show all comments",
    partner_title: "Embed Difang widgets on your site",
    partner_intro: "Pick a widget, a channel and a theme, check the preview, then copy the snippet into your page. Widgets size themselves.",
    kind: "Widget",
    channel: "Channel",
    article: "Article id",
    theme: "Theme",
    language: "Language",
    preview: "Preview",
    snippet: "Snippet",
    copy: "Copy snippet",
    copied: "Copied",
    kinds: ["Hot ranking", "Channel headlines", "Picture highlights", "Article comments"],
    themes: ["Light", "Dark", "Follow the system"],
    other_lang: "中文",
};

pub fn texts(lang: Lang) -> &'static EmbedTexts {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}
