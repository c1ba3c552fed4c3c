from django.urls import path

from tessera.notifications.views import centre, manage, unsubscribe

app_name = "notifications"

urlpatterns = [
    path("notifications/", centre.centre, name="centre"),
    path("notifications/read/", centre.mark_read, name="read"),
    path("notifications/preferences/", centre.preferences, name="preferences"),
    path("notifications/follow/<str:target>/<int:pk>/", centre.follow, name="follow"),
    path("notifications/unsubscribe/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
    path("manage/notifications/failures/", manage.failures, name="failures"),
    path("manage/notifications/failures/<int:pk>/retry/", manage.retry, name="retry"),
]
