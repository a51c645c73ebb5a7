use super::*;

fn launch() -> Launch {
    Launch {
        href: "index.html".into(),
        sco: true,
        mastery_score: None,
        launch_data: None,
        scaled_passing_score: None,
        completion_threshold: None,
        objectives: Vec::new(),
    }
}

const V2004: ScormVersion = ScormVersion::Scorm2004(3);

#[test]
fn session_times_of_both_versions_are_read_and_malformed_ones_are_none() {
    assert_eq!(timespan("00:01:30"), Some(90.0));
    assert_eq!(timespan("0002:00:05.5"), Some(7205.5));
    assert_eq!(timespan("PT1H2M3.5S"), Some(3723.5));
    assert_eq!(timespan("PT50S"), Some(50.0));
    assert_eq!(timespan("P1DT1S"), Some(86_401.0));
    assert_eq!(timespan("PT0S"), Some(0.0));
    for bad in [
        "PT10",
        "PT50S.21S",
        "PT",
        "P",
        "10",
        "1:2",
        "00:61:00",
        "PT1S2M",
        "xx:yy:zz",
        "PT-5S",
        "",
    ] {
        assert_eq!(timespan(bad), None, "{bad}");
    }
}

#[test]
fn a_malformed_session_time_is_tolerated_and_reported() {
    let cmi = json!({"core": {"lesson_status": "incomplete", "session_time": "PT50S.21S"}});
    let read = evaluate(ScormVersion::Scorm12, &launch(), &cmi, false).unwrap();
    assert_eq!(read.status, Status::Incomplete);
    assert_eq!(read.session_seconds, None);
    assert_eq!(read.malformed_time.as_deref(), Some("PT50S.21S"));
}

#[test]
fn scorm_12_completes_at_the_finish_when_the_package_sets_no_status() {
    let cmi = json!({"core": {"lesson_status": "not attempted"}});
    let open = evaluate(ScormVersion::Scorm12, &launch(), &cmi, false).unwrap();
    assert_eq!(open.status, Status::NotAttempted);
    let finished = evaluate(ScormVersion::Scorm12, &launch(), &cmi, true).unwrap();
    assert_eq!(finished.status, Status::Completed);
}

#[test]
fn scorm_12_mastery_score_decides_passed_or_failed_at_the_finish() {
    let mut with_mastery = launch();
    with_mastery.mastery_score = Some(80.0);
    let scored = |raw: &str| json!({"core": {"lesson_status": "completed", "score": {"raw": raw, "min": "0", "max": "100"}}});
    let passed = evaluate(ScormVersion::Scorm12, &with_mastery, &scored("80"), true).unwrap();
    assert_eq!((passed.status, passed.score_percent), (Status::Passed, Some(80)));
    let failed = evaluate(ScormVersion::Scorm12, &with_mastery, &scored("79.5"), true).unwrap();
    assert_eq!(failed.status, Status::Failed);
    let mid_session = evaluate(ScormVersion::Scorm12, &with_mastery, &scored("10"), false).unwrap();
    assert_eq!(mid_session.status, Status::Incomplete, "decided at the finish");
    assert!(
        !mid_session.status.satisfied(),
        "not done before the score decides"
    );
    let unscored = json!({"core": {"lesson_status": "completed"}});
    let finished = evaluate(ScormVersion::Scorm12, &with_mastery, &unscored, true).unwrap();
    assert_eq!(
        finished.status,
        Status::Completed,
        "no score at the finish: completed stands"
    );
}

#[test]
fn scorm_2004_passes_only_when_completed_and_passed() {
    let cmi =
        |completion: &str, success: &str| json!({"completion_status": completion, "success_status": success});
    let status = |c, s| evaluate(V2004, &launch(), &cmi(c, s), false).unwrap().status;
    assert_eq!(status("completed", "passed"), Status::Passed);
    assert_eq!(status("completed", "unknown"), Status::Completed);
    assert_eq!(status("incomplete", "passed"), Status::Incomplete);
    assert_eq!(status("completed", "failed"), Status::Failed);
    assert_eq!(status("unknown", "unknown"), Status::NotAttempted);
}

#[test]
fn scorm_2004_thresholds_from_the_manifest_decide() {
    let mut strict = launch();
    strict.scaled_passing_score = Some(0.7);
    strict.completion_threshold = Some(0.9);
    let cmi = |progress: f64, scaled: f64| {
        json!({"completion_status": "completed", "success_status": "passed",
               "progress_measure": progress, "score": {"scaled": scaled.to_string()}})
    };
    let read = |p, s| evaluate(V2004, &strict, &cmi(p, s), false).unwrap();
    assert_eq!(read(0.95, 0.7).status, Status::Passed);
    assert_eq!(read(0.95, 0.7).score_percent, Some(70));
    assert_eq!(read(0.95, 0.69).status, Status::Failed);
    assert_eq!(read(0.5, 0.9).status, Status::Incomplete);
    // The last page reached before the test: not done until the score or the finish says so.
    let untested = json!({"completion_status": "completed", "success_status": "unknown"});
    assert_eq!(
        evaluate(V2004, &strict, &untested, false).unwrap().status,
        Status::Incomplete
    );
    assert_eq!(
        evaluate(V2004, &strict, &untested, true).unwrap().status,
        Status::Completed
    );
}

