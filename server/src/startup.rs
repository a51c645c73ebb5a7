//! Builds the state and the router; used by `main` and by the tests alike.
use crate::{
    accounts::{mails::Links, national_id::Vault},
    config::Config,
    db,
    http::{
        audit, calendar, certificate, headers, health, media,
        metrics::{self, Metrics},
        orders, packages, participants, personal_data,
    },
    login_sessions::DbSessionStore,
    mail::{Mailer, transport::MailTransport, worker::MailWorker},
};
use app::{App, error::AppError, shell};
use axum::{
    Router,
    body::Body,
    extract::{Request, State},
    http::StatusCode,
    middleware,
    response::{IntoResponse, Response},
    routing::get,
};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use sea_orm::{DatabaseConnection, DbErr};
use std::{net::SocketAddr, sync::Arc, time::Duration};
use tokio::net::TcpListener;
use tower_http::{
    compression::CompressionLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer},
    trace::TraceLayer,
};
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};

use crate::http::state::{AppState, Shared};

mod background;
mod services;
use services::services;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Database(#[from] DbErr),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("mail: {0}")]
    Mail(String),
}

/// A built portal, bound to its port, ready to serve.
pub struct Application {
    listener: TcpListener,
    router: Router,
    port: u16,
    /// The content origin's listener and routes (packages from authoring tools).
    content: (TcpListener, Router),
    content_url: String,
    db: DatabaseConnection,
    mailer: Mailer,
    background: background::Background,
    readiness: crate::http::health::Readiness,
    /// How long `/readyz` says «shutting down» before the listener closes.
    drain: Duration,
}

