//! A course whose content is a package from an authoring tool: the package plays in a frame
//! from the content origin (never on the portal's origin), beside its table of contents with
//! each part's state. Server-rendered with no island: choosing a part is a link (`?del=2`),
//! and the player on the content origin does the rest, so the page costs a phone no more than
//! any other.
use super::{
    player::CompletedNotice,
    types::{PackagePlay, PlayPart, Player},
};
use crate::i18n::*;
use leptos::prelude::*;

/// The query parameter naming the part to open: its number among the launchable parts, from 1.
pub const PART: &str = "del";

/// The launchable part to open: the one asked for, else the first not done.
pub fn part_at(play: &PackagePlay, asked: Option<&str>) -> u32 {
    let count = play.frames.len() as u32;
    asked
        .and_then(|a| a.trim().parse::<u32>().ok())
        .filter(|n| (1..=count).contains(n))
        .map_or(play.next.min(count.saturating_sub(1)), |n| n - 1)
}

#[component]
pub fn PackageView(player: Player, asked: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let Some(play) = player.package.clone() else {
        return ().into_any();
    };
    let at = part_at(&play, asked.as_deref());
    let frame = play.frames.get(at as usize).cloned().unwrap_or_default();
    let address = format!("/kurs/{}/e-laering", player.code);
    let several = play.frames.len() > 1;
    let contents = several.then(|| {
        let items = play
            .parts
            .iter()
            .map(|part| view! { <PartLine part=part.clone() at address=address.clone() /> })
            .collect_view();
        view! {
            <nav class="lesson-nav package-contents" aria-label=t_string!(i18n, elearning.contents).to_string()>
                <ol>{items}</ol>
            </nav>
        }
    });
    view! {
        <p class="breadcrumbs"><a href=format!("/kurs/{}", player.code)>{player.code.clone()}</a></p>
        <h1>{player.title.clone()}</h1>
        {player.completed.clone().map(|done| view! { <CompletedNotice done /> })}
        {play.review.then(|| view! { <p class="notice">{t!(i18n, elearning.play_review)}</p> })}
        <div class=if several { "player package-player" } else { "package-player" }>
            {contents}
            <div class="player-main">
                <iframe
                    class="package-frame"
                    src=frame.clone()
                    title=t_string!(i18n, elearning.play_frame).to_string()
                    allow="fullscreen; autoplay"
                ></iframe>
                <p class="hint">
                    {t!(i18n, elearning.play_saved)} " "
                    <a href=frame target="_blank" rel="noopener">{t!(i18n, elearning.play_window)}</a>
                </p>
            </div>
        </div>
    }
    .into_any()
}

/// A line of the table of contents: a heading, or a part to open with its state.
#[component]
fn PartLine(part: PlayPart, at: u32, address: String) -> impl IntoView {
    let i18n = use_i18n();
    let class = format!("depth-{}", part.depth.min(5));
    let state = part.status.as_deref().map(|status| {
        let label = super::attempts_page::status_label(i18n, status);
        view! { " " <span class=format!("part-state state-{}", status.replace(' ', "-"))>"(" {label} ")"</span> }
    });
    match part.launch {
        Some(index) => view! {
            <li class=class>
                <a href=format!("{address}?{PART}={}", index + 1) aria-current=(index == at).then_some("step")>
                    {part.title.clone()}
                </a>
                {state}
            </li>
        }
        .into_any(),
        None => view! { <li class=class><strong>{part.title.clone()}</strong></li> }.into_any(),
    }
}
