//! Labels shown on many pages: a course's kind and its price.
use crate::{
    catalogue::types::{CourseKind, Month},
    i18n::*,
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

#[component]
pub fn KindLabel(kind: CourseKind) -> impl IntoView {
    kind_text(use_i18n(), kind)
}

/// «E-læring», «Klasseromskurs», …: a course kind in the page's language.
pub fn kind_text(i18n: I18nContext<Locale>, kind: CourseKind) -> String {
    match kind {
        CourseKind::ELearning => t_string!(i18n, kind.e_learning),
        CourseKind::Classroom => t_string!(i18n, kind.classroom),
        CourseKind::WrittenExam => t_string!(i18n, kind.written_exam),
        CourseKind::PracticalExam => t_string!(i18n, kind.practical_exam),
        CourseKind::Practice => t_string!(i18n, kind.practice),
    }
    .to_string()
}

#[component]
pub fn PriceLabel(price_nok: Option<u32>) -> impl IntoView {
    let i18n = use_i18n();
    match price_nok {
        Some(price) => {
            let price = format_nok(price);
            view! { {t!(i18n, catalogue.price, price = move || price.clone())} }.into_any()
        }
        None => view! { {t!(i18n, catalogue.free)} }.into_any(),
    }
}

/// 12500 → "12 500" (Norwegian thousands separator, a no-break space).
pub fn format_nok(amount: u32) -> String {
    let digits = amount.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

/// «desember 2026» / «December 2026».
pub fn month_label(month: Month, locale: Locale) -> String {
    const NB: [&str; 12] = [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let names = if locale == Locale::en { EN } else { NB };
    format!(
        "{} {}",
        names[(month.month.clamp(1, 12) - 1) as usize],
        month.year
    )
}

/// Percent-encodes a query value for a link.
pub fn urlencode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_use_norwegian_grouping() {
        assert_eq!(format_nok(950), "950");
        assert_eq!(format_nok(12500), "12\u{a0}500");
        assert_eq!(format_nok(1_234_567), "1\u{a0}234\u{a0}567");
    }
}
