//! The app: its state, the router and the route table, inside the page frame. Nothing else.

use crate::frame::Frame;
use crate::routes::Route as Page;
use crate::routing::{self, Held, NoRoute, RoutePage};
use crate::staged::{later, soon};
use crate::state::{self, memory::Memory};
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::{
    components::{FlatRoutes, Route, Router},
    path,
};

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    state::provide(Page::parse(&state::memory::here()));
    // Each in a task of its own when the app takes over the server's page (`staged`), in this order.
    soon(|| {
        // The service worker, the online state, the install prompt and the comment outbox (browser
        // only).
        crate::offline::provide();
        // Before the router, so its listeners run first (they see the page being left).
        routing::scroll::install(expect_context::<Memory>());
    });
    later(|| {
        view! {
            <Router>
                <Held>
                <Frame>
                    <FlatRoutes fallback=|| view! { <NoRoute/> }>
                        <Route path=path!("/") view=|| view! { <RoutePage parse=Page::home/> }/>
                        <Route path=path!("/c/:slug") view=|| view! { <RoutePage parse=Page::channel/> }/>
                        <Route path=path!("/a/:id") view=|| view! { <RoutePage parse=Page::article/> }/>
                        <Route path=path!("/p/:slug") view=|| view! { <RoutePage parse=Page::place/> }/>
                        <Route path=path!("/t/:name") view=|| view! { <RoutePage parse=Page::tag/> }/>
                        <Route path=path!("/u/:name") view=|| view! { <RoutePage parse=Page::author/> }/>
                        <Route path=path!("/saved") view=|| view! { <RoutePage parse=Page::saved/> }/>
                        <Route path=path!("/search") view=|| view! { <RoutePage parse=Page::search/> }/>
                    </FlatRoutes>
                </Frame>
                </Held>
            </Router>
        }
        .into_any()
    })
}