impl Application {
    /// Connects, migrates and builds the portal described by `config`.
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        let db = db::connect(&config.database.url).await?;
        db::migrate(&db).await?;
        Self::build_with_db(config, db).await
    }

    /// Builds the portal on an already migrated database.
    pub async fn build_with_db(config: Config, db: DatabaseConnection) -> Result<Self, StartupError> {
        let (listener, local) = bind(config.server.addr).await?;
        let public_url = public_url(&config, local);
        let (content_listener, content_local) = bind(config.server.content_addr).await?;
        let content_url = config
            .server
            .content_url
            .clone()
            .unwrap_or_else(|| default_content_url(&public_url, content_local));
        let launch_key = crate::elearning::package::launch::LaunchKey::new(config.secret_key.expose());
        let mailer = Mailer::new();
        let worker = mail_worker(&config, &db, &mailer)?;
        let links = Links {
            public_url: public_url.clone(),
            support_email: config.mail.support_email.clone(),
        };
        let sessions = DbSessionStore::new(&db);
        let shared = Parts {
            feed: crate::enrolment::feed::FeedKey::new(config.secret_key.expose()),
            options: crate::catalogue::calendar::UpcomingOptions::default(),
            search: crate::catalogue::search::SearchIndex::default(),
            hr: crate::competence::employees::Feed {
                db: db.clone(),
                vault: Vault::new(config.secret_key.expose()),
                mailer: mailer.clone(),
                links: links.clone(),
            },
            launcher: crate::elearning::package::launch::Launcher {
                key: launch_key.clone(),
                content_url: content_url.clone(),
            },
        };
        // Filled before the first request, so that a burst at start does not count them per request.
        shared.options.fill(&db).await?;
        shared.search.reload(&db).await?;
        let background = background::start(worker, &config, &db, &mailer, &links, &sessions, &shared.search);

        let readiness = crate::http::health::Readiness::default();
        let state = AppState::new(Shared {
            leptos_options: leptos_options(&config, local),
            db: db.clone(),
            metrics: Arc::new(Metrics::new(config.server.metrics_token.as_deref())),
            services: services(&config, &db, &mailer, &links, &shared),
            public_url: public_url.clone(),
            feed: shared.feed,
            hr: shared.hr,
            sso: crate::accounts::sso::Sso::new(
                config.accounts.oidc.clone(),
                &public_url,
                db.clone(),
                config.accounts.limits.work_logins_per_address,
            ),
            page_cache: crate::http::page_cache::PageCache::new(
                shared.search,
                Duration::from_secs(config.server.page_cache_seconds.into()),
            ),
            readiness: readiness.clone(),
            package_limits: config.learning.package_limits,
            content_url: content_url.clone(),
        });
        let router = router(state).layer(session_layer(&config, sessions));
        let content_router = crate::http::content::router(crate::http::content::ContentState {
            db: db.clone(),
            key: launch_key,
            portal_origin: origin_of(&public_url).into(),
            content_origin: content_url.clone().into(),
        });

        Ok(Self {
            listener,
            router,
            port: local.port(),
            content: (content_listener, content_router),
            content_url,
            db,
            mailer,
            background,
            readiness,
            drain: Duration::from_secs(config.server.drain_seconds.into()),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Where browsers reach the content origin (`http://localhost:4000` by default).
    pub fn content_url(&self) -> &str {
        &self.content_url
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn mailer(&self) -> &Mailer {
        &self.mailer
    }

    /// Serves until SIGINT or SIGTERM; then `/readyz` answers 503 for the drain period while
    /// requests are still served, the listener closes, and the requests in flight finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        let (readiness, drain) = (self.readiness, self.drain);
        // The content origin closes with the portal's listener and finishes its requests too.
        let (closed, closing) = tokio::sync::watch::channel(false);
        let (content_listener, content_router) = self.content;
        let content = tokio::spawn(async move {
            let mut closing = closing;
            axum::serve(content_listener, content_router)
                .with_graceful_shutdown(async move {
                    let _ = closing.wait_for(|closed| *closed).await;
                })
                .await
        });
        let stopping = async move {
            shutdown_signal().await;
            readiness.start_draining();
            tracing::info!(
                drain_seconds = drain.as_secs(),
                "shutting down: not ready, draining"
            );
            tokio::time::sleep(drain).await;
        };
        let result = axum::serve(self.listener, service)
            .with_graceful_shutdown(stopping)
            .await;
        let _ = closed.send(true);
        if let Ok(Err(error)) = content.await {
            tracing::error!(%error, "the content origin stopped with an error");
        }
        tracing::info!("requests in flight finished; stopping background work");
        self.background.stop().await;
        result
    }
}

/// A listener on `addr`, and the address it got (port 0 in tests).
async fn bind(addr: SocketAddr) -> Result<(TcpListener, SocketAddr), StartupError> {
    let bind_error = |source| StartupError::Bind { addr, source };
    let listener = TcpListener::bind(addr).await.map_err(bind_error)?;
    let local = listener.local_addr().map_err(bind_error)?;
    Ok((listener, local))
}

/// Without an explicit public address the portal is reached where it listens.
fn public_url(config: &Config, local: SocketAddr) -> String {
    if config.server.public_url == format!("http://{}", config.server.addr) {
        format!("http://{local}")
    } else {
        config.server.public_url.clone()
    }
}

/// `scheme://host[:port]` of an address.
fn origin_of(url: &str) -> String {
    match url.find("://") {
        Some(at) => {
            let rest = &url[at + 3..];
            let end = rest.find('/').unwrap_or(rest.len());
            format!("{}{}", &url[..at + 3], &rest[..end])
        }
        None => url.to_string(),
    }
}

/// Without `KURSPORTAL_CONTENT_URL`: the public address's scheme and host with the content
/// listener's port. On a loopback host the other spelling is taken (`127.0.0.1` ↔ `localhost`),
/// which makes the content another site as well as another origin, so the browser sends it no
/// portal cookie. A real deployment sets `KURSPORTAL_CONTENT_URL` to its own host name.
fn default_content_url(public_url: &str, content: SocketAddr) -> String {
    let origin = origin_of(public_url);
    let (scheme, authority) = origin.split_once("://").unwrap_or(("http", &origin));
    let host = match authority.rfind(':') {
        Some(colon) if !authority.ends_with(']') => &authority[..colon],
        _ => authority,
    };
    let host = match host {
        "127.0.0.1" => "localhost",
        "localhost" => "127.0.0.1",
        other => other,
    };
    format!("{scheme}://{host}:{}", content.port())
}

/// The worker that sends the outbox over SMTP, or into files without an SMTP server.
fn mail_worker(
    config: &Config,
    db: &DatabaseConnection,
    mailer: &Mailer,
) -> Result<MailWorker, StartupError> {
    let transport = match &config.mail.smtp_url {
        Some(url) => MailTransport::smtp(url),
        None => MailTransport::files(config.mail_dir()),
    }
    .map_err(StartupError::Mail)?;
    let from = config
        .mail
        .from
        .parse()
        .map_err(|e| StartupError::Mail(format!("KURSPORTAL_MAIL_FROM: {e}")))?;
    Ok(MailWorker::new(db.clone(), transport, from, mailer.wake_signal()))
}

/// What the services and the handlers share: the feed key, the filter options, the search
/// index and the HR feed.
struct Parts {
    feed: crate::enrolment::feed::FeedKey,
    options: crate::catalogue::calendar::UpcomingOptions,
    search: crate::catalogue::search::SearchIndex,
    hr: crate::competence::employees::Feed,
    launcher: crate::elearning::package::launch::Launcher,
}

fn leptos_options(config: &Config, local: SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("kursportal")
        .site_root(config.server.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(local)
        .env(leptos_config::Env::PROD)
        .build()
}

/// HTTP sessions in the database, their cookie and its lifetime.
fn session_layer(config: &Config, sessions: DbSessionStore) -> SessionManagerLayer<DbSessionStore> {
    SessionManagerLayer::new(sessions)
        // `__Host-` makes the browser refuse the cookie unless it is Secure, for this host
        // alone and for every path: nothing on a sibling domain can plant one.
        .with_name(if config.secure_cookies() {
            "__Host-kursportal.sid"
        } else {
            "kursportal.sid"
        })
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies())
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::hours(8),
        ))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

/// Server functions run with the same services in context as page rendering.
async fn server_fn_handler(State(state): State<AppState>, request: Request<Body>) -> impl IntoResponse {
    let services = state.services.clone();
    handle_server_fns_with_context(
        move || {
            provide_context(services.clone());
            provide_context(app::services::CallerMemo::default());
        },
        request,
    )
    .await
}

/// Applies [`answer_error_for_reader`] to every server function answer.
async fn server_fn_status(request: Request<Body>, next: middleware::Next) -> Response {
    let language = app::messages::Language::of_request(request.headers());
    answer_error_for_reader(next.run(request).await, language).await
}

/// A server function's error is our `AppError`: its messages are put into the reader's language
/// here, where it leaves for the reader (a script, or the page rendered for a posted form), and
/// an error raised before the function body ran (bad arguments), which leaves server_fn's
/// default 500, is answered with the status it names.
async fn answer_error_for_reader(response: Response, language: app::messages::Language) -> Response {
    if !response.headers().contains_key("serverfnerror") {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1024 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let Ok(mut error) = serde_json::from_slice::<AppError>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if parts.status == StatusCode::INTERNAL_SERVER_ERROR
        && let Ok(status) = StatusCode::from_u16(error.status())
    {
        parts.status = status;
    }
    error.translate(language);
    let body = serde_json::to_vec(&error)
        .map(Body::from)
        .unwrap_or(Body::from(bytes));
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, body)
}

/// The app's routes, worked out once per process.
///
/// Leptos finds the routes by running the app with resource loading suppressed through a
/// process-global flag (`leptos_server::SuppressResourceLoad`): a resource first polled by a
/// render anywhere in the process while that flag is up waits forever (leptos issue #4773).
/// Generating the list once, before any router exists, means no render can ever overlap it,
/// however many applications the process builds (the HTTP tests build one per test).
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole HTTP surface: pages, server functions, health, metrics, assets.
pub fn router(state: AppState) -> Router {
    let routes = route_list();
    let page_context = {
        let services = state.services.clone();
        move || {
            leptos::nonce::provide_nonce();
            provide_context(services.clone());
            provide_context(app::services::CallerMemo::default());
            app::ui::forms::provide_posted_form();
        }
    };
    let fallback_context = page_context.clone();
    let shell_options = state.leptos_options.clone();

    let pages = Router::new()
        .route("/api/{*fn_name}", get(server_fn_handler).post(server_fn_handler))
        .leptos_routes_with_context(&state, routes, page_context, move || shell(shell_options.clone()))
        .route("/kalender/kursenhet/{id}", get(calendar::session_ics))
        .route("/kalender/mine/{account}/{token}", get(calendar::personal_feed))
        .route(
            "/admin/kursenhet/{id}/deltakere.csv",
            get(participants::participants_csv),
        )
        .route("/admin/logg.csv", get(audit::audit_csv))
        .route(
            "/min-konto/mine-data.json",
            get(personal_data::own_data).post(personal_data::own_data_in_full),
        )
        .route("/brukerstotte/{id}/data.json", get(personal_data::person_data))
        .route(
            "/admin/kurs/{code}/bestillinger.csv",
            get(orders::course_orders_csv),
        )
        .route(
            "/kursbevis/{code}/kursbevis.pdf",
            get(certificate::certificate_pdf),
        )
        .route("/media/{id}", get(media::serve))
        .route(
            "/admin/kurs/{code}/bilder",
            axum::routing::post(media::upload).layer(axum::extract::DefaultBodyLimit::max(
                media::MAX_IMAGE_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/admin/kurs/{code}/pakke",
            axum::routing::post(crate::http::packages::upload).layer(axum::extract::DefaultBodyLimit::max(
                usize::try_from(state.package_limits.max_upload_bytes).unwrap_or(usize::MAX) + (1 << 20),
            )),
        )
        .route("/admin/kurs/{code}/forsok.csv", get(packages::attempts_csv))
        .route("/kompetanse.csv", get(crate::http::competence::overview_csv))
        .route("/kompetanse.xlsx", get(crate::http::competence::overview_xlsx))
        .merge(crate::http::integration_api::routes())
        .route("/logg-inn/jobb", get(crate::http::sso::start))
        .route("/logg-inn/jobb/svar", get(crate::http::sso::callback))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::endpoint))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            fallback_context,
            shell,
        ))
        .layer(middleware::from_fn(server_fn_status))
        .with_state(state.clone());
    pages
        .clone()
        .layer(middleware::from_fn_with_state(pages, crate::http::forms::answer_with_page))
        .layer(middleware::from_fn_with_state(state.clone(), crate::http::page_cache::serve))
        .layer(middleware::from_fn(headers::check_origin))
        .layer(middleware::from_fn(headers::language_from_choice))
        .layer(middleware::from_fn_with_state(state.clone(), metrics::track))
        .layer(middleware::from_fn_with_state(
            headers::Transport {
                https: state.public_url.starts_with("https://"),
                frames: state.content_url.clone().into(),
            },
            headers::add_headers,
        ))
        .layer(CompressionLayer::new())
        .layer(
            // The span names the route template, never the raw path: links may carry tokens.
            TraceLayer::new_for_http().make_span_with(|request: &Request<Body>| {
                let route = request
                    .extensions()
                    .get::<axum::extract::MatchedPath>()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_else(|| "fallback".into());
                let request_id =
                    request.extensions().get::<RequestId>().and_then(|id| id.header_value().to_str().ok()).unwrap_or("-");
                tracing::info_span!("request", method = %request.method(), route = %route, request_id = %request_id)
            }),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}
