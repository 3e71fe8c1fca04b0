from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from pmo.api import pages as api_pages
from pmo.web.widgets import styled_login_form

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="projects:project_list"), name="home"),
    path("projecten/", include("portfolio.projects.urls")),
    path("", include("portfolio.status.urls")),
    path("", include("portfolio.governance.urls")),
    path("afwegingskader/", include("portfolio.assessment.urls")),
    path("afwegingskader/", include("portfolio.scenarios.urls")),
    path("capaciteit/", include("portfolio.capacity.urls")),
    path("importeren/", include("pmo.imports.urls")),
    path("baten/", include("benefits.urls")),
    path("risicos/", include("risks.urls")),
    path("dashboard/", include("reporting.urls")),
    path("", include("pmo.api.urls")),
    path("mijn/api-tokens/", api_pages.token_list, name="api_tokens"),
    path(
        "mijn/api-tokens/<int:pk>/intrekken/",
        api_pages.token_revoke_view,
        name="api_token_revoke",
    ),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=styled_login_form()
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    # Where the link the beheerder sends leads: the user sets their own password.
    path(
        "wachtwoord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord/ingesteld/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
