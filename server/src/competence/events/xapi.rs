//! An event as an xAPI 1.0.3 statement, for a learning record store to take as is. A
//! completion is `passed` (or `failed`), a learning path `completed`; a correction is a new
//! statement whose context points at the statement it corrects; an expiry is an `expired`
//! statement about the same activity; a revocation voids the statement of what it revokes
//! (`http://adlnet.gov/expapi/verbs/voided`, object a `StatementRef`), as xAPI asks.
use super::Event;
use serde_json::{Value, json};

const VOIDED: &str = "http://adlnet.gov/expapi/verbs/voided";

/// The statement of one event.
pub fn statement(event: &Event, public_url: &str) -> Value {
    let timestamp = event
        .occurred_at
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    if event.kind == "revoked" {
        let mut voiding = json!({
            "id": event.statement_id,
            "actor": {
                "objectType": "Agent",
                "name": "Kursportal",
                "account": { "homePage": public_url, "name": "kursportal" },
            },
            "verb": { "id": VOIDED, "display": { "en-US": "voided" } },
            "object": {
                "objectType": "StatementRef",
                "id": event.refers_to_statement_id,
            },
            "timestamp": timestamp,
            "version": "1.0.3",
        });
        if let Some(reason) = &event.reason {
            voiding["context"] = json!({
                "platform": "Kursportal",
                "extensions": { format!("{public_url}/xapi/reason"): reason },
            });
        }
        return voiding;
    }
    let (verb, display) = verb(event, public_url);
    let mut context = json!({
        "platform": "Kursportal",
        "extensions": {
            format!("{public_url}/xapi/certificate-code"): event.certificate_code,
            format!("{public_url}/xapi/valid-until"): event.valid_until.map(|d| d.to_string()),
            format!("{public_url}/xapi/event"): event.kind,
        },
    });
    if let Some(earlier) = &event.refers_to_statement_id {
        context["statement"] = json!({ "objectType": "StatementRef", "id": earlier });
    }
    let mut statement = json!({
        "id": event.statement_id,
        "actor": {
            "objectType": "Agent",
            "name": event.name,
            "account": { "homePage": public_url, "name": event.staff_code },
        },
        "verb": { "id": verb, "display": { "en-US": display } },
        "object": activity(event, public_url),
        "timestamp": timestamp,
        "context": context,
        "version": "1.0.3",
    });
    if event.kind != "expired" {
        let passed = !event.result.to_lowercase().starts_with("ikke");
        let mut result = json!({ "success": passed, "completion": true });
        if let Some(score) = event.score {
            result["score"] =
                json!({ "scaled": f64::from(score) / 100.0, "raw": score, "min": 0, "max": 100 });
        }
        statement["result"] = result;
    }
    statement
}

fn verb(event: &Event, public_url: &str) -> (String, &'static str) {
    match event.kind.as_str() {
        "expired" => (format!("{public_url}/xapi/verbs/expired"), "expired"),
        "path_completed" => ("http://adlnet.gov/expapi/verbs/completed".into(), "completed"),
        _ if event.result.to_lowercase().starts_with("ikke") => {
            ("http://adlnet.gov/expapi/verbs/failed".into(), "failed")
        }
        _ => ("http://adlnet.gov/expapi/verbs/passed".into(), "passed"),
    }
}

fn activity(event: &Event, public_url: &str) -> Value {
    let (address, kind) = if event.subject == "path" {
        (
            format!("{public_url}/opplaeringsplan/{}", event.code),
            "http://adlnet.gov/expapi/activities/module",
        )
    } else {
        (
            format!("{public_url}/kurs/{}", event.code),
            "http://adlnet.gov/expapi/activities/course",
        )
    };
    json!({
        "objectType": "Activity",
        "id": address,
        "definition": { "name": { "nb-NO": event.title }, "type": kind },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: &str) -> Event {
        Event {
            id: 9,
            kind: kind.into(),
            occurred_at: "2026-12-01T10:00:00Z".parse().unwrap(),
            refers_to: (kind != "completed").then_some(4),
            staff_code: "ANS01".into(),
            name: "Anne Ansatt".into(),
            employer_org_number: None,
            subject: "course".into(),
            code: "SIK-100".into(),
            title: "Sikkerhetskurs".into(),
            completed_on: "2026-11-30".parse().unwrap(),
            result: "Bestått (90 %)".into(),
            score: Some(90),
            source: "quiz".into(),
            imported_from: None,
            valid_until: None,
            certificate_code: "ABCD-EFGH".into(),
            verify_url: String::new(),
            reason: Some("Feil person".into()),
            statement_id: "11111111-1111-4111-8111-111111111111".into(),
            refers_to_statement_id: (kind != "completed")
                .then(|| "22222222-2222-4222-8222-222222222222".into()),
        }
    }

    #[test]
    fn a_revocation_voids_the_statement_it_revokes() {
        let voiding = statement(&event("revoked"), "https://kurs.example.no");
        assert_eq!(voiding["verb"]["id"], VOIDED);
        assert_eq!(voiding["object"]["objectType"], "StatementRef");
        assert_eq!(voiding["object"]["id"], "22222222-2222-4222-8222-222222222222");
        assert!(voiding.get("result").is_none());
    }

    #[test]
    fn a_completion_passes_and_a_correction_points_at_what_it_corrects() {
        let url = "https://kurs.example.no";
        let passed = statement(&event("completed"), url);
        assert_eq!(passed["verb"]["display"]["en-US"], "passed");
        assert_eq!(passed["result"]["score"]["scaled"], 0.9);
        assert!(passed["context"].get("statement").is_none());
        let corrected = statement(&event("corrected"), url);
        assert_eq!(
            corrected["context"]["statement"]["id"],
            "22222222-2222-4222-8222-222222222222"
        );
        let expired = statement(&event("expired"), url);
        assert_eq!(expired["verb"]["display"]["en-US"], "expired");
        assert!(expired.get("result").is_none());
    }
}
