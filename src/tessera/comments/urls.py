from django.urls import path

from tessera.comments.views import moderation, public

app_name = "comments"

urlpatterns = [
    path("comments/proposals/<int:proposal_id>/", public.create, name="create"),
    path("comments/<int:pk>/reply/", public.reply, name="reply"),
    path("comments/<int:pk>/edit/", public.edit, name="edit"),
    path("comments/<int:pk>/delete/", public.delete, name="delete"),
    path("comments/<int:pk>/report/", public.report, name="report"),
    path("manage/moderation/", moderation.queue, name="moderation"),
    path("manage/moderation/settings/", moderation.moderation_settings, name="settings"),
    path("manage/moderation/bulk/", moderation.bulk_review, name="bulk"),
    path("manage/moderation/comments/<int:pk>/", moderation.review_comment, name="review_comment"),
    path(
        "manage/moderation/proposals/<int:pk>/",
        moderation.review_proposal,
        name="review_proposal",
    ),
]