#[test]
fn suspend_data_is_kept_to_64000_characters_of_any_kind() {
    let fits = json!({"suspend_data": "ø".repeat(SUSPEND_DATA_MAX)});
    assert!(evaluate(V2004, &launch(), &fits, false).is_ok());
    let too_long = json!({"suspend_data": "a".repeat(SUSPEND_DATA_MAX + 1)});
    assert!(evaluate(ScormVersion::Scorm12, &launch(), &too_long, false).is_err());
    assert!(evaluate(V2004, &launch(), &json!("not an object"), false).is_err());
}

#[test]
fn interactions_are_taken_out_of_the_runtime_and_merged_by_id() {
    let cmi = json!({"interactions": {"0": {"id": "q1", "result": "wrong"}, "1": {"id": "q2", "result": "correct"}}});
    let read = evaluate(V2004, &launch(), &cmi, false).unwrap();
    assert!(read.runtime.get("interactions").is_none());
    assert_eq!(read.interactions.len(), 2);
    let later = vec![
        json!({"id": "q1", "result": "correct"}),
        json!({"id": "q3", "result": "correct"}),
    ];
    let merged = merge_interactions(read.interactions, later);
    let results: Vec<_> = merged
        .iter()
        .map(|i| (i["id"].as_str().unwrap(), i["result"].as_str().unwrap()))
        .collect();
    assert_eq!(results, [("q1", "correct"), ("q2", "correct"), ("q3", "correct")]);
}

#[test]
fn a_new_session_resumes_after_suspend_with_the_bookmark_and_the_total_time() {
    let learner = Learner {
        id: "kp-7".into(),
        name: "Nordmann, Kari".into(),
    };
    let first = starting_data(ScormVersion::Scorm12, &launch(), &learner, None, false);
    assert_eq!(first["core"]["entry"], "ab-initio");
    assert_eq!(first["core"]["lesson_status"], "not attempted");
    assert!(first.get("suspend_data").is_none());
    let left = json!({"core": {"exit": "suspend", "lesson_location": "page-4"}, "suspend_data": "abc"});
    let earlier = Earlier {
        runtime: &left,
        status: Status::Incomplete,
        total_seconds: 3725,
    };
    let again = starting_data(ScormVersion::Scorm12, &launch(), &learner, Some(earlier), false);
    assert_eq!(again["core"]["entry"], "resume");
    assert_eq!(again["core"]["lesson_location"], "page-4");
    assert_eq!(again["core"]["total_time"], "01:02:05");
    assert_eq!(again["suspend_data"], "abc");
    assert_eq!(again["core"]["student_id"], "kp-7");
    let normal_exit = json!({"exit": "", "location": "p2", "suspend_data": "x"});
    let earlier = Earlier {
        runtime: &normal_exit,
        status: Status::Incomplete,
        total_seconds: 61,
    };
    let v2004 = starting_data(V2004, &launch(), &learner, Some(earlier), true);
    assert!(v2004.get("entry").is_none(), "no resume without suspend");
    assert_eq!(v2004["suspend_data"], "x", "given back all the same");
    assert_eq!(v2004["total_time"], "PT0H1M1S");
    assert_eq!(
        (&v2004["mode"], &v2004["credit"]),
        (&json!("review"), &json!("no-credit"))
    );
}

#[test]
fn a_first_session_of_scorm_2004_gets_the_manifests_objectives() {
    let mut with_objectives = launch();
    with_objectives.objectives = vec!["obj_playing".into(), "obj_etiquette".into()];
    let learner = Learner {
        id: "kp-1".into(),
        name: "Kari".into(),
    };
    let first = starting_data(V2004, &with_objectives, &learner, None, false);
    assert_eq!(
        first["objectives"],
        json!({"childArray": [{"id": "obj_playing"}, {"id": "obj_etiquette"}]})
    );
    let left = json!({"objectives": {"0": {"id": "obj_playing", "success_status": "passed"}}});
    let earlier = Earlier {
        runtime: &left,
        status: Status::Incomplete,
        total_seconds: 0,
    };
    let later = starting_data(V2004, &with_objectives, &learner, Some(earlier), false);
    assert_eq!(
        later["objectives"]["0"]["success_status"], "passed",
        "what the package left"
    );
}
