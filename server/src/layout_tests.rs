//! The layout rules of `server/src`, checked on every test run (`cargo test -p server --lib
//! layout`): no import circle between its top-level modules, no function longer than 100
//! lines (in `app/src` too) and no file longer than 500 lines outside tests (and the demo data).
use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::{Path, PathBuf},
};

const MAX_FUNCTION_LINES: usize = 100;
const MAX_FILE_LINES: usize = 500;

/// Every source file of the crate that is not a test, with its text cut at `#[cfg(test)]`.
fn sources() -> Vec<(PathBuf, String)> {
    sources_under(&root())
}

/// The same for any source folder (`app/src` too).
pub(crate) fn sources_under(dir: &Path) -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                if name != "tests" {
                    walk(&path, out);
                }
            } else if name.ends_with(".rs") && name != "tests.rs" && !name.ends_with("_tests.rs") {
                let text = fs::read_to_string(&path).unwrap();
                let code = match text.find("\n#[cfg(test)]") {
                    Some(cut) => text[..cut].to_string(),
                    None => text,
                };
                out.push((path, code));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level module a file belongs to (`accounts` for `src/accounts/sso.rs`).
fn module_of(path: &Path) -> Option<String> {
    let relative = path.strip_prefix(root()).ok()?;
    let first = relative
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .to_string();
    let name = first.trim_end_matches(".rs").to_string();
    (name != "lib" && name != "main").then_some(name)
}

/// The top-level modules a text names through `crate::`, grouped imports included.
fn crate_references(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let bytes = code.as_bytes();
    let mut at = 0;
    while let Some(offset) = code[at..].find("crate::") {
        let start = at + offset + "crate::".len();
        at = start;
        if bytes.get(start) == Some(&b'{') {
            // `crate::{a::b, c, d::{e, f}}`: the names at the group's top level.
            let mut depth = 0usize;
            let mut item_start = true;
            for (i, c) in code[start..].char_indices() {
                match c {
                    '{' => {
                        depth += 1;
                        item_start = depth == 1;
                    }
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            at = start + i;
                            break;
                        }
                    }
                    ',' if depth == 1 => item_start = true,
                    c if item_start && depth == 1 && (c.is_alphanumeric() || c == '_') => {
                        let rest = &code[start + i..];
                        let name: String = rest
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        found.insert(name);
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name: String = code[start..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.insert(name);
        }
    }
    found
}

/// A circle in the graph, if there is one, as the modules along it.
fn find_circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(position) = stack.iter().position(|n| n == node) {
            let mut circle = stack[position..].to_vec();
            circle.push(node.to_string());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, done, stack) {
                return Some(circle);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut done, &mut Vec::new()))
}

#[test]
fn no_import_circle_between_top_level_modules() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut why: BTreeMap<(String, String), PathBuf> = BTreeMap::new();
    for (path, code) in sources() {
        let Some(from) = module_of(&path) else { continue };
        for to in crate_references(&code) {
            if to != from {
                why.entry((from.clone(), to.clone()))
                    .or_insert_with(|| path.clone());
                graph.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    if let Some(circle) = find_circle(&graph) {
        let steps: Vec<String> = circle
            .windows(2)
            .map(|pair| {
                let file = &why[&(pair[0].clone(), pair[1].clone())];
                format!(
                    "{} → {} ({})",
                    pair[0],
                    pair[1],
                    file.strip_prefix(root()).unwrap().display()
                )
            })
            .collect();
        panic!("import circle in server/src:\n  {}", steps.join("\n  "));
    }
}

#[test]
fn the_circle_check_sees_a_circle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, code) in [
        (
            "people",
            "use crate::{log, courses::{rules::fold, sessions::{self, Row}}};",
        ),
        ("courses", "fn f() { crate::people::Entity::find(); }"),
        ("log", ""),
    ] {
        graph.insert(from.to_string(), crate_references(code));
    }
    assert_eq!(
        graph["people"],
        BTreeSet::from(["log".to_string(), "courses".to_string()])
    );
    let circle = find_circle(&graph).expect("people ↔ courses is a circle");
    assert_eq!(circle.first(), circle.last());
    graph.get_mut("courses").unwrap().clear();
    assert_eq!(find_circle(&graph), None);
}

/// Functions (`fn name … {` to the `}` at the same indentation) longer than the limit.
fn long_functions(code: &str, limit: usize) -> Vec<(String, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut long = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let signature = [
            "pub(crate) ",
            "pub(super) ",
            "pub ",
            "async ",
            "const ",
            "unsafe ",
        ]
        .iter()
        .fold(trimmed, |rest, prefix| rest.strip_prefix(prefix).unwrap_or(rest));
        let signature = signature.strip_prefix("async ").unwrap_or(signature);
        if let Some(rest) = signature.strip_prefix("fn ") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let close = format!("{}}}", " ".repeat(indent));
            if let Some(end) = (i + 1..lines.len())
                .find(|&j| lines[j].starts_with(&close) && lines[j][indent..].len() <= 2)
                .filter(|_| !(trimmed.ends_with(';')))
            {
                let length = end - i + 1;
                if length > limit {
                    long.push((name, length));
                }
                i = end;
            }
        }
        i += 1;
    }
    long
}

#[test]
fn no_function_over_100_lines() {
    let mut long = Vec::new();
    for (path, code) in sources() {
        for (name, length) in long_functions(&code, MAX_FUNCTION_LINES) {
            long.push(format!(
                "{} {name}: {length} lines",
                path.strip_prefix(root()).unwrap().display()
            ));
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines:\n  {}",
        long.join("\n  ")
    );
}

#[test]
fn the_length_check_counts_a_function() {
    let body = "    let x = 1;\n".repeat(101);
    let code = format!("pub async fn long() {{\n{body}}}\n\nfn short() {{\n    1\n}}\n");
    assert_eq!(long_functions(&code, 100), vec![("long".to_string(), 103)]);
    assert!(long_functions(&code, 103).is_empty());
}

#[test]
fn no_file_over_500_lines() {
    let long: Vec<String> = sources()
        .into_iter()
        .filter(|(path, _)| module_of(path).as_deref() != Some("demo"))
        .filter_map(|(path, code)| {
            let lines = code.lines().count();
            (lines > MAX_FILE_LINES)
                .then(|| format!("{}: {lines} lines", path.strip_prefix(root()).unwrap().display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_FILE_LINES} lines:\n  {}",
        long.join("\n  ")
    );
}

/// The domains and what lies below them never import the HTTP adapters or the wiring.
#[test]
fn no_domain_imports_http_code() {
    const BELOW_HTTP: [&str; 13] = [
        "accounts",
        "help",
        "support",
        "catalogue",
        "enrolment",
        "course_admin",
        "learning",
        "elearning",
        "paths",
        "competence",
        "common",
        "entity",
        "mail",
    ];
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|(path, _)| module_of(path).is_some_and(|m| BELOW_HTTP.contains(&m.as_str())))
        .filter(|(_, code)| {
            let names = crate_references(code);
            names.contains("http") || names.contains("startup")
        })
        .map(|(path, _)| path.strip_prefix(root()).unwrap().display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "domain code imports http or startup: {offenders:?}"
    );
}
