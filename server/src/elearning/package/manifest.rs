//! `imsmanifest.xml`: the SCORM version, the default organization's items (nested), each
//! launchable item's resource with `xml:base` applied at every level and its `parameters`
//! added, the mastery score (1.2) or passing score and completion threshold (2004), and every
//! file the resources and their dependencies name. A document type (and so every entity, the
//! «billion laughs» among them) is refused before anything is expanded.
use super::{Refused, unpack::safe_path};
use app::messages::Message;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Which runtime a package talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScormVersion {
    /// SCORM 1.2: `window.API`, `cmi.core.*`.
    Scorm12,
    /// SCORM 2004, with its edition (2, 3 or 4): `window.API_1484_11`.
    Scorm2004(u8),
}

impl ScormVersion {
    /// As stored: `1.2`, `2004-2`, `2004-3`, `2004-4`.
    pub fn code(self) -> String {
        match self {
            Self::Scorm12 => "1.2".into(),
            Self::Scorm2004(edition) => format!("2004-{edition}"),
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "1.2" => Some(Self::Scorm12),
            "2004-2" => Some(Self::Scorm2004(2)),
            "2004-3" => Some(Self::Scorm2004(3)),
            "2004-4" => Some(Self::Scorm2004(4)),
            _ => None,
        }
    }

    /// For people: «SCORM 1.2», «SCORM 2004 4th Edition».
    pub fn label(self) -> String {
        match self {
            Self::Scorm12 => "SCORM 1.2".into(),
            Self::Scorm2004(2) => "SCORM 2004 2nd Edition".into(),
            Self::Scorm2004(3) => "SCORM 2004 3rd Edition".into(),
            Self::Scorm2004(edition) => format!("SCORM 2004 {edition}th Edition"),
        }
    }
}

/// An item of the organization: a heading with items under it, or a launchable one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub identifier: String,
    pub title: String,
    /// Set on an item that launches something (a SCO or an asset).
    pub launch: Option<Launch>,
    pub children: Vec<Item>,
}

impl Item {
    /// A SCO: it talks to the runtime and reports progress (an asset is only shown).
    pub fn is_sco(&self) -> bool {
        self.launch.as_ref().is_some_and(|l| l.sco)
    }
}

