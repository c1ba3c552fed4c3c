from django.urls import path

from tessera.comments.views import public

app_name = "comments"

urlpatterns = [
    path("comments/on/<int:contribution_id>/", public.create, name="create"),
    path("comments/<int:pk>/", public.show, name="show"),
    path("comments/<int:pk>/reply/", public.reply, name="reply"),
    path("comments/<int:pk>/edit/", public.edit, name="edit"),
    path("comments/<int:pk>/delete/", public.delete, name="delete"),
    path("comments/<int:pk>/report/", public.report, name="report"),
]
