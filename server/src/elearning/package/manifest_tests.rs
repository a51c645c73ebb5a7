use super::*;
use crate::elearning::package::{Checked, Limits, check};
use std::io::Write;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/scorm/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// A zip of `files` (name, content), stored or deflated.
pub(crate) fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in files {
        writer.start_file(*name, options).unwrap();
        writer.write_all(content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn message(result: Result<Checked, Refused>) -> String {
    result.expect_err("refused").0.text().to_string()
}

const MINIMAL: &str = r#"<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>Kurs</title>
    <item identifier="i" identifierref="r"><title>Del 1</title></item>
  </organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html">
    <file href="index.html"/></resource></resources>
</manifest>"#;

#[test]
fn the_scorm_12_golf_package_is_one_sco_at_its_launch_page() {
    let checked = check(&fixture("golf-RuntimeBasicCalls_SCORM12.zip"), &Limits::default()).unwrap();
    let manifest = checked.manifest;
    assert_eq!(manifest.version, ScormVersion::Scorm12);
    assert_eq!(manifest.title, "Golf Explained - Run-time Basic Calls");
    let launchable = manifest.launchable();
    assert_eq!(launchable.len(), 1);
    let launch = launchable[0].launch.as_ref().unwrap();
    assert_eq!(launch.href, "shared/launchpage.html");
    assert!(launch.sco);
    assert_eq!(launch.mastery_score, None);
    assert!(manifest.files.contains(&"Playing/RulesOfGolf.html".to_string()));
}

#[test]
fn the_scorm_2004_golf_package_takes_its_passing_score_from_the_manifest() {
    let checked = check(
        &fixture("golf-RunTimeAdvancedCalls_SCORM20043rdEdition.zip"),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(checked.manifest.version, ScormVersion::Scorm2004(3));
    let launch = checked.manifest.launchable()[0].launch.clone().unwrap();
    assert_eq!(launch.scaled_passing_score, Some(0.8));
    assert_eq!(launch.href, "shared/launchpage.html");
    assert_eq!(
        launch.objectives,
        [
            "PRIMARYOBJ",
            "obj_etiquette",
            "obj_handicapping",
            "obj_havingfun",
            "obj_playing"
        ]
    );
}

#[test]
fn nested_items_xml_base_at_every_level_parameters_and_12_values_are_read() {
    let text = r##"<manifest identifier="m" xml:base="course/"
        xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
      <metadata><schemaversion>1.2</schemaversion></metadata>
      <organizations default="b">
        <organization identifier="a"><title>Ikke denne</title><item identifier="x" identifierref="r1"/></organization>
        <organization identifier="b"><title>Sikkerhet</title>
          <item identifier="kap1"><title>Kapittel 1</title>
            <item identifier="s1" identifierref="r1" parameters="?side=2"><title>Del 1</title>
              <adlcp:masteryscore>80</adlcp:masteryscore>
              <adlcp:datafromlms>modus=eksamen</adlcp:datafromlms></item>
            <item identifier="s2" identifierref="r2" parameters="#start"><title>Del 2</title></item>
          </item>
        </organization>
      </organizations>
      <resources xml:base="content/">
        <resource identifier="r1" adlcp:scormtype="sco" xml:base="part1/" href="index.html?lang=nb">
          <file href="index.html"/><file href="../shared/my%20script.js"/><dependency identifierref="d"/></resource>
        <resource identifier="r2" adlcp:scormtype="asset" href="part2/page.html"><file href="part2/page.html"/></resource>
        <resource identifier="d" adlcp:scormtype="asset"><file href="shared/style.css"/></resource>
      </resources>
    </manifest>"##;
    let manifest = parse(text, |_| true).unwrap();
    assert_eq!(manifest.title, "Sikkerhet", "the default organization");
    assert_eq!(manifest.items.len(), 1);
    assert_eq!(manifest.items[0].title, "Kapittel 1");
    assert!(manifest.items[0].launch.is_none());
    let launchable = manifest.launchable();
    let first = launchable[0].launch.as_ref().unwrap();
    assert_eq!(first.href, "course/content/part1/index.html?lang=nb&side=2");
    assert_eq!(first.mastery_score, Some(80.0));
    assert_eq!(first.launch_data.as_deref(), Some("modus=eksamen"));
    let second = launchable[1].launch.as_ref().unwrap();
    assert_eq!(second.href, "course/content/part2/page.html#start");
    assert!(!second.sco);
    assert!(
        manifest
            .files
            .contains(&"course/content/shared/my script.js".to_string())
    );
    assert!(
        manifest
            .files
            .contains(&"course/content/shared/style.css".to_string())
    );
}

#[test]
fn the_2004_editions_and_the_completion_threshold_are_read() {
    for (declared, edition) in [("CAM 1.3", 2), ("2004 3rd Edition", 3), ("2004 4th Edition", 4)] {
        let text = format!(
            r#"<manifest identifier="m" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
              <metadata><schemaversion>{declared}</schemaversion></metadata>
              <organizations default="o"><organization identifier="o"><title>T</title>
                <item identifier="i" identifierref="r"><title>I</title>
                  <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.75"/></item>
              </organization></organizations>
              <resources><resource identifier="r" adlcp:scormType="sco" href="a.html"/></resources>
            </manifest>"#
        );
        let manifest = parse(&text, |_| true).unwrap();
        assert_eq!(manifest.version, ScormVersion::Scorm2004(edition));
        let launch = manifest.launchable()[0].launch.clone().unwrap();
        assert_eq!(launch.completion_threshold, Some(0.75));
        assert_eq!(launch.scaled_passing_score, None);
    }
}

#[test]
fn a_package_zipped_with_its_folder_is_read_from_inside_it() {
    let zip = zip_of(&[
        ("golf/imsmanifest.xml", MINIMAL.as_bytes()),
        ("golf/index.html", b"<p>Hei</p>"),
    ]);
    let checked = check(&zip, &Limits::default()).unwrap();
    assert!(checked.listing.contains("index.html"));
}

#[test]
fn bad_packages_are_refused_with_a_reason() {
    let limits = Limits::default();
    assert!(message(check(b"PK not really", &limits)).contains("ikke en zip-fil"));
    assert!(message(check(&zip_of(&[("index.html", b"x")]), &limits)).contains("ingen imsmanifest.xml"));
    let broken = zip_of(&[("imsmanifest.xml", b"<manifest><organizations>")]);
    assert!(message(check(&broken, &limits)).contains("ikke gyldig XML"));
    let missing = zip_of(&[("imsmanifest.xml", MINIMAL.as_bytes())]);
    assert!(message(check(&missing, &limits)).contains("«index.html», men filen finnes ikke"));
    let slip = zip_of(&[
        ("imsmanifest.xml", MINIMAL.as_bytes()),
        ("index.html", b"x"),
        ("../../etc/cron.d/x", b"x"),
    ]);
    assert!(message(check(&slip, &limits)).contains("peker ut av pakken"));
    let absolute = zip_of(&[("/etc/passwd", b"x")]);
    assert!(message(check(&absolute, &limits)).contains("peker ut av pakken"));
    let outside = MINIMAL.replace(
        r#"<file href="index.html"/>"#,
        r#"<file href="../../secret.txt"/>"#,
    );
    let outside = zip_of(&[("imsmanifest.xml", outside.as_bytes()), ("index.html", b"x")]);
    assert!(message(check(&outside, &limits)).contains("utenfor pakken"));
    let not_scorm = MINIMAL
        .replace("<schemaversion>1.2</schemaversion>", "")
        .replace("adlcp", "other");
    let not_scorm = zip_of(&[("imsmanifest.xml", not_scorm.as_bytes()), ("index.html", b"x")]);
    assert!(message(check(&not_scorm, &limits)).contains("SCORM-pakke"));
}

#[test]
fn an_entity_bomb_is_refused_before_anything_is_expanded() {
    let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE manifest [
 <!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<manifest identifier="&e;"/>"#;
    let zip = zip_of(&[("imsmanifest.xml", bomb.as_bytes())]);
    assert!(message(check(&zip, &Limits::default())).contains("dokumenttype"));
}

#[test]
fn too_many_entries_and_too_much_unpacked_are_refused_whatever_the_headers_say() {
    let few = Limits {
        max_files: 3,
        ..Limits::default()
    };
    let four = zip_of(&[("a", b"1"), ("b", b"2"), ("c", b"3"), ("d", b"4")]);
    assert!(message(check(&four, &few)).contains("4 filer"));
    // 5 MB of zeros deflates to a few kilobytes: a small bomb.
    let zeros = vec![0u8; 5 << 20];
    let bomb = zip_of(&[("imsmanifest.xml", MINIMAL.as_bytes()), ("index.html", &zeros)]);
    assert!(bomb.len() < 64 << 10);
    let small = Limits {
        max_unpacked_bytes: 4 << 20,
        ..Limits::default()
    };
    assert!(message(check(&bomb, &small)).contains("større enn 4 MB når den pakkes ut"));
    let upload = Limits {
        max_upload_bytes: 1 << 20,
        ..Limits::default()
    };
    let mut state = 0x2545_f491_u32;
    let noise: Vec<u8> = (0..(2 << 20))
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect();
    let big = zip_of(&[("imsmanifest.xml", MINIMAL.as_bytes()), ("video.mp4", &noise)]);
    assert!(message(check(&big, &upload)).contains("større enn 1 MB og tas ikke imot"));
}

#[test]
fn a_symlink_in_the_zip_is_refused() {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    writer.start_file("imsmanifest.xml", options).unwrap();
    writer.write_all(MINIMAL.as_bytes()).unwrap();
    writer.add_symlink("index.html", "/etc/passwd", options).unwrap();
    let zip = writer.finish().unwrap().into_inner();
    assert!(message(check(&zip, &Limits::default())).contains("snarvei"));
}
