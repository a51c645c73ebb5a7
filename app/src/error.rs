//! The error type that crosses the wire between server functions and the UI.
use serde::{Deserialize, Serialize};
use server_fn::{
    ServerFnError,
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};

pub use crate::messages::Message;

/// A message for one form field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldIssue {
    pub field: String,
    pub message: Message,
}

/// What can go wrong in a server function, in terms a page can show.
///
/// `Invalid` names the form field so the page can put the message next to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    #[error("{message}")]
    Invalid { field: String, message: Message },
    /// Several fields of a form need fixing; nothing was stored.
    #[error("some fields need fixing")]
    InvalidForm { fields: Vec<FieldIssue> },
    /// The value belongs to someone else already (a national ID registered before).
    #[error("{message}")]
    Taken { field: String, message: Message },
    #[error("not found")]
    NotFound,
    #[error("you must log in first")]
    Unauthenticated,
    /// Wrong identifier or password; deliberately says no more than that.
    #[error("wrong e-mail address, staff code or password")]
    InvalidCredentials,
    #[error("you do not have access to this")]
    Forbidden,
    #[error("{message}")]
    Conflict { message: Message },
    #[error("too many attempts, try again in {retry_after_secs} seconds")]
    RateLimited { retry_after_secs: u64 },
    #[error("the service is temporarily unavailable")]
    Unavailable,
    #[error("an internal error occurred")]
    Internal,
    /// The request never reached the function (network, encoding): the client's side.
    /// (A struct variant: the enum is internally tagged, which cannot carry a bare string.)
    #[error("request failed: {message}")]
    Request { message: String },
}

/// Faults of ours (the database, a file, a library) on the server: logged once, where they
/// become [`AppError::Internal`], with the file and line of the `?` that met them; the person
/// sees only that something went wrong on our side. Compiled for the server alone (the browser
/// build has no database).
#[cfg(feature = "ssr")]
mod fault {
    use super::AppError;

    impl AppError {
        /// A fault: logged with the caller's place, answered as 500.
        #[track_caller]
        pub fn fault(error: impl std::fmt::Display) -> Self {
            let at = std::panic::Location::caller();
            tracing::error!(%error, file = at.file(), line = at.line(), "fault");
            AppError::Internal
        }
    }

    impl From<sea_orm::DbErr> for AppError {
        #[track_caller]
        fn from(error: sea_orm::DbErr) -> Self {
            Self::fault(error)
        }
    }
}

impl AppError {
    pub fn invalid(field: impl Into<String>, message: impl Into<Message>) -> Self {
        Self::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// A conflict with the state of things, said in `message`.
    pub fn conflict(message: impl Into<Message>) -> Self {
        Self::Conflict {
            message: message.into(),
        }
    }

    /// Every message of this error put into `language` from the catalogue; the server does
    /// this where an error leaves for its reader.
    #[cfg(feature = "ssr")]
    pub fn translate(&mut self, language: crate::messages::Language) {
        match self {
            Self::Invalid { message, .. } | Self::Taken { message, .. } | Self::Conflict { message } => {
                message.translate(language)
            }
            Self::InvalidForm { fields } => fields
                .iter_mut()
                .for_each(|issue| issue.message.translate(language)),
            _ => {}
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Invalid { .. } | Self::InvalidForm { .. } | Self::Request { .. } => 400,
            Self::Unauthenticated | Self::InvalidCredentials => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::Conflict { .. } | Self::Taken { .. } => 409,
            Self::RateLimited { .. } => 429,
            Self::Unavailable => 503,
            Self::Internal => 500,
        }
    }

    /// The message for a given form field, if this error is about it.
    pub fn field_message(&self, name: &str) -> Option<&str> {
        match self {
            Self::Invalid { field, message } | Self::Taken { field, message } if field == name => {
                Some(message.text())
            }
            Self::InvalidForm { fields } => fields
                .iter()
                .find(|issue| issue.field == name)
                .map(|issue| issue.message.text()),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(message) => Self::invalid("", message),
            other => Self::Request {
                message: other.to_string(),
            },
        }
    }
}

impl From<ServerFnError> for AppError {
    fn from(value: ServerFnError) -> Self {
        Self::Request {
            message: value.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_maps_to_a_status_a_client_understands() {
        assert_eq!(AppError::invalid("email", "x").status(), 400);
        assert_eq!(AppError::NotFound.status(), 404);
        assert_eq!(AppError::RateLimited { retry_after_secs: 3 }.status(), 429);
        assert_eq!(AppError::Internal.status(), 500);
    }

    #[test]
    fn field_message_only_answers_for_its_field() {
        let e = AppError::invalid("email", "Skriv en gyldig e-postadresse.");
        assert_eq!(e.field_message("email"), Some("Skriv en gyldig e-postadresse."));
        assert_eq!(e.field_message("name"), None);
    }

    #[test]
    fn a_form_error_answers_for_each_of_its_fields() {
        let e = AppError::InvalidForm {
            fields: vec![
                FieldIssue {
                    field: "email".into(),
                    message: "a".into(),
                },
                FieldIssue {
                    field: "mobile".into(),
                    message: "b".into(),
                },
            ],
        };
        assert_eq!(
            (e.field_message("email"), e.field_message("mobile")),
            (Some("a"), Some("b"))
        );
        assert_eq!(e.field_message("name"), None);
        assert_eq!(e.status(), 400);
        assert_eq!(AppError::de(e.ser()), e);
    }

    #[test]
    fn errors_survive_the_wire() {
        let e = AppError::invalid("q", "too short");
        let bytes = e.ser();
        assert_eq!(AppError::de(bytes), e);
    }

    #[test]
    fn a_request_that_never_reached_the_function_can_be_answered() {
        // It once was a newtype variant, which serde cannot write with the tag: the server panicked.
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Request("length limit exceeded".into()));
        let bytes = e.ser();
        assert!(String::from_utf8_lossy(bytes.as_ref()).contains("length limit exceeded"));
        assert_eq!(AppError::de(bytes), e);
        assert_eq!(e.status(), 400);
    }
}
