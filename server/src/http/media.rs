//! Images for lessons: uploaded by course administrators (`POST /admin/kurs/{code}/bilder`,
//! a plain form, so it works without JavaScript) and served at `/media/{id}`.
use crate::{elearning::access, entity::media, http::state::AppState};
use axum::{
    extract::{Multipart, Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use sea_orm::{ActiveModelTrait, Set};

/// The largest image accepted.
pub const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;

/// The image type, read from the file's first bytes (never from its name or the browser's word).
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// `GET /media/{id}`: a lesson image, for those who may open its course (see
/// `elearning::access::image_for`); to anyone else it does not exist. Kept in the browser
/// only (`private`): whether it may be seen depends on who asks.
pub async fn serve(
    State(state): State<AppState>,
    Path(id): Path<String>,
    visitor: tower_sessions::Session,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let who = app::services::caller_of(&visitor, &state.services)
        .await
        .ok()
        .flatten();
    match access::image_for(&state.db, who, id).await {
        Ok(Some(image)) => (
            [
                (header::CONTENT_TYPE, image.content_type),
                (header::CACHE_CONTROL, "private, max-age=3600".to_string()),
            ],
            image.bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "reading an image failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

pub async fn upload(
    State(state): State<AppState>,
    Path(code): Path<String>,
    visitor: tower_sessions::Session,
    mut form: Multipart,
) -> Response {
    let back = |query: &str| {
        Redirect::to(&format!("/admin/kurs/{}/e-laering?{query}", urlencode(&code))).into_response()
    };
    let Ok(Some(who)) = app::services::caller_of(&visitor, &state.services).await else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let course = match access::editable(&state.db, &who, &code).await {
        Ok(course) => course,
        Err(access::NotEditable::Forbidden) => return StatusCode::FORBIDDEN.into_response(),
        Err(access::NotEditable::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(access::NotEditable::Database(_)) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let mut bytes = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("image") => match field.bytes().await {
                Ok(data) => bytes = Some(data),
                Err(_) => return back("bildefeil=stor"),
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => return back("bildefeil=stor"),
        }
    }
    let Some(bytes) = bytes.filter(|b| !b.is_empty()) else {
        return back("bildefeil=mangler");
    };
    if bytes.len() > MAX_IMAGE_BYTES {
        return back("bildefeil=stor");
    }
    let Some(content_type) = sniff(&bytes) else {
        return back("bildefeil=type");
    };
    let saved = media::ActiveModel {
        course_id: Set(course.id),
        content_type: Set(content_type.to_string()),
        bytes: Set(bytes.to_vec()),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&state.db)
    .await;
    match saved {
        Ok(image) => {
            let _ = crate::audit::record(
                &state.db,
                Some(who.account_id),
                "elearning.image_uploaded",
                None,
                Some(format!("{} {}", course.code, image.id)),
            )
            .await;
            back(&format!("bilde={}", image.id))
        }
        Err(error) => {
            tracing::error!(%error, "storing an image failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

pub(crate) fn urlencode(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_known_by_their_first_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(&[0xff, 0xd8, 0xff, 0xe0]), Some("image/jpeg"));
        assert_eq!(sniff(b"GIF89a..."), Some("image/gif"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(
            sniff(b"<svg onload=alert(1)>"),
            None,
            "no SVG: it can carry script"
        );
        assert_eq!(sniff(b""), None);
    }
}
