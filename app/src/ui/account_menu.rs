//! The header's account entry and the signed-in person, shared by the header and the login page.
use crate::{
    accounts::{
        api::{Login, Logout, signed_in_user},
        types::{CurrentUser, Role},
    },
    error::AppError,
    i18n::*,
};
use leptos::prelude::*;

/// Login and logout actions and the signed-in person, shared by the header and the pages.
#[derive(Clone, Copy)]
pub struct Auth {
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
}

impl Auth {
    pub fn provide() -> Self {
        let login = crate::ui::forms::form_action::<Login>();
        let logout = crate::ui::forms::form_action::<Logout>();
        let user = Resource::new(
            move || (login.version().get(), logout.version().get()),
            |_| signed_in_user(),
        );
        let auth = Self { login, logout, user };
        provide_context(auth);
        auth
    }

    pub fn get() -> Self {
        expect_context::<Self>()
    }
}

/// The header's account entry: «Logg inn», or the person's name and «Logg ut».
#[component]
pub fn AccountMenu() -> impl IntoView {
    let i18n = use_i18n();
    let auth = Auth::get();
    let login_link = move || {
        view! {
            <a class="login-link" href="/logg-inn">{t!(i18n, nav.login)}</a>
            <a class="nav-link" href="/registrer">{t!(i18n, login.register)}</a>
        }
    };
    view! {
        <Transition fallback=login_link>
            {move || Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(user)) => view! {
                        {user.role.can_support().then(|| view! {
                            <a class="nav-link" href="/admin">{t!(i18n, nav.admin_home)}</a>
                            <a class="nav-link" href="/brukerstotte">{t!(i18n, nav.support)}</a>
                        })}
                        {(user.role == Role::Admin).then(|| view! {
                            <a class="nav-link" href="/admin/brukere">{t!(i18n, nav.admin_people)}</a>
                            <a class="nav-link" href="/admin/firma">{t!(i18n, nav.admin_companies)}</a>
                            <a class="nav-link" href="/admin/ansatte">{t!(i18n, nav.admin_hr)}</a>
                        })}
                        {matches!(user.role, Role::CourseAdmin | Role::Admin).then(|| view! {
                            <a class="nav-link" href="/admin/kurs">{t!(i18n, nav.course_admin)}</a>
                            <a class="nav-link" href="/admin/kursbevis">{t!(i18n, nav.certificates)}</a>
                            <a class="nav-link" href="/admin/opplaeringslop">{t!(i18n, nav.paths)}</a>
                        })}
                        {(user.role == Role::Instructor).then(|| view! {
                            <a class="nav-link" href="/instruktor">{t!(i18n, nav.teaching)}</a>
                        })}
                        <a class="nav-link" href="/mine-kurs">{t!(i18n, nav.my_courses)}</a>
                        <a class="nav-link" href="/opplaeringslop">{t!(i18n, nav.paths)}</a>
                        <a class="signed-in" href="/min-konto">
                            {t!(i18n, nav.signed_in_as, name = move || user.full_name.clone())}
                        </a>
                        <ActionForm action=auth.logout attr:class="logout-form">
                            <crate::ui::forms::PageField />
                            <button type="submit" class="link-button">{t!(i18n, nav.logout)}</button>
                        </ActionForm>
                    }
                    .into_any(),
                    _ => login_link().into_any(),
                }
            })}
        </Transition>
    }
}
