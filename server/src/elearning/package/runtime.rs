//! The SCORM runtime data on the server: what a package's commit says (status, score, time,
//! interactions), and what a new session of a SCO starts from (bookmark, suspend data, total
//! time, entry). The API object itself runs in the browser (scorm-again, on the content origin);
//! these are the rules the portal keeps.
use super::{Launch, ScormVersion};
use app::messages::Message;
use serde_json::{Map, Value, json};

/// `cmi.suspend_data` kept for both versions (SCORM 1.2 says 4,096, which real packages exceed).
pub const SUSPEND_DATA_MAX: usize = 64_000;
/// A session longer than a day is a clock gone wrong; counted as a day.
const SESSION_SECONDS_MAX: f64 = 24.0 * 3600.0;
/// Interactions kept per SCO (a package that reports in a loop stops growing the row here).
const INTERACTIONS_MAX: usize = 2_000;

/// A SCO's status as the portal records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    NotAttempted,
    Incomplete,
    Completed,
    Passed,
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotAttempted => "not attempted",
            Status::Incomplete => "incomplete",
            Status::Completed => "completed",
            Status::Passed => "passed",
            Status::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "incomplete" | "browsed" => Status::Incomplete,
            "completed" => Status::Completed,
            "passed" => Status::Passed,
            "failed" => Status::Failed,
            _ => Status::NotAttempted,
        }
    }

    /// Whether the SCO counts as done: completed, or passed.
    pub fn satisfied(self) -> bool {
        matches!(self, Status::Completed | Status::Passed)
    }
}

/// What one commit says about a SCO.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluated {
    pub status: Status,
    pub score_percent: Option<i32>,
    /// The session's time as the package reported it (`None`: not reported, or malformed).
    pub session_seconds: Option<f64>,
    /// A `session_time` that could not be read (tolerated: logged, the wall clock counts).
    pub malformed_time: Option<String>,
    /// `cmi` without its interactions.
    pub runtime: Value,
    pub interactions: Vec<Value>,
}

/// Why a commit was refused (nothing of it is stored).
fn too_long_suspend_data(chars: usize) -> Message {
    Message::new("Pakken lagret {chars} tegn framdriftsdata; grensen er {max}. Ingenting ble lagret.")
        .arg("chars", chars)
        .arg("max", SUSPEND_DATA_MAX)
}

/// Reads a commit's `cmi` for a SCO launched with `launch`.
pub fn evaluate(
    version: ScormVersion,
    launch: &Launch,
    cmi: &Value,
    terminated: bool,
) -> Result<Evaluated, Message> {
    let Some(object) = cmi.as_object() else {
        return Err(Message::new("Pakken sendte ingen kursdata."));
    };
    let suspend = text(cmi, &["suspend_data"]);
    let chars = suspend.chars().count();
    if chars > SUSPEND_DATA_MAX {
        return Err(too_long_suspend_data(chars));
    }
    let mut runtime = object.clone();
    let interactions = entries(runtime.remove("interactions"));
    let (time_path, status, score_percent) = match version {
        ScormVersion::Scorm12 => (
            &["core", "session_time"][..],
            status_12(cmi, launch, terminated),
            percent(cmi, &["core", "score"], None),
        ),
        ScormVersion::Scorm2004(_) => (
            &["session_time"][..],
            status_2004(cmi, launch, terminated),
            percent(cmi, &["score"], number(cmi, &["score", "scaled"])),
        ),
    };
    let reported = text(cmi, time_path);
    let parsed = timespan(reported);
    Ok(Evaluated {
        status,
        score_percent,
        session_seconds: parsed.filter(|s| *s > 0.0).map(|s| s.min(SESSION_SECONDS_MAX)),
        malformed_time: (parsed.is_none() && !reported.is_empty())
            .then(|| reported.chars().take(40).collect()),
        runtime: Value::Object(runtime),
        interactions,
    })
}

/// SCORM 1.2: the package's `lesson_status`; at the finish a status never set becomes
/// «completed», and with a mastery score and a raw score the score decides passed or failed.
/// With a mastery score, «completed» before the finish is not yet done: the score still decides
/// (a package that reaches its last page before its test would otherwise complete untested).
fn status_12(cmi: &Value, launch: &Launch, terminated: bool) -> Status {
    let mut status = Status::parse(text(cmi, &["core", "lesson_status"]));
    if terminated && status == Status::NotAttempted {
        status = Status::Completed;
    }
    if !terminated && status == Status::Completed && launch.mastery_score.is_some() {
        return Status::Incomplete;
    }
    let raw = number(cmi, &["core", "score", "raw"]);
    if terminated
        && text(cmi, &["core", "credit"]) != "no-credit"
        && let (Some(mastery), Some(raw)) = (launch.mastery_score, raw)
    {
        status = if raw >= mastery {
            Status::Passed
        } else {
            Status::Failed
        };
    }
    status
}

