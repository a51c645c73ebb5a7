//! Pure rules of the catalogue: search text, the category tree, paging.
use crate::common::text::fold_for_search;
use app::catalogue::types::CategoryNode;
use std::collections::HashMap;

/// The text a course is found by: its code, title, subject area, keywords and summary.
pub fn search_text(code: &str, title: &str, category: &str, keywords: &str, summary: &str) -> String {
    fold_for_search(&format!("{code} {title} {category} {keywords} {summary}"))
}

/// The words of a query, folded; at most eight, each at most 64 characters.
pub fn query_terms(query: &str) -> Vec<String> {
    fold_for_search(query)
        .split(' ')
        .filter(|t| !t.is_empty())
        .take(8)
        .map(|t| t.chars().take(64).collect())
        .collect()
}

/// A category as stored, for building the tree.
#[derive(Debug, Clone)]
pub struct FlatCategory {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub slug: String,
    pub name: String,
}

/// Builds the nested tree; each node counts its own courses and those of everything below it.
pub fn build_tree(categories: &[FlatCategory], direct_counts: &HashMap<i64, u64>) -> Vec<CategoryNode> {
    fn node(
        category: &FlatCategory,
        all: &[FlatCategory],
        counts: &HashMap<i64, u64>,
        depth: usize,
    ) -> CategoryNode {
        let children: Vec<CategoryNode> = if depth > 16 {
            Vec::new() // a cycle in the data must not hang the page
        } else {
            all.iter()
                .filter(|c| c.parent_id == Some(category.id))
                .map(|c| node(c, all, counts, depth + 1))
                .collect()
        };
        let own = counts.get(&category.id).copied().unwrap_or(0);
        CategoryNode {
            slug: category.slug.clone(),
            name: category.name.clone(),
            course_count: own + children.iter().map(|c| c.course_count).sum::<u64>(),
            children,
        }
    }
    categories
        .iter()
        .filter(|c| c.parent_id.is_none())
        .map(|c| node(c, categories, direct_counts, 0))
        .collect()
}

/// The id of a category and of every category below it.
pub fn with_descendants(categories: &[FlatCategory], root: i64) -> Vec<i64> {
    let mut ids = vec![root];
    let mut index = 0;
    while index < ids.len() && ids.len() <= categories.len() {
        let parent = ids[index];
        ids.extend(
            categories
                .iter()
                .filter(|c| c.parent_id == Some(parent))
                .map(|c| c.id),
        );
        index += 1;
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(id: i64, parent: Option<i64>, slug: &str) -> FlatCategory {
        FlatCategory {
            id,
            parent_id: parent,
            slug: slug.into(),
            name: slug.to_uppercase(),
        }
    }

    #[test]
    fn query_terms_are_bounded() {
        assert_eq!(query_terms("Sikkerhet  spor"), vec!["sikkerhet", "spor"]);
        assert!(query_terms("   ").is_empty());
        assert_eq!(query_terms("a b c d e f g h i j").len(), 8);
    }

    #[test]
    fn tree_counts_include_subcategories() {
        let cats = vec![
            cat(1, None, "jernbane"),
            cat(2, Some(1), "spor"),
            cat(3, Some(2), "signal"),
            cat(4, None, "helse"),
        ];
        let counts = HashMap::from([(1, 1), (2, 2), (3, 4), (4, 5)]);
        let tree = build_tree(&cats, &counts);
        assert_eq!(tree.len(), 2);
        assert_eq!(tree[0].course_count, 7);
        assert_eq!(tree[0].children[0].course_count, 6);
        assert_eq!(tree[0].children[0].children[0].course_count, 4);
        assert_eq!(tree[1].course_count, 5);
    }

    #[test]
    fn descendants_are_found_at_every_depth() {
        let cats = vec![
            cat(1, None, "a"),
            cat(2, Some(1), "b"),
            cat(3, Some(2), "c"),
            cat(4, None, "d"),
        ];
        let mut ids = with_descendants(&cats, 1);
        ids.sort();
        assert_eq!(ids, vec![1, 2, 3]);
        assert_eq!(with_descendants(&cats, 4), vec![4]);
    }
}