/// Every item with its depth (0 at the top), in the order of the table of contents.
pub fn flattened(items: &[Item]) -> Vec<(u32, &Item)> {
    fn walk<'a>(items: &'a [Item], depth: u32, out: &mut Vec<(u32, &'a Item)>) {
        for item in items {
            out.push((depth, item));
            walk(&item.children, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(items, 0, &mut out);
    out
}

/// The items that open something, in the order a learner meets them.
pub fn launchable(items: &[Item]) -> Vec<&Item> {
    flattened(items)
        .into_iter()
        .map(|(_, item)| item)
        .filter(|item| item.launch.is_some())
        .collect()
}

/// What a launchable item opens, and the values the runtime gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Launch {
    /// The path inside the package, with `xml:base` applied and `parameters` added.
    pub href: String,
    /// A SCO talks to the runtime; an asset is only shown.
    pub sco: bool,
    /// 1.2 `adlcp:masteryscore` (0–100).
    pub mastery_score: Option<f64>,
    /// `adlcp:datafromlms`: the launch data the SCO reads.
    pub launch_data: Option<String>,
    /// 2004 `imsss:minNormalizedMeasure` of the primary objective (−1–1), when the score decides.
    pub scaled_passing_score: Option<f64>,
    /// 2004 `adlcp:completionThreshold` (0–1).
    pub completion_threshold: Option<f64>,
    /// 2004 the item's objectives (`imsss:primaryObjective` and `imsss:objective` with an
    /// `objectiveID`), which the runtime gives the SCO as `cmi.objectives.n.id`.
    #[serde(default)]
    pub objectives: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    pub identifier: String,
    pub version: ScormVersion,
    pub title: String,
    pub items: Vec<Item>,
    /// Every file the manifest says the package holds (resources, files, dependencies).
    pub files: Vec<String>,
}

impl Manifest {
    /// The launchable items in the order a learner meets them.
    pub fn launchable(&self) -> Vec<&Item> {
        launchable(&self.items)
    }
}

fn refused(key: &'static str) -> Refused {
    Refused(Message::new(key))
}

/// Parses the manifest's text; `exists` says whether the package holds a path.
pub fn parse(text: &str, exists: impl Fn(&str) -> bool) -> Result<Manifest, Refused> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: 200_000,
        ..Default::default()
    };
    let document = roxmltree::Document::parse_with_options(text, options).map_err(|error| {
        if matches!(error, roxmltree::Error::DtdDetected) {
            refused("imsmanifest.xml har en dokumenttype (DOCTYPE). Slike manifester tas ikke imot, fordi de kan brukes til å lamme tjeneren.")
        } else {
            Refused(
                Message::new("imsmanifest.xml er ikke gyldig XML: {error}")
                    .arg("error", error.to_string().chars().take(200).collect::<String>()),
            )
        }
    })?;
    let root = document.root_element();
    if root.tag_name().name() != "manifest" {
        return Err(refused("imsmanifest.xml har ikke elementet <manifest> øverst."));
    }
    let version = version(&root)?;
    let base = xml_base("", &root);
    let resources =
        child(&root, "resources").ok_or_else(|| refused("imsmanifest.xml mangler <resources>."))?;
    let resources = Resources::read(&resources, &base)?;
    let organization = default_organization(&root)?;
    let mut items = Vec::new();
    for node in children(&organization, "item") {
        items.push(item(&node, &resources, version, 0)?);
    }
    let manifest = Manifest {
        identifier: root.attribute("identifier").unwrap_or_default().to_string(),
        version,
        title: child_text(&organization, "title").unwrap_or_default(),
        items,
        files: resources.files(),
    };
    if manifest.launchable().is_empty() {
        return Err(refused(
            "imsmanifest.xml har ingen del som kan startes (<item> med identifierref).",
        ));
    }
    for file in &manifest.files {
        if !exists(file) {
            return Err(Refused(
                Message::new("imsmanifest.xml nevner «{file}», men filen finnes ikke i pakken.")
                    .arg("file", file.chars().take(160).collect::<String>()),
            ));
        }
    }
    Ok(manifest)
}

