//! The pages behind mailed links and the requests for them: set the first password,
//! «Glemt passord», a new password, a new activation link.
use super::widgets::NewPasswordFields;
use super::{
    api::{Activate, ForgotPassword, ResendActivation, ResetPassword, check_link},
    types::{TokenPurpose, TokenStatus},
};
use crate::help::pages::HelpLink;
use crate::{
    i18n::*,
    ui::forms::{ErrorSummary, Field, field_error, form_error, succeeded},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Where to ask for a new link when one no longer works.
fn new_link_path(purpose: TokenPurpose) -> &'static str {
    match purpose {
        TokenPurpose::Activation => "/konto/ny-aktiveringslenke",
        _ => "/glemt-passord",
    }
}

#[component]
pub fn ActivatePage() -> impl IntoView {
    view! { <SetPasswordPage purpose=TokenPurpose::Activation /> }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    view! { <SetPasswordPage purpose=TokenPurpose::PasswordReset /> }
}

/// A new password typed twice, with the link's token.
#[component]
fn SetPasswordPage(purpose: TokenPurpose) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let status = Resource::new(token, move |token| check_link(purpose, token));
    let activation = purpose == TokenPurpose::Activation;
    let title = move || {
        if activation {
            t_string!(i18n, set_password.activate_title).to_string()
        } else {
            t_string!(i18n, set_password.reset_title).to_string()
        }
    };
    let activate = crate::ui::forms::form_action::<Activate>();
    let reset = crate::ui::forms::form_action::<ResetPassword>();
    let (activate_error, reset_error) = (form_error(activate), form_error(reset));
    let (activated, was_reset) = (succeeded(activate), succeeded(reset));
    let error = Signal::derive(move || {
        if activation {
            activate_error.get()
        } else {
            reset_error.get()
        }
    });
    let done = Signal::derive(move || {
        if activation {
            activated.get()
        } else {
            was_reset.get()
        }
    });
    let pending = Signal::derive(move || {
        if activation {
            activate.pending().get()
        } else {
            reset.pending().get()
        }
    });

    let fields = move || {
        view! {
            <input type="hidden" name="token" value=token() />
            <ErrorSummary error />
            <NewPasswordFields error />
            <button type="submit" class="button button-primary" disabled=move || pending.get()>
                {t!(i18n, set_password.submit)}
            </button>
        }
    };

    view! {
        <Title text=crate::ui::layout::page_title(title) />
        <section class="form-page" aria-labelledby="set-password-title">
            <h1 id="set-password-title">{title}</h1>
            <div class="on-success" hidden=move || !done.get()>
                    <div class="notice notice-success" role="status">
                        <p>{t!(i18n, set_password.done)}</p>
                        <p><a href="/logg-inn" class="button button-primary">{t!(i18n, nav.login)}</a></p>
                    </div>
            </div>
            <div class="before-success" hidden=move || done.get()>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match status.await {
                            Ok(TokenStatus::Valid) => {
                                if activation {
                                    view! {
                                        <ActionForm action=activate attr:class="form" attr:novalidate="true">
                                            <crate::ui::forms::PageField />
                                            {fields()}
                                        </ActionForm>
                                    }
                                    .into_any()
                                } else {
                                    view! {
                                        <ActionForm action=reset attr:class="form" attr:novalidate="true">
                                            <crate::ui::forms::PageField />
                                            {fields()}
                                        </ActionForm>
                                    }
                                    .into_any()
                                }
                            }
                            other => view! { <LinkRefused expired=matches!(other, Ok(TokenStatus::Expired)) used=matches!(other, Ok(TokenStatus::Used)) purpose /> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
            {activation.then(|| view! { <HelpLink slug="aktivere-kontoen" text=Signal::derive(move || t_string!(i18n, help.activation_help).to_string()) /> })}
        </section>
    }
}

/// A link that no longer works: expired, used or unknown, with where to ask for a new one.
#[component]
fn LinkRefused(expired: bool, used: bool, purpose: TokenPurpose) -> impl IntoView {
    let i18n = use_i18n();
    let message = if expired {
        t_string!(i18n, set_password.expired).to_string()
    } else if used {
        t_string!(i18n, set_password.used).to_string()
    } else {
        t_string!(i18n, set_password.unknown).to_string()
    };
    view! {
        <div class="notice notice-error" role="alert">
            <p>{message}</p>
            <p><a href=new_link_path(purpose)>{t!(i18n, set_password.new_link)}</a></p>
        </div>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    view! { <EmailRequestPage forgot=true /> }
}

#[component]
pub fn ResendActivationPage() -> impl IntoView {
    view! { <EmailRequestPage forgot=false /> }
}

/// Asks for an e-mail address and answers the same whether or not it is known: «Glemt
/// passord» (`forgot`) or a new activation link.
#[component]
fn EmailRequestPage(forgot: bool) -> impl IntoView {
    let i18n = use_i18n();
    let forgot_action = crate::ui::forms::form_action::<ForgotPassword>();
    let resend_action = crate::ui::forms::form_action::<ResendActivation>();
    let (forgot_error, resend_error) = (form_error(forgot_action), form_error(resend_action));
    let (forgot_done, resend_done) = (succeeded(forgot_action), succeeded(resend_action));
    let error = Signal::derive(move || {
        if forgot {
            forgot_error.get()
        } else {
            resend_error.get()
        }
    });
    let done = Signal::derive(move || {
        if forgot {
            forgot_done.get()
        } else {
            resend_done.get()
        }
    });
    let pending = Signal::derive(move || {
        if forgot {
            forgot_action.pending().get()
        } else {
            resend_action.pending().get()
        }
    });
    let title = move || {
        if forgot {
            t_string!(i18n, forgot.title).to_string()
        } else {
            t_string!(i18n, resend.title).to_string()
        }
    };
    let fields = move || {
        view! {
            <ErrorSummary error />
            <Field
                id="f-email"
                name="email"
                label=Signal::derive(move || {
                    if forgot { t_string!(i18n, login.identifier).to_string() } else { t_string!(i18n, register.email).to_string() }
                })
                input_type=if forgot { "text" } else { "email" }
                autocomplete=if forgot { "username" } else { "email" }
                verbatim=true
                required=true
                error=field_error(error, "email")
            />
            <button type="submit" class="button button-primary" disabled=move || pending.get()>
                {move || {
                    if forgot { t_string!(i18n, forgot.submit).to_string() } else { t_string!(i18n, resend.submit).to_string() }
                }}
            </button>
        }
    };
    view! {
        <Title text=crate::ui::layout::page_title(title) />
        <section class="form-page" aria-labelledby="email-request-title">
            <h1 id="email-request-title">{title}</h1>
            <div class="on-success" hidden=move || !done.get()>
                    <div class="notice notice-success" role="status">
                        <p>
                            {move || {
                                if forgot { t_string!(i18n, forgot.done).to_string() } else { t_string!(i18n, resend.done).to_string() }
                            }}
                        </p>
                    </div>
                    <p class="form-aside"><a href="/logg-inn">{t!(i18n, nav.login)}</a></p>
            </div>
            <div class="before-success" hidden=move || done.get()>
                <p>
                    {move || {
                        if forgot { t_string!(i18n, forgot.intro).to_string() } else { t_string!(i18n, resend.intro).to_string() }
                    }}
                </p>
                {if forgot {
                    view! { <ActionForm action=forgot_action attr:class="form" attr:novalidate="true"><crate::ui::forms::PageField />{fields()}</ActionForm> }.into_any()
                } else {
                    view! { <ActionForm action=resend_action attr:class="form" attr:novalidate="true"><crate::ui::forms::PageField />{fields()}</ActionForm> }.into_any()
                }}
            </div>
            {if forgot {
                view! { <HelpLink slug="glemt-passord" text=Signal::derive(move || t_string!(i18n, help.forgot_help).to_string()) /> }
            } else {
                view! { <HelpLink slug="ikke-fatt-e-post" text=Signal::derive(move || t_string!(i18n, help.no_mail).to_string()) /> }
            }}
        </section>
    }
}
