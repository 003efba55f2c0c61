//! The strings of offline reading, installing and updates in both languages.

use super::Lang;

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
