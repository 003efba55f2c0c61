//! Entry point of the partner widgets' wasm (`embed.html`): a small binary of its own, so a widget on a
//! partner's page downloads the widgets it shows and not the reader's whole app (no router, no pages).

fn main() {
    difang::embed::mount();
}
