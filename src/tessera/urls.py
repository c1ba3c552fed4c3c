from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from tessera.api import views as api_views
from tessera.organizations import views as organization_views
from tessera.processes import views as process_views

admin.site.site_header = _("Back office")
admin.site.site_title = _("Back office")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", process_views.home, name="home"),
    path("processes/", include("tessera.processes.urls")),
    path(
        "processes/<slug:slug>/steps/<int:step_id>/proposals/",
        include("tessera.proposals.urls"),
    ),
    path("processes/<slug:slug>/steps/<int:step_id>/vote/", include("tessera.voting.urls")),
    # Questionnaires: the resident's pages under the step, the builder under /manage/.
    path("", include("tessera.questionnaires.urls")),
    # Votations: the same shape (the vote, the receipt, the results; the paper count).
    path("", include("tessera.votations.urls")),
    # The back office (/manage/): the dashboard, processes and their timeline, people.
    path("manage/", include("tessera.manage.urls")),
    # The analysis back office of the city's services (our own, not the Django admin).
    path("manage/analysis/", include("tessera.analysis.urls")),
    # The vote's back-office pages (/manage/votes/<step>/…: the staff's residence check).
    path("manage/votes/", include("tessera.voting.manage_urls")),
    # The participation dashboard (/manage/stats/).
    path("manage/stats/", include("tessera.stats.urls")),
    # Realisations of the winners (/realisations/…, follow-up steps, /manage/realisations/…).
    path("", include("tessera.followup.urls")),
    # News (actualités): /news/…, and their back office /manage/news/….
    path("", include("tessera.news.urls")),
    # Follows, the notification centre, e-mail preferences and unsubscribe links.
    path("", include("tessera.notifications.urls")),
    # The moderation queue of every contribution kind and bans (/manage/moderation/…).
    path("", include("tessera.contributions.urls")),
    # Comments on proposals (/comments/…).
    path("", include("tessera.comments.urls")),
    # Staff log in like everyone (rate limits and two-factor authentication included).
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", admin.site.urls),
    path("accounts/", include("tessera.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The site's identity files and style sheets (/site/…), content pages (/pages/…).
    path("", include("tessera.branding.urls")),
    # The ALTCHA challenge endpoint (proof of work of the contact form), served by us.
    path("altcha/", include("altcha_django.urls")),
    # The public, read-only GraphQL API (docs/api.md).
    path("graphql", api_views.graphql, name="graphql"),
    # Uploaded files, each organisation's only on its own site (see organizations.views.media).
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", organization_views.media),
]