fn children<'a, 'i>(
    node: &roxmltree::Node<'a, 'i>,
    name: &'static str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

fn child<'a, 'i>(node: &roxmltree::Node<'a, 'i>, name: &'static str) -> Option<roxmltree::Node<'a, 'i>> {
    children(node, name).next()
}

fn child_text(node: &roxmltree::Node, name: &'static str) -> Option<String> {
    child(node, name)
        .and_then(|n| n.text())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// An attribute by its local name, whatever its prefix or case (`adlcp:scormtype` in 1.2,
/// `adlcp:scormType` in 2004).
fn attribute<'a>(node: &roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name().eq_ignore_ascii_case(name))
        .map(|a| a.value())
}

/// The version from `<metadata><schemaversion>`, or from the namespaces a package declares.
fn version(root: &roxmltree::Node) -> Result<ScormVersion, Refused> {
    let declared = child(root, "metadata")
        .and_then(|m| child_text(&m, "schemaversion"))
        .unwrap_or_default()
        .to_ascii_lowercase();
    let namespaces: Vec<&str> = root.namespaces().map(|ns| ns.uri()).collect();
    let uses = |part: &str| namespaces.iter().any(|uri| uri.contains(part));
    Ok(match declared.as_str() {
        "1.2" => ScormVersion::Scorm12,
        "cam 1.3" | "2004 2nd edition" => ScormVersion::Scorm2004(2),
        "2004 3rd edition" => ScormVersion::Scorm2004(3),
        "2004 4th edition" => ScormVersion::Scorm2004(4),
        _ if uses("adlcp_rootv1p2") => ScormVersion::Scorm12,
        _ if uses("adlcp_v1p3") || uses("imsss") => ScormVersion::Scorm2004(3),
        _ => {
            return Err(refused(
                "imsmanifest.xml sier ikke at dette er en SCORM-pakke (verken schemaversion 1.2 eller 2004, eller navnerommet adlcp).",
            ));
        }
    })
}

fn default_organization<'a, 'i>(root: &roxmltree::Node<'a, 'i>) -> Result<roxmltree::Node<'a, 'i>, Refused> {
    let organizations =
        child(root, "organizations").ok_or_else(|| refused("imsmanifest.xml mangler <organizations>."))?;
    let default = organizations.attribute("default");
    let all: Vec<_> = children(&organizations, "organization").collect();
    default
        .and_then(|id| all.iter().find(|o| o.attribute("identifier") == Some(id)))
        .or_else(|| all.first())
        .copied()
        .ok_or_else(|| refused("imsmanifest.xml har ingen <organization>."))
}

/// `base` with a node's `xml:base` added (relative to the base above it).
fn xml_base(base: &str, node: &roxmltree::Node) -> String {
    match node.attribute(("http://www.w3.org/XML/1998/namespace", "base")) {
        Some(own) if own.contains("://") => own.to_string(),
        Some(own) => format!("{base}{own}"),
        None => base.to_string(),
    }
}

struct Resource {
    href: Option<String>,
    sco: bool,
    files: Vec<String>,
    dependencies: Vec<String>,
}

struct Resources(HashMap<String, Resource>);

impl Resources {
    fn read(node: &roxmltree::Node, base: &str) -> Result<Self, Refused> {
        let base = xml_base(base, node);
        let mut all = HashMap::new();
        for resource in children(node, "resource") {
            let own = xml_base(&base, &resource);
            let Some(identifier) = resource.attribute("identifier") else {
                continue;
            };
            let href = resource
                .attribute("href")
                .map(|h| path_in_package(&own, h))
                .transpose()?;
            let mut files = Vec::new();
            for file in children(&resource, "file") {
                if let Some(href) = file.attribute("href") {
                    files.push(path_in_package(&own, href)?);
                }
            }
            let dependencies = children(&resource, "dependency")
                .filter_map(|d| d.attribute("identifierref").map(str::to_string))
                .collect();
            let sco = attribute(&resource, "scormtype").is_some_and(|t| t.eq_ignore_ascii_case("sco"));
            all.insert(
                identifier.to_string(),
                Resource {
                    href,
                    sco,
                    files,
                    dependencies,
                },
            );
        }
        for resource in all.values() {
            if let Some(missing) = resource.dependencies.iter().find(|d| !all.contains_key(*d)) {
                return Err(Refused(
                    Message::new(
                        "imsmanifest.xml viser til ressursen «{name}», som ikke finnes i manifestet.",
                    )
                    .arg("name", missing.chars().take(120).collect::<String>()),
                ));
            }
        }
        Ok(Self(all))
    }

    /// Every local file named, without query or fragment, once each, sorted.
    fn files(&self) -> Vec<String> {
        let mut files: Vec<String> = self
            .0
            .values()
            .flat_map(|r| r.href.iter().chain(r.files.iter()))
            .filter(|f| !f.contains("://"))
            .map(|f| f.split(['?', '#']).next().unwrap_or_default().to_string())
            .collect();
        files.sort();
        files.dedup();
        files
    }
}

/// A path the manifest names, resolved against its base and percent-decoded; refused if it
/// leaves the package. Links to other sites are kept as they are.
fn path_in_package(base: &str, href: &str) -> Result<String, Refused> {
    let joined = if href.contains("://") {
        return Ok(href.to_string());
    } else if base.contains("://") {
        return Ok(format!("{base}{href}"));
    } else {
        format!("{base}{href}")
    };
    let (path, rest) = match joined.find(['?', '#']) {
        Some(at) => joined.split_at(at),
        None => (joined.as_str(), ""),
    };
    let decoded = percent_decode(path);
    let safe = resolve_dots(&decoded).ok_or_else(|| {
        Refused(
            Message::new("imsmanifest.xml viser til en fil utenfor pakken («{file}»).")
                .arg("file", href.chars().take(160).collect::<String>()),
        )
    })?;
    Ok(format!("{}{rest}", safe_path(&safe)?))
}

/// `a/b/../c` → `a/c`; `None` when it climbs out.
fn resolve_dots(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `href` and `parameters` joined as IMS Content Packaging says: a leading `?` or `&` dropped
/// when the href already has a query, `#…` appended as it is.
fn with_parameters(href: &str, parameters: &str) -> String {
    let parameters = parameters.trim();
    if parameters.is_empty() {
        return href.to_string();
    }
    if parameters.starts_with('#') {
        return format!("{href}{parameters}");
    }
    let query = parameters.trim_start_matches(['?', '&']);
    if href.contains('?') {
        format!("{href}&{query}")
    } else {
        format!("{href}?{query}")
    }
}

fn number(text: Option<String>) -> Option<f64> {
    text.and_then(|t| t.trim().parse::<f64>().ok())
        .filter(|n| n.is_finite())
}

fn item(
    node: &roxmltree::Node,
    resources: &Resources,
    version: ScormVersion,
    depth: usize,
) -> Result<Item, Refused> {
    if depth > 20 {
        return Err(refused("imsmanifest.xml har mer enn 20 nivåer med <item>."));
    }
    let identifier = node.attribute("identifier").unwrap_or_default().to_string();
    let title = child_text(node, "title").unwrap_or_else(|| identifier.clone());
    let launch = match node.attribute("identifierref") {
        None => None,
        Some(reference) => {
            let resource = resources.0.get(reference).ok_or_else(|| {
                Refused(
                    Message::new(
                        "imsmanifest.xml viser til ressursen «{name}», som ikke finnes i manifestet.",
                    )
                    .arg("name", reference.chars().take(120).collect::<String>()),
                )
            })?;
            let href = resource.href.clone().ok_or_else(|| {
                Refused(
                    Message::new(
                        "Ressursen «{name}» i imsmanifest.xml sier ikke hvilken fil som skal åpnes (href).",
                    )
                    .arg("name", reference.chars().take(120).collect::<String>()),
                )
            })?;
            Some(launch(node, resource, href, version))
        }
    };
    let mut items = Vec::new();
    for child in children(node, "item") {
        items.push(item(&child, resources, version, depth + 1)?);
    }
    Ok(Item {
        identifier,
        title,
        launch,
        children: items,
    })
}

fn launch(node: &roxmltree::Node, resource: &Resource, href: String, version: ScormVersion) -> Launch {
    let href = with_parameters(&href, node.attribute("parameters").unwrap_or_default());
    let (mut scaled_passing_score, mut completion_threshold) = (None, None);
    let mut objectives = Vec::new();
    if let ScormVersion::Scorm2004(_) = version {
        for objective in node
            .descendants()
            .filter(|n| n.is_element() && matches!(n.tag_name().name(), "primaryObjective" | "objective"))
        {
            if let Some(id) = attribute(&objective, "objectiveID").filter(|id| !id.is_empty())
                && !objectives.iter().any(|known| known == id)
                && objectives.len() < 100
            {
                objectives.push(id.chars().take(4000).collect());
            }
        }
        let primary = node
            .descendants()
            .find(|n| n.is_element() && n.tag_name().name() == "primaryObjective");
        if let Some(primary) = primary.filter(|p| attribute(p, "satisfiedByMeasure") == Some("true")) {
            scaled_passing_score = number(child_text(&primary, "minNormalizedMeasure")).or(Some(1.0));
        }
        if let Some(threshold) = child(node, "completionThreshold") {
            completion_threshold = number(threshold.text().map(str::to_string))
                .or_else(|| number(attribute(&threshold, "minProgressMeasure").map(str::to_string)));
        }
    }
    Launch {
        href,
        sco: resource.sco,
        mastery_score: number(child_text(node, "masteryscore")),
        launch_data: child_text(node, "datafromlms"),
        scaled_passing_score,
        completion_threshold,
        objectives,
    }
}

#[cfg(test)]
#[path = "manifest_tests.rs"]
mod tests;
