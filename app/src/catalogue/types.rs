//! Wire types of the catalogue.
use serde::{Deserialize, Serialize};

/// The kinds of course the portal offers (SPEC: «Kinds of course»).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CourseKind {
    ELearning,
    Classroom,
    WrittenExam,
    PracticalExam,
    Practice,
}

impl CourseKind {
    pub const ALL: [CourseKind; 5] = [
        CourseKind::ELearning,
        CourseKind::Classroom,
        CourseKind::WrittenExam,
        CourseKind::PracticalExam,
        CourseKind::Practice,
    ];

    /// The stable name stored in the database and used in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            CourseKind::ELearning => "e_learning",
            CourseKind::Classroom => "classroom",
            CourseKind::WrittenExam => "written_exam",
            CourseKind::PracticalExam => "practical_exam",
            CourseKind::Practice => "practice",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

/// A subject area with the number of published courses in it and below it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryNode {
    pub slug: String,
    pub name: String,
    pub course_count: u64,
    pub children: Vec<CategoryNode>,
}

impl CategoryNode {
    /// Finds a category anywhere in the tree below (and including) these nodes.
    pub fn find<'a>(nodes: &'a [CategoryNode], slug: &str) -> Option<&'a CategoryNode> {
        nodes.iter().find_map(|node| {
            if node.slug == slug {
                Some(node)
            } else {
                CategoryNode::find(&node.children, slug)
            }
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRef {
    pub slug: String,
    pub name: String,
}

/// A course as a line in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseSummary {
    pub code: String,
    pub title: String,
    pub summary: String,
    pub kind: CourseKind,
    pub category: CategoryRef,
    pub duration: String,
    pub place: Option<String>,
    pub price_nok: Option<u32>,
    pub validity_months: Option<u32>,
}

/// One page of courses, with what is needed to draw the pager.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoursePage {
    pub courses: Vec<CourseSummary>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub category: Option<CategoryRef>,
    /// The viewer is a «Gratis e-læring» user: courses with a price are left out.
    #[serde(default)]
    pub free_only: bool,
}

impl CoursePage {
    pub fn page_count(&self) -> u32 {
        (self.total.div_ceil(u64::from(self.per_page.max(1)))).max(1) as u32
    }

    /// The 1-based positions of the first and last course shown.
    pub fn shown_range(&self) -> (u64, u64) {
        if self.courses.is_empty() {
            return (0, 0);
        }
        let from = u64::from(self.page.saturating_sub(1)) * u64::from(self.per_page) + 1;
        (from, from + self.courses.len() as u64 - 1)
    }
}

/// A course with everything its page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseDetail {
    pub summary: CourseSummary,
    pub description: String,
    pub agenda: Vec<String>,
    pub target_group: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: Option<String>,
    /// What a learner must have done first, one item each.
    #[serde(default)]
    pub prerequisites: Vec<String>,
}

/// One line under the search field while the learner types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub code: String,
    pub title: String,
    pub category: String,
    pub kind: CourseKind,
}

/// Free or paid courses only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceFilter {
    Free,
    Paid,
}

impl PriceFilter {
    pub fn as_str(self) -> &'static str {
        match self {
            PriceFilter::Free => "gratis",
            PriceFilter::Paid => "betalt",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "gratis" => Some(PriceFilter::Free),
            "betalt" => Some(PriceFilter::Paid),
            _ => None,
        }
    }
}

/// A month with sessions, as `YYYY-MM`; checked so that a query can trust it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn parse(value: &str) -> Option<Self> {
        let (year, month) = value.split_once('-')?;
        let (year, month) = (year.parse::<i32>().ok()?, month.parse::<u32>().ok()?);
        ((2000..=2200).contains(&year) && (1..=12).contains(&month) && value.len() == 7)
            .then_some(Self { year, month })
    }

    pub fn as_param(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

/// What the filters offer: places and months that have upcoming sessions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterOptions {
    pub places: Vec<String>,
    pub months: Vec<Month>,
}

/// The filters of «Bla gjennom alle kurs», read from and written to the address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseFilters {
    pub kind: Option<CourseKind>,
    pub place: Option<String>,
    pub month: Option<Month>,
    pub price: Option<PriceFilter>,
}

