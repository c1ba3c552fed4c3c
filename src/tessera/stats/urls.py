from django.urls import path

from tessera.stats import views

app_name = "stats"

# Mounted under /manage/stats/ (tessera/urls.py).
urlpatterns = [
    path("", views.overview, name="overview"),
    path("<slug:table>.csv", views.overview_csv, name="overview_csv"),
    path("processes/<slug:slug>/", views.process_stats, name="process"),
    path("processes/<slug:slug>/<slug:table>.csv", views.process_csv, name="process_csv"),
]
