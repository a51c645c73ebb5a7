//! The wasm entry point: wakes up the islands of a server-rendered page.
//!
//! Pages render on the server; only the parts marked `#[island]` in `app` run here. The
//! island script calls `hydrate()` and then hydrates each `<leptos-island>` it finds.
// Linking `app` is what brings the islands' exported functions (`_island_*`) into the wasm.
#[allow(unused_imports)]
use app::*;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Panic messages in the console cost every page their formatting code; debug builds only.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Each island marks the page interactive when it is the last to wake up
    // (`app::ui::island_awake`); a page without islands is interactive at once.
    if app::ui::islands_on_page() == 0
        && let Some(body) = leptos::prelude::document().body()
    {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
