//! Named points where a crash test can stop the process: with `KURSPORTAL_FAILPOINT=<name>`
//! the process announces on stderr that it reached the point and waits there until it is
//! killed. Unset (always, outside those tests) a point costs one comparison.
use std::sync::OnceLock;

/// Stops here, for good, when this point is the armed one.
pub async fn pause(name: &str) {
    static ARMED: OnceLock<Option<String>> = OnceLock::new();
    let armed = ARMED.get_or_init(|| {
        std::env::var("KURSPORTAL_FAILPOINT")
            .ok()
            .filter(|v| !v.is_empty())
    });
    if armed.as_deref() == Some(name) {
        eprintln!("failpoint {name}: paused until killed");
        std::future::pending::<()>().await;
    }
}
