//! The comment thread's strings in both languages.

use super::Lang;

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
