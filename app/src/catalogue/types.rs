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
}

/// What the course list is asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseQuery {
    pub category: Option<String>,
    pub text: Option<String>,
    pub page: u32,
}

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
