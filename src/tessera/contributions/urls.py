from django.urls import path

from tessera.contributions import views

app_name = "contributions"

urlpatterns = [
    path("manage/moderation/bans/", views.bans, name="bans"),
    path("manage/moderation/bans/<int:pk>/lift/", views.lift, name="lift"),
]
