//! Facts about this deployment that pages show (support contact).
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub support_email: String,
    /// Whether «Logg inn på jobb» (the employer's single sign-on) is set up here.
    #[serde(default)]
    pub work_login: bool,
}

#[server(prefix = "/api", endpoint = "site/info")]
pub async fn load_site_info() -> Result<SiteInfo, AppError> {
    Ok(crate::services::services()?.site.clone())
}
