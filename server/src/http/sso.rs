//! «Logg inn på jobb» over HTTP: the start and the provider's answer (the flow itself is
//! `accounts::sso`).
use super::state::AppState;
use crate::accounts::{sso, throttle};
use app::accounts::service::SessionAccount;
use axum::{
    extract::{Query, State},
    response::{IntoResponse, Redirect, Response},
};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
use tower_sessions::Session;

/// `GET /logg-inn/jobb`: off to the employer's provider. Each start writes a session row, so
/// one client address may start [`crate::accounts::throttle::Limits::work_logins_per_address`]
/// in 15 minutes (a hospital's morning shift behind one address included).
pub async fn start(
    State(state): State<AppState>,
    session: Session,
    request: axum::http::request::Parts,
) -> Response {
    let connection = request
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip());
    let client = app::services::client_ip_of(
        state.services.client_ip_header.as_ref(),
        &request.headers,
        connection,
    );
    if let Some(ip) = client {
        let limit = state.sso.work_logins_per_address;
        match throttle::admit(&state.db, &format!("sso:{ip}"), limit, Utc::now()).await {
            Ok(None) => {}
            Ok(Some(_)) => {
                tracing::warn!("single sign-on start throttled");
                return Redirect::to("/logg-inn?sso=mange").into_response();
            }
            Err(error) => {
                tracing::error!(%error, "single sign-on throttle unavailable");
                return Redirect::to("/logg-inn?sso=feil").into_response();
            }
        }
    }
    match state.sso.begin(&session).await {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(error) => Redirect::to(&format!("/logg-inn?sso={}", error.code())).into_response(),
    }
}

/// `GET /logg-inn/jobb/svar`: back from the provider; signed in under a new session id.
pub async fn callback(
    State(state): State<AppState>,
    session: Session,
    Query(answer): Query<sso::Answer>,
) -> Response {
    let pending = sso::take_pending(&session).await;
    let refused = |error: sso::SsoError| {
        tracing::info!(reason = error.code(), "single sign-on refused");
        Redirect::to(&format!("/logg-inn?sso={}", error.code())).into_response()
    };
    let employee = match state.sso.finish(pending, answer).await {
        Ok(sso::AtWork::Employee(employee)) => *employee,
        Ok(sso::AtWork::Newcomer(newcomer)) => {
            let Some(employer) = state.sso.new_employees() else {
                return refused(sso::SsoError::Unknown);
            };
            match state.hr.first_sign_in(newcomer, employer).await {
                Ok(created) => created,
                Err(error) => {
                    tracing::warn!(%error, "single sign-on: the newcomer could not be created");
                    return refused(sso::SsoError::Unknown);
                }
            }
        }
        Err(error) => return refused(error),
    };
    let who = SessionAccount {
        account_id: employee.id,
        generation: employee.session_generation,
    };
    if app::services::sign_in_at_work(&session, who).await.is_err() {
        return Redirect::to("/logg-inn?sso=feil").into_response();
    }
    // The language the person chose before (on another browser, or at registration) comes
    // with them, as at the password login.
    let language = employee
        .language
        .as_deref()
        .and_then(app::messages::Language::parse);
    let mut row = employee.into_active_model();
    row.last_login_at = Set(Some(Utc::now()));
    if let Err(error) = row.update(&state.db).await {
        tracing::warn!(%error, "could not note the login time");
    }
    tracing::info!(account_id = who.account_id, "login by single sign-on");
    let mut response = Redirect::to("/mine-kurs").into_response();
    if let Some(language) = language {
        response.headers_mut().append(
            axum::http::header::SET_COOKIE,
            app::ui::layout::language_cookie(language),
        );
    }
    response
}
