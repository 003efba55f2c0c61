//! Entry point of the editors' desk (`desk.html`, served at /desk to logged-in accounts): a binary of
//! its own, so nothing of it is in the reader's download.

fn main() {
    difang::desk::mount();
}
