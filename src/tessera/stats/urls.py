from django.urls import path

from tessera.stats import views

app_name = "stats"

# Mounted under /manage/stats/ (tessera/urls.py).
urlpatterns = [
    path("", views.overview, name="overview"),
]
