from django.urls import path

from tessera.contributions.views import bans, moderation

app_name = "contributions"

urlpatterns = [
    path("manage/moderation/", moderation.queue, name="moderation"),
    path("manage/moderation/settings/", moderation.moderation_settings, name="moderation_settings"),
    path("manage/moderation/bulk/", moderation.bulk_review, name="bulk"),
    path("manage/moderation/<int:pk>/", moderation.review, name="review"),
    path("manage/moderation/bans/", bans.bans, name="bans"),
    path("manage/moderation/bans/<int:pk>/lift/", bans.lift, name="lift"),
]