impl CourseFilters {
    /// From the address's `type`, `sted`, `maaned` and `pris`; unknown values are ignored.
    pub fn from_params(
        kind: Option<&str>,
        place: Option<&str>,
        month: Option<&str>,
        price: Option<&str>,
    ) -> Self {
        Self {
            kind: kind.and_then(CourseKind::parse),
            place: place
                .map(str::trim)
                .filter(|p| !p.is_empty() && p.len() <= 200)
                .map(String::from),
            month: month.and_then(Month::parse),
            price: price.and_then(PriceFilter::parse),
        }
    }

    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }

    /// `type=…&sted=…&` for links that keep the filters.
    pub fn query_string(&self, encode: impl Fn(&str) -> String) -> String {
        let mut out = String::new();
        if let Some(kind) = self.kind {
            out.push_str(&format!("type={}&", kind.as_str()));
        }
        if let Some(place) = &self.place {
            out.push_str(&format!("sted={}&", encode(place)));
        }
        if let Some(month) = self.month {
            out.push_str(&format!("maaned={}&", month.as_param()));
        }
        if let Some(price) = self.price {
            out.push_str(&format!("pris={}&", price.as_str()));
        }
        out
    }
}

/// What the course list is asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseQuery {
    pub category: Option<String>,
    pub text: Option<String>,
    pub page: u32,
    #[serde(default)]
    pub filters: CourseFilters,
}

/// How many suggestions the search field shows.
pub const SUGGESTIONS: usize = 8;

pub const COURSES_PER_PAGE: u32 = 12;

#[cfg(test)]
mod tests {
    use super::*;

    fn page(total: u64, page: u32, shown: usize) -> CoursePage {
        let course = CourseSummary {
            code: "X".into(),
            title: "X".into(),
            summary: String::new(),
            kind: CourseKind::Classroom,
            category: CategoryRef {
                slug: "x".into(),
                name: "X".into(),
            },
            duration: String::new(),
            place: None,
            price_nok: None,
            validity_months: None,
        };
        CoursePage {
            courses: vec![course; shown],
            total,
            page,
            per_page: 12,
            category: None,
            free_only: false,
        }
    }

    #[test]
    fn pages_round_up_and_never_drop_below_one() {
        assert_eq!(page(0, 1, 0).page_count(), 1);
        assert_eq!(page(12, 1, 12).page_count(), 1);
        assert_eq!(page(13, 1, 12).page_count(), 2);
    }

    #[test]
    fn shown_range_counts_from_one() {
        assert_eq!(page(30, 1, 12).shown_range(), (1, 12));
        assert_eq!(page(30, 3, 6).shown_range(), (25, 30));
        assert_eq!(page(0, 1, 0).shown_range(), (0, 0));
    }

    #[test]
    fn months_are_checked() {
        assert_eq!(
            Month::parse("2026-12"),
            Some(Month {
                year: 2026,
                month: 12
            })
        );
        assert_eq!(
            Month::parse("2026-12").map(Month::next),
            Some(Month { year: 2027, month: 1 })
        );
        for bad in ["2026-13", "2026-1", "26-12", "x", "2026-00", ""] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn filters_round_trip_through_the_address() {
        let filters =
            CourseFilters::from_params(Some("classroom"), Some(" Oslo "), Some("2027-02"), Some("gratis"));
        assert_eq!(filters.kind, Some(CourseKind::Classroom));
        assert_eq!(filters.place.as_deref(), Some("Oslo"));
        assert_eq!(
            filters.query_string(|s| s.to_string()),
            "type=classroom&sted=Oslo&maaned=2027-02&pris=gratis&"
        );
        let ignored = CourseFilters::from_params(Some("webinar"), Some(""), Some("2027"), Some("dyr"));
        assert!(ignored.is_empty());
    }

    #[test]
    fn kind_names_round_trip() {
        for kind in CourseKind::ALL {
            assert_eq!(CourseKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(CourseKind::parse("webinar"), None);
    }

    #[test]
    fn find_looks_through_nested_categories() {
        let tree = vec![CategoryNode {
            slug: "jernbane".into(),
            name: "Jernbane".into(),
            course_count: 3,
            children: vec![CategoryNode {
                slug: "sikkerhet".into(),
                name: "Sikkerhet".into(),
                course_count: 2,
                children: vec![],
            }],
        }];
        assert_eq!(
            CategoryNode::find(&tree, "sikkerhet").map(|c| c.course_count),
            Some(2)
        );
        assert!(CategoryNode::find(&tree, "helse").is_none());
    }
}