/// SCORM 2004: completion from `completion_status` (or the progress measure against the
/// manifest's threshold), success from `success_status` (or the scaled score against the
/// passing score); passed needs both, failed is failed. With a passing score, completed without a
/// success status is done only at the finish (the test may still be ahead).
fn status_2004(cmi: &Value, launch: &Launch, terminated: bool) -> Status {
    let mut completed = text(cmi, &["completion_status"]);
    if let (Some(threshold), Some(progress)) =
        (launch.completion_threshold, number(cmi, &["progress_measure"]))
    {
        completed = if progress >= threshold {
            "completed"
        } else {
            "incomplete"
        };
    }
    let mut success = text(cmi, &["success_status"]);
    if let (Some(passing), Some(scaled)) = (launch.scaled_passing_score, number(cmi, &["score", "scaled"])) {
        success = if scaled >= passing { "passed" } else { "failed" };
    }
    match (completed, success) {
        (_, "failed") => Status::Failed,
        ("completed", "passed") => Status::Passed,
        ("completed", _) if launch.scaled_passing_score.is_some() && !terminated => Status::Incomplete,
        ("completed", _) => Status::Completed,
        ("incomplete", _) | (_, "passed") => Status::Incomplete,
        _ => Status::NotAttempted,
    }
}

/// The score as a percentage: the scaled score where there is one, else raw between min and
/// max (0–100 when they are not given).
fn percent(cmi: &Value, path: &[&str], scaled: Option<f64>) -> Option<i32> {
    let value = match scaled {
        Some(scaled) => scaled * 100.0,
        None => {
            let field = |name: &str| {
                let mut full = path.to_vec();
                full.push(name);
                number(cmi, &full)
            };
            let raw = field("raw")?;
            match (field("min").unwrap_or(0.0), field("max")) {
                (min, Some(max)) if max > min => (raw - min) / (max - min) * 100.0,
                _ => raw,
            }
        }
    };
    value.is_finite().then(|| value.clamp(0.0, 100.0).round() as i32)
}

fn at<'a>(cmi: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(cmi, |value, key| value.get(key))
}

fn text<'a>(cmi: &'a Value, path: &[&str]) -> &'a str {
    at(cmi, path).and_then(Value::as_str).unwrap_or_default()
}

/// A number the runtime holds as text (`"85"`) or as a number.
fn number(cmi: &Value, path: &[&str]) -> Option<f64> {
    match at(cmi, path)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|n: &f64| n.is_finite())
}

/// A list the runtime renders as an array or as an object keyed `"0"`, `"1"`, …
fn entries(value: Option<Value>) -> Vec<Value> {
    match value {
        Some(Value::Array(list)) => list,
        Some(Value::Object(mut map)) => {
            if let Some(Value::Array(list)) = map.remove("childArray") {
                return list;
            }
            let mut keyed: Vec<(usize, Value)> = map
                .into_iter()
                .filter_map(|(k, v)| Some((k.parse().ok()?, v)))
                .collect();
            keyed.sort_by_key(|(k, _)| *k);
            keyed.into_iter().map(|(_, v)| v).collect()
        }
        _ => Vec::new(),
    }
    .into_iter()
    .filter(Value::is_object)
    .collect()
}

/// The interactions kept: those of earlier sessions, each replaced by a newer one with its id,
/// and the new ones after them.
pub fn merge_interactions(mut kept: Vec<Value>, new: Vec<Value>) -> Vec<Value> {
    for interaction in new {
        let id = interaction
            .get("id")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty());
        match id.and_then(|id| {
            kept.iter()
                .position(|k| k.get("id").and_then(Value::as_str) == Some(id))
        }) {
            Some(place) => kept[place] = interaction,
            None if kept.len() < INTERACTIONS_MAX => kept.push(interaction),
            None => {}
        }
    }
    kept
}

/// Seconds in a SCORM 1.2 `HHHH:MM:SS.SS` or a SCORM 2004 `P…T…H…M…S` duration; `None` when the
/// text is neither (packages send `PT10`, `PT50S.21S` and worse).
pub fn timespan(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix('P') {
        return duration(rest);
    }
    let parts: Vec<&str> = text.split(':').collect();
    let [h, m, s] = parts[..] else { return None };
    let digits = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    if !digits(h) || !digits(m) || s.split('.').any(|p| !digits(p)) || s.split('.').count() > 2 {
        return None;
    }
    let (h, m, s): (f64, f64, f64) = (h.parse().ok()?, m.parse().ok()?, s.parse().ok()?);
    (m < 60.0 && s < 60.0).then_some(h * 3600.0 + m * 60.0 + s)
}

/// The part of an ISO 8601 duration after `P`.
fn duration(rest: &str) -> Option<f64> {
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) if !time.is_empty() => (date, time),
        Some(_) => return None,
        None => (rest, ""),
    };
    let mut seconds = 0.0;
    for (part, units) in [
        (
            date,
            &[
                ('Y', 31_557_600.0),
                ('M', 2_629_800.0),
                ('W', 604_800.0),
                ('D', 86_400.0),
            ][..],
        ),
        (time, &[('H', 3600.0), ('M', 60.0), ('S', 1.0)][..]),
    ] {
        let mut remaining = part;
        let mut next_unit = 0;
        while !remaining.is_empty() {
            let end = remaining.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
            let number: f64 = remaining[..end].parse().ok()?;
            let unit = remaining[end..].chars().next()?;
            let place = units[next_unit..].iter().position(|(u, _)| *u == unit)? + next_unit;
            seconds += number * units[place].1;
            next_unit = place + 1;
            remaining = &remaining[end + unit.len_utf8()..];
        }
    }
    (rest != "T" && !rest.is_empty()).then_some(seconds)
}

/// `HHHH:MM:SS` for SCORM 1.2, `PT…H…M…S` for 2004.
pub fn format_total(version: ScormVersion, seconds: i64) -> String {
    let seconds = seconds.max(0);
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    match version {
        ScormVersion::Scorm12 => format!("{:02}:{m:02}:{s:02}", h.min(9999)),
        ScormVersion::Scorm2004(_) => format!("PT{h}H{m}M{s}S"),
    }
}

/// Who the package is told the learner is.
pub struct Learner {
    /// A stable identifier that is not personal data: `kp-` and the account number.
    pub id: String,
    pub name: String,
}

/// What a SCO's earlier sessions left.
pub struct Earlier<'a> {
    pub runtime: &'a Value,
    pub status: Status,
    pub total_seconds: i64,
}

/// The `cmi` a new session of the SCO starts from: the learner, the manifest's values, and
/// what earlier sessions left (bookmark, suspend data, status, score, total time). `entry` is
/// `resume` after an exit of `suspend`, `ab-initio` the first time; the suspend data is given
/// back whatever the exit was, because packages that never say `suspend` still rely on it.
/// `review` (the course is completed and valid) opens it without credit, changing nothing.
pub fn starting_data(
    version: ScormVersion,
    launch: &Launch,
    learner: &Learner,
    earlier: Option<Earlier<'_>>,
    review: bool,
) -> Value {
    let empty = Value::Object(Map::new());
    let before = earlier.as_ref().map_or(&empty, |e| e.runtime);
    let exit_path: &[&str] = match version {
        ScormVersion::Scorm12 => &["core", "exit"],
        ScormVersion::Scorm2004(_) => &["exit"],
    };
    let entry = match &earlier {
        None => "ab-initio",
        Some(_) if text(before, exit_path) == "suspend" => "resume",
        Some(_) => "",
    };
    let total = format_total(version, earlier.as_ref().map_or(0, |e| e.total_seconds));
    let status = earlier.as_ref().map_or(Status::NotAttempted, |e| e.status);
    let (credit, mode) = if review {
        ("no-credit", "review")
    } else {
        ("credit", "normal")
    };
    let mut cmi = match version {
        ScormVersion::Scorm12 => json!({
            "core": {
                "student_id": learner.id,
                "student_name": learner.name,
                "lesson_location": text(before, &["core", "lesson_location"]),
                "lesson_status": status.as_str(),
                "credit": credit,
                "entry": entry,
                "lesson_mode": mode,
                "total_time": total,
                "score": at(before, &["core", "score"]).cloned().unwrap_or(empty.clone()),
            },
            "suspend_data": text(before, &["suspend_data"]),
            "launch_data": launch.launch_data.clone().unwrap_or_default(),
            "student_data": {
                "mastery_score": launch.mastery_score.map(|m| m.to_string()).unwrap_or_default(),
            },
        }),
        ScormVersion::Scorm2004(_) => json!({
            "learner_id": learner.id,
            "learner_name": learner.name,
            "location": text(before, &["location"]),
            "completion_status": text(before, &["completion_status"]),
            "success_status": text(before, &["success_status"]),
            "credit": credit,
            "entry": entry,
            "mode": mode,
            "total_time": total,
            "score": at(before, &["score"]).cloned().unwrap_or(empty.clone()),
            "suspend_data": text(before, &["suspend_data"]),
            "launch_data": launch.launch_data.clone().unwrap_or_default(),
            "completion_threshold": launch.completion_threshold.map(|v| v.to_string()).unwrap_or_default(),
            "scaled_passing_score": launch.scaled_passing_score.map(|v| v.to_string()).unwrap_or_default(),
            "progress_measure": at(before, &["progress_measure"]).cloned().unwrap_or(Value::String(String::new())),
            "objectives": at(before, &["objectives"])
                .filter(|o| o.as_object().is_some_and(|o| !o.is_empty()))
                .cloned()
                .unwrap_or_else(|| json!({
                    "childArray": launch.objectives.iter().map(|id| json!({"id": id})).collect::<Vec<_>>()
                })),
        }),
    };
    if let Some(object) = cmi.as_object_mut() {
        // Nothing empty is loaded: the runtime keeps its own defaults for those.
        object.retain(|_, v| !matches!(v, Value::String(s) if s.is_empty()));
    }
    cmi
}

#[cfg(test)]
#[path = "runtime_tests.rs"]
mod tests;
